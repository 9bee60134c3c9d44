"""The region's side: the heat map of listed schools × factors, and the campaign's diagnostics settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opora.core.guards import signed_in, with_object
from opora.core.http import paginate
from opora.core.prepared import request_file
from opora.registry.models import Campaign, Municipality

from .. import heatmap as hm
from .. import heatmap_export as export
from ..catalogue import catalogue_change
from ..forms import SettingsForm, TemplateImportForm
from ..models import DiagnosticsSettings, Level, RiskFactor, RiskProfile
from ..services import diagnostics_prepare
from ..template_file import TemplateFileError
from ..templates_service import template_export, template_import
from .profiles import current_campaign

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _heatmap_data(request: HttpRequest, campaign: Campaign):
    chosen = {k: request.GET.get(k, "") for k in export.FILTERS}
    factors, profiles = export.heatmap_data(request.user, campaign, chosen)
    return factors, profiles, chosen


@signed_in
@require_GET
def heatmap(request: HttpRequest) -> HttpResponse:
    campaign = current_campaign(request)
    context = {"campaign": campaign}
    if campaign is not None:
        factors, profiles, chosen = _heatmap_data(request, campaign)
        page = paginate(request, profiles, per_page=100)
        counts = hm.level_counts(profiles)
        labels = dict(Level.choices)
        totals = [
            (level, labels[level], [counts.get(f.pk, {}).get(level, 0) for f in factors]) for level in hm.LEVEL_ORDER
        ]
        context.update(
            factors=factors,
            page=page,
            rows=hm.rows_of(page.object_list, factors),
            chosen=chosen,
            levels=Level.choices,
            totals=totals,
            municipalities=Municipality.objects.for_user(request.user).filter(region_id=campaign.region_id),
            query=request.GET.urlencode(),
        )
    return render(request, "diagnostics/heatmap.html", context)


@signed_in
@require_http_methods(["GET", "POST"])
def heatmap_export(request: HttpRequest) -> HttpResponse:
    """A region's heat map is sent at once; a larger one is prepared in the worker (asked by the
    page's button, a POST), and the page of the prepared file sends it when built."""
    campaign = current_campaign(request)
    if campaign is None:
        return redirect("diagnostics:heatmap")
    _, profiles, chosen = _heatmap_data(request, campaign)
    if profiles.count() <= export.INLINE_ROWS:
        data, name = export.heatmap_file(request.user, campaign, chosen)
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    back = f"{reverse('diagnostics:heatmap')}?{request.GET.urlencode()}"
    if request.method == "GET":
        messages.info(request, "Карта большая: файл готовится в фоне — нажмите «Скачать XLSX» на этой странице.")
        return redirect(back)
    prepared = request_file(
        user=request.user,
        kind="diagnostics.heatmap",
        title=export.export_title(campaign),
        params={"campaign": campaign.pk, **chosen},
        back_url=back,
    )
    return redirect("home:prepared_file", prepared.pk)


@with_object(Campaign, "diagnostics.configure", related=("region",))
@require_http_methods(["GET", "POST"])
def configure(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    settings_, _ = DiagnosticsSettings.objects.get_or_create(campaign=campaign)
    form = SettingsForm(request.POST or None, instance=settings_)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Параметры диагностики сохранены. Новые пороги действуют при следующем расчёте.")
        return redirect("diagnostics:configure", campaign.pk)
    return render(
        request,
        "diagnostics/configure.html",
        {
            "campaign": campaign,
            "form": form,
            "import_form": TemplateImportForm(),
            "factors": RiskFactor.objects.filter(campaign=campaign),
            "profiles": RiskProfile.objects.filter(campaign=campaign).count(),
            "questionnaires": campaign.questionnaires.all(),
        },
    )


@with_object(Campaign, "diagnostics.configure")
@require_POST
def prepare(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    created = diagnostics_prepare(campaign=campaign)
    messages.success(request, f"Диагностика подготовлена. Новых профилей школ перечня: {created}.")
    return redirect("diagnostics:configure", campaign.pk)


@with_object(Campaign, "diagnostics.configure")
@require_POST
def catalogue(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    """Renaming, retiring and adding factors of this campaign's catalogue."""
    names = {int(k[5:]): v for k, v in request.POST.items() if k.startswith("name-") and k[5:].isdigit()}
    retired = {int(v) for v in request.POST.getlist("retired") if v.isdigit()}
    try:
        catalogue_change(
            campaign=campaign,
            names=names,
            retired=retired,
            new_code=request.POST.get("new_code", ""),
            new_name=request.POST.get("new_name", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Каталог факторов кампании сохранён. Профили пересчитываются с новыми ответами.")
    return redirect("diagnostics:configure", campaign.pk)


@with_object(Campaign, "diagnostics.configure")
@require_GET
def template_download(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    response = HttpResponse(template_export(campaign), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ankety-{campaign.year}.json"'
    return response


@with_object(Campaign, "diagnostics.configure")
@require_POST
def template_upload(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    form = TemplateImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Выберите файл шаблона.")
        return redirect("diagnostics:configure", campaign.pk)
    try:
        loaded = template_import(campaign=campaign, data=form.cleaned_data["file"].read())
    except TemplateFileError as error:
        for line in error.errors[:50]:
            messages.error(request, line)
    else:
        messages.success(request, f"Шаблон загружен: анкет — {len(loaded)}.")
    return redirect("diagnostics:configure", campaign.pk)
