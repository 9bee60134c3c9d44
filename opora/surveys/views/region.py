"""The region's side: waves (create, change), survey forms (import, export), rates and results."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from opora.core.guards import holds, with_object
from opora.diagnostics.models import Purpose, Questionnaire
from opora.diagnostics.template_file import TemplateFileError
from opora.registry.models import Region

from .. import export, results
from ..forms import FormImportForm, WaveCreateForm, WaveForm
from ..models import Wave
from ..services import form_create, form_default, form_export, parse_form

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _regions(user) -> list[int]:
    return list(Region.objects.for_user(user, "survey.manage").values_list("pk", flat=True))


@holds("survey.manage")
@require_http_methods(["GET", "POST"])
def wave_create(request: HttpRequest) -> HttpResponse:
    regions = _regions(request.user)
    form = WaveCreateForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        wave = form.save(commit=False)
        wave.form = form.cleaned_data["form"] or form_default(wave.campaign)
        wave.created_by = request.user
        wave.save()
        form.save_m2m()
        messages.success(request, f"Волна «{wave.title}» создана.")
        return redirect(wave)
    forms_list = Questionnaire.every.filter(purpose=Purpose.SURVEY, campaign__region_id__in=regions).select_related(
        "campaign"
    )[:50]
    return render(request, "surveys/wave_form.html", {"form": form, "forms_list": forms_list})


@with_object(Wave, "wave.change", related=("campaign",))
@require_http_methods(["GET", "POST"])
def wave_change(request: HttpRequest, wave: Wave) -> HttpResponse:
    form = WaveForm(request.POST or None, instance=wave)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Волна сохранена.")
        return redirect(wave)
    return render(request, "surveys/wave_form.html", {"form": form, "wave": wave})


@with_object(Wave, "survey.results", related=("campaign", "form"))
@require_GET
def wave(request: HttpRequest, wave: Wave) -> HttpResponse:
    rates = results.rates(wave)
    total, questions = results.answers(wave)
    blocks = []

    def chart(key: str, labels: list, values: list, label: str, colour: str) -> None:
        blocks.append((f"{key}-labels", labels))
        blocks.append((f"{key}-data", [{"label": label, "data": values, "backgroundColor": colour}]))

    share = "Доля ответивших, %"
    chart("roles", [r.label for r in rates.by_role], [r.percent or 0 for r in rates.by_role], share, "#0d6efd")
    chart(
        "places",
        [r.label for r in rates.by_municipality],
        [r.percent or 0 for r in rates.by_municipality],
        share,
        "#0d6efd",
    )
    for n, r in enumerate(questions):
        r.chart = f"q{n}" if r.rows else ""
        if r.chart:
            chart(r.chart, [label for label, _ in r.rows], [c for _, c in r.rows], "Ответов", "#6f42c1")
    context = {
        "wave": wave,
        "rates": rates,
        "total": total,
        "questions": questions,
        "enough": total >= results.MIN_RESPONSES,
        "minimum": results.MIN_RESPONSES,
        "json_blocks": blocks,
    }
    return render(request, "surveys/wave.html", context)


@with_object(Wave, "survey.results", related=("campaign", "form"))
@require_GET
def wave_xlsx(request: HttpRequest, wave: Wave) -> HttpResponse:
    response = HttpResponse(export.wave_xlsx(wave), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="survey-{wave.pk}.xlsx"'
    return response


@holds("survey.manage")
@require_http_methods(["GET", "POST"])
def form_import(request: HttpRequest) -> HttpResponse:
    regions = _regions(request.user)
    form = FormImportForm(request.POST or None, request.FILES or None, regions=regions)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            parsed = parse_form(form.cleaned_data["file"].read())
        except TemplateFileError as error:
            problems = error.errors
        else:
            created = form_create(campaign=form.cleaned_data["campaign"], form=parsed)
            messages.success(request, f"Анкета «{created.title}» загружена: её можно выбрать для новой волны.")
            return redirect("surveys:wave_create")
    return render(
        request, "surveys/form_import.html", {"form": form, "problems": problems}, status=422 if problems else 200
    )


@holds("survey.manage")
@require_GET
def form_download(request: HttpRequest, pk: int) -> HttpResponse:
    found = Questionnaire.every.filter(pk=pk, purpose=Purpose.SURVEY, campaign__region_id__in=_regions(request.user))
    questionnaire = found.first()
    if questionnaire is None:
        raise Http404
    response = HttpResponse(form_export(questionnaire), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="survey-form-{questionnaire.pk}.json"'
    return response
