"""Pages of ФИС ОКО protocols: upload into a campaign, preview per file, confirm; scales and task
descriptions; the deficits workbook of a municipality. Uploading is the action `results.upload`."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from opora.core.access import require
from opora.core.guards import with_object
from opora.core.russian import counted
from opora.core.tabular import TableFileError
from opora.registry.models import Campaign, Municipality

from . import protocol_jobs
from .models import ProtocolBatch, ScoreScale, TaskDescription
from .procedures import procedure_label
from .protocol_forms import DescriptionUploadForm, ProtocolUploadForm, ScalesUploadForm, clean_work
from .protocols import ScaleError, read_scales
from .protocols.deficits import DEFAULT_GAP
from .protocols.descriptions import read_task_descriptions

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@with_object(Campaign, "results.upload", kwarg="campaign_pk", related=("region",))
@require_http_methods(["GET", "POST"])
def protocols(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    upload_form = ProtocolUploadForm()
    scales_form = ScalesUploadForm()
    description_form = DescriptionUploadForm()
    if request.method == "POST":
        if "files" in request.FILES:
            upload_form = ProtocolUploadForm(request.POST, request.FILES)
            if upload_form.is_valid():
                data = upload_form.cleaned_data
                batch = protocol_jobs.protocols_accept(
                    campaign=campaign, uploads=data["files"], user=request.user, work=data["work"], year=data["year"]
                )
                return redirect("assessment:protocol_batch", batch.pk)
        elif "scales" in request.FILES:
            scales_form = ScalesUploadForm(request.POST, request.FILES)
            if scales_form.is_valid() and _store_scales(request, campaign, scales_form):
                return redirect("assessment:protocols", campaign.pk)
        elif "description" in request.FILES:
            description_form = DescriptionUploadForm(request.POST, request.FILES)
            if description_form.is_valid() and _store_description(request, campaign, description_form):
                return redirect("assessment:protocols", campaign.pk)
        else:
            messages.error(request, "Выберите файл.")
    context = {
        "campaign": campaign,
        "upload_form": upload_form,
        "scales_form": scales_form,
        "description_form": description_form,
        "batches": campaign.protocol_batches.select_related("uploaded_by")[:20],
        "scales": ScoreScale.objects.filter(campaign=campaign).order_by("-year", "procedure"),
        "descriptions": TaskDescription.objects.filter(campaign=campaign).order_by("procedure"),
        "municipalities": Municipality.objects.for_user(request.user).filter(region=campaign.region_id),
        "gap": DEFAULT_GAP,
    }
    return render(request, "assessment/protocols_page.html", context)


def _store_scales(request: HttpRequest, campaign: Campaign, form: ScalesUploadForm) -> bool:
    upload = form.cleaned_data["scales"]
    try:
        scales = read_scales(upload.read(), upload.name)
    except ScaleError as error:
        form.add_error("scales", str(error))
        return False
    for scale in scales:
        ScoreScale.objects.update_or_create(
            campaign=campaign,
            year=scale.year,
            procedure=scale.work,
            defaults={"bounds": list(scale.bounds), "maximum": scale.maximum},
        )
    messages.success(request, f"Шкалы загружены: {counted(len(scales), 'шкала', 'шкалы', 'шкал')}.")
    return True


def _store_description(request: HttpRequest, campaign: Campaign, form: DescriptionUploadForm) -> bool:
    upload = form.cleaned_data["description"]
    work = form.cleaned_data["description_work"]
    try:
        tasks = read_task_descriptions(upload.read(), upload.name)
    except TableFileError as error:
        form.add_error("description", str(error))
        return False
    upload.seek(0)
    TaskDescription.objects.filter(campaign=campaign, procedure=work).delete()
    TaskDescription.objects.create(
        campaign=campaign, procedure=work, file=upload, original_name=upload.name[:255], tasks=tasks
    )
    messages.success(
        request,
        f"Описание заданий {procedure_label(work)} загружено: {counted(len(tasks), 'задание', 'задания', 'заданий')}.",
    )
    return True


@with_object(ProtocolBatch, related=("campaign__region",))
@require_http_methods(["GET", "POST"])
def protocol_batch(request: HttpRequest, batch: ProtocolBatch) -> HttpResponse:
    """The preview of a batch: per file its schools, participants, warnings; work and year may be
    changed (the file read again); confirmation stores the results. Polled while in the worker."""
    require(request.user, "results.upload", batch.campaign)
    files = list(batch.files.all())
    if request.method == "POST" and batch.state == ProtocolBatch.State.PREVIEW:
        if request.POST.get("action") == "reread":
            choices, bad = _choices(request, files)
            if bad:
                for message in bad:
                    messages.error(request, message)
            else:
                protocol_jobs.protocols_reread(batch=batch, choices=choices)
            return redirect("assessment:protocol_batch", batch.pk)
        readable = [f for f in files if f.is_readable]
        if not readable:
            messages.error(request, "Нечего сохранять: ни один файл не прочитан без ошибок.")
        elif any(f.summary.get("replaces") for f in readable) and not request.POST.get("replace"):
            messages.error(request, "Результаты тех же работ и лет уже загружены: отметьте «Заменить» и подтвердите.")
        else:
            protocol_jobs.protocols_confirm(batch=batch)
        return redirect("assessment:protocol_batch", batch.pk)
    for item in files:
        item.shown_warnings = item.summary.get("warnings", [])[:30]
    context = {
        "batch": batch,
        "files": files,
        "campaign": batch.campaign,
        "replacing": any(f.is_readable and f.summary.get("replaces") for f in files),
        "storable": sum(1 for f in files if f.is_readable),
    }
    if request.headers.get("HX-Request"):
        response = render(request, "assessment/_protocols_status.html", context)
        if not batch.is_active:
            response["HX-Refresh"] = "true"  # done: the whole preview (or the outcome) replaces the progress
        return response
    return render(request, "assessment/protocols_batch.html", context)


def _choices(request: HttpRequest, files) -> tuple[dict, list[str]]:
    from django import forms

    choices, bad = {}, []
    for item in files:
        text = request.POST.get(f"work_{item.pk}", "")
        year_text = request.POST.get(f"year_{item.pk}", "").strip()
        try:
            work = clean_work(text)
        except forms.ValidationError as error:
            bad.append(f"«{item.original_name}»: {' '.join(error.messages)}")
            continue
        if year_text and not (year_text.isdigit() and 2015 <= int(year_text) <= 2100):
            bad.append(f"«{item.original_name}»: год «{year_text}» — ожидается год, например 2021.")
            continue
        choices[item.pk] = (work, int(year_text) if year_text else None)
    return choices, bad


@with_object(Municipality, kwarg="municipality_pk", related=("region",))
@require_GET
def deficits_export(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Deficits of every school of the municipality the user sees, by work and year."""
    from .deficit_reports import deficits_workbook

    try:
        gap = float(request.GET.get("gap", DEFAULT_GAP))
    except ValueError:
        gap = DEFAULT_GAP
    data = deficits_workbook(request.user, municipality, gap=max(0.0, min(gap, 100.0)))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="deficity-{municipality.pk}.xlsx"'
    return response
