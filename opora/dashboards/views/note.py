"""The page that orders the analytic note (DOCX, PDF) and the consolidated XLSX: the level (the
region or a municipality the user may order for), the monitoring stage and, if wished, other dates.
The file is built in the task worker; the page of the prepared file shows its progress."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from opora.core.access import can
from opora.core.guards import holds
from opora.core.prepared import request_file
from opora.registry.models import Campaign, Municipality
from opora.roadmaps.models import MonitoringStage

from ..note_files import FORMATS, resolve, title_of

REGION = "region"


class NoteForm(forms.Form):
    stage = forms.TypedChoiceField(label="Этап мониторинга", coerce=int)
    place = forms.ChoiceField(label="Уровень")
    start = forms.DateField(
        label="Период с", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Пусто — с начала этапа.",
    )  # fmt: skip
    end = forms.DateField(
        label="по", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="Пусто — срок этапа."
    )
    fmt = forms.ChoiceField(choices=list(FORMATS.items()), widget=forms.HiddenInput, required=False)

    def __init__(self, *args, stages, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = stages
        self.fields["place"].choices = places
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select" if name in ("stage", "place") else "form-control"

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError("Начало периода позже его окончания.")
        return data


def _choices(user):
    """Stages of the campaigns the user sees (latest first) and the levels they may order."""
    campaigns = list(Campaign.objects.for_user(user).select_related("region").order_by("-year", "region__name"))
    stages = [
        (stage.pk, f"{campaign.region.name}, {campaign.year}: {stage}")
        for campaign in campaigns
        for stage in MonitoringStage.for_campaign(campaign)
    ]
    places = []
    regions = {c.region_id: c.region for c in campaigns}
    for region in regions.values():
        if can(user, "note.region", region):
            places.append((REGION, f"{region.name} (весь регион)"))
    for municipality in Municipality.objects.for_user(user, "note.municipality").filter(region_id__in=regions):
        places.append((str(municipality.pk), municipality.name))
    return stages, places


@holds("note.municipality")
@require_http_methods(["GET", "POST"])
def note(request: HttpRequest) -> HttpResponse:
    stages, places = _choices(request.user)
    form = NoteForm(request.POST or None, stages=stages, places=places)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fmt = data["fmt"] or "docx"
        params = {
            "stage": data["stage"],
            "municipality": "" if data["place"] == REGION else int(data["place"]),
            "start": data["start"].isoformat() if data["start"] else "",
            "end": data["end"].isoformat() if data["end"] else "",
            "fmt": fmt,
        }
        stage, municipality, _, _ = resolve(request.user, params)  # 404 / 403 with the reason
        prepared = request_file(
            user=request.user,
            kind="dashboards.note",
            title=title_of(stage, municipality, fmt),
            params=params,
            back_url=request.path,
        )
        return redirect("home:prepared_file", prepared.pk)
    return render(request, "dashboards/note.html", {"form": form, "formats": FORMATS})
