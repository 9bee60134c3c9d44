"""Roadmap pages: the list, import with preview, creation, the roadmap itself, passport, approval."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opora.core.access import can, can_anywhere, require
from opora.core.guards import holds, signed_in, with_object
from opora.core.http import paginate, stored_file_response
from opora.core.russian import counted
from opora.core.scoping import scope_of
from opora.registry.forms import ApprovalOrderForm, approvals_by, describe_approval
from opora.registry.models import Campaign

from .. import jobs, services
from ..forms import CreateForm, ImportForm, ItemForm, PassportForm, ReportForm
from ..models import MonitoringStage, Roadmap, RoadmapChange, RoadmapImport
from .common import ROADMAP_RELATED, current_campaign


@signed_in
@require_GET
def roadmap_list(request: HttpRequest) -> HttpResponse:
    campaign = current_campaign(request)
    if campaign is None:
        raise Http404("Нет кампании")
    roadmaps = (
        Roadmap.objects.for_user(request.user)
        .filter(campaign=campaign)
        .select_related("municipality", "school", "order", "campaign__region")
    )
    level = request.GET.get("level", "")
    if level in Roadmap.Level.values:
        roadmaps = roadmaps.filter(level=level)
    query = request.GET.copy()
    query.pop("page", None)
    page = paginate(request, roadmaps)
    stats = services.roadmap_stats([r.pk for r in page], services.today())
    for roadmap in page:
        roadmap.total, roadmap.done, roadmap.overdue = stats.get(roadmap.pk, (0, 0, 0))
        roadmap.share = round(roadmap.done * 100 / roadmap.total) if roadmap.total else 0
    scope = scope_of(request.user)
    return render(
        request,
        "roadmaps/list.html",
        {
            "campaign": campaign,
            "page": page,
            "level": level,
            "levels": Roadmap.Level.choices,
            "query": query,
            "campaigns": Campaign.objects.for_user(request.user).select_related("region").order_by("-year"),
            "can_create": can_anywhere(request.user, "roadmap.create"),
            # Only for those who see the whole region: every municipality's figures are theirs to see.
            "by_municipality": services.municipality_shares(campaign, services.today())
            if scope.everything or campaign.region_id in scope.region_ids
            else None,
        },
    )


COLUMN_TITLES = {
    "number": "№",
    "action": "Мероприятие",
    "deadline": "Сроки",
    "executors": "Ответственные",
    "result": "Планируемый результат",
    "indicator": "Показатель",
    "info": "Информационное сопровождение",
}


# Items per page of the preview, and warnings listed above it (the rest are counted, and each
# item's own warnings stay under its deadline).
PREVIEW_PAGE = 100
PREVIEW_WARNINGS = 100


def _may_own(request, form) -> bool:
    """May the user own a roadmap of the chosen level and place? If not, the form says so."""
    data = form.cleaned_data
    owner = Roadmap(
        campaign=form.campaign, level=data["level"], municipality=data.get("municipality"), school=data.get("school")
    )
    if can(request.user, "roadmap.create", owner):
        return True
    form.add_error("level", "Создавать дорожную карту этого уровня вы не можете.")
    return False


# Import and creation pages are for those who may own some roadmap; experts and observers only read.
@holds("roadmap.create")
@require_http_methods(["GET", "POST"])
def roadmap_import(request: HttpRequest) -> HttpResponse:
    campaign = current_campaign(request)
    if campaign is None:
        raise Http404("Нет кампании")
    form = ImportForm(request.POST or None, request.FILES or None, campaign=campaign, user=request.user)
    if request.method == "POST" and form.is_valid() and _may_own(request, form):
        try:
            data = form.cleaned_data
            # The file is checked here; the task worker reads it while the next page shows the progress.
            record = jobs.roadmap_import_accept(
                campaign=campaign,
                level=data["level"],
                municipality=data["municipality"],
                school=data["school"],
                upload=data["file"],
                year=data["year"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            return redirect("roadmaps:preview", record.pk)
    return render(request, "roadmaps/import.html", {"form": form, "campaign": campaign})


@with_object(RoadmapImport, related=("campaign__region", "municipality", "school"), owner="uploaded_by")
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, record: RoadmapImport) -> HttpResponse:
    """What was read, with every warning; the user corrects numbers, actions and deadlines, checks
    again, and saves when it is right. While the worker reads the document: its progress; when it
    could not be read (or the reading was cut off): why, with the way back to the import form."""
    if record.is_active or record.failure:
        return render(request, "roadmaps/import_progress.html", {"record": record})
    if record.roadmap_id:
        return redirect(record.roadmap)
    if request.method == "POST":
        edits = {}
        for key, value in request.POST.items():
            field, _, index = key.partition("-")
            if field in ("number", "action", "deadline") and index.isdigit():
                edits.setdefault(int(index), {})[field] = value
        year = request.POST.get("year", "")
        services.preview_apply_edits(
            record, edits, int(year) if year.isdigit() else None, title=request.POST.get("title", "")
        )
        if request.POST.get("shift_year"):
            services.preview_shift_year(record, record.campaign.year)
            messages.info(request, f"Сроки перенесены на {record.campaign.year} год и перечитаны. Проверьте их.")
        elif request.POST.get("keep_year"):
            services.preview_keep_year(record)
            messages.info(request, f"Сроки остаются в {record.parsed['year']} году.")
        elif request.POST.get("save"):
            if services.preview_year_mismatch(record, services.today()):
                # An old order saved into this year's campaign would add its items as overdue at once.
                messages.error(request, "Год документа не совпадает с годом кампании: выберите, что делать со сроками.")
            else:
                roadmap = services.roadmap_import_save(
                    record=record, title=request.POST.get("title", "").strip(), user=request.user
                )
                n = roadmap.items.count()
                messages.success(
                    request, f"Дорожная карта сохранена: {counted(n, 'мероприятие', 'мероприятия', 'мероприятий')}."
                )
                return redirect(roadmap)
        else:
            messages.info(request, "Сроки перечитаны с учётом исправлений.")
    parsed = record.parsed
    warned = sum(1 for item in parsed["items"] if item["deadline"].get("warnings"))
    columns = [COLUMN_TITLES.get(c, c) for c in parsed["columns"]]
    # A long roadmap is checked page by page; the inputs carry the item's index in the whole
    # document, so corrections on any page apply to their items and saving saves them all.
    page = paginate(request, [{"index": n, **item} for n, item in enumerate(parsed["items"])], PREVIEW_PAGE)
    return render(
        request,
        "roadmaps/preview.html",
        {
            "record": record,
            "parsed": parsed,
            "page": page,
            "warnings_shown": parsed["warnings"][:PREVIEW_WARNINGS],
            "warnings_more": max(len(parsed["warnings"]) - PREVIEW_WARNINGS, 0),
            "warned": warned,
            "columns": columns,
            "year_mismatch": services.preview_year_mismatch(record, services.today()),
        },
    )


@with_object(RoadmapImport, related=("campaign",), owner="uploaded_by")
@require_GET
def import_status(request: HttpRequest, record: RoadmapImport) -> HttpResponse:
    """The reading's progress, polled every second by the page; once done, the page goes to the
    preview (or to why the document was not read)."""
    response = render(request, "roadmaps/_import_status.html", {"record": record})
    if not record.is_active:
        response["HX-Redirect"] = reverse("roadmaps:preview", args=[record.pk])
    return response


@holds("roadmap.create")
@require_http_methods(["GET", "POST"])
def roadmap_create(request: HttpRequest) -> HttpResponse:
    campaign = current_campaign(request)
    if campaign is None:
        raise Http404("Нет кампании")
    form = CreateForm(request.POST or None, campaign=campaign, user=request.user)
    if request.method == "POST" and form.is_valid() and _may_own(request, form):
        data = form.cleaned_data
        roadmap = Roadmap.objects.create(
            campaign=campaign,
            level=data["level"],
            municipality=data["municipality"],
            school=data["school"],
            title=data["title"],
            year=data["year"] or campaign.year,
            created_by=request.user,
        )
        return redirect(roadmap)
    return render(request, "roadmaps/create.html", {"form": form, "campaign": campaign})


@with_object(Roadmap, related=ROADMAP_RELATED)
@require_GET
def roadmap_detail(request: HttpRequest, roadmap: Roadmap) -> HttpResponse:
    today = services.today()
    stages = MonitoringStage.for_campaign(roadmap.campaign)
    items = list(
        roadmap.items.select_related("section")
        .with_done()
        .prefetch_related("reports__stage", "reports__by")
        .order_by("position")
    )
    for item in items:
        item.current_reports = [r for r in item.reports.all() if r.is_current]
        item.is_overdue = bool(item.end and item.end < today and not item.is_done)
    editable = can(request.user, "roadmap.change", roadmap)
    done = sum(1 for i in items if i.is_done)
    approve_form = (
        ApprovalOrderForm(user=request.user, region=roadmap.campaign.region, approving=roadmap)
        if can(request.user, "roadmap.approve", roadmap)
        else None
    )
    return render(
        request,
        "roadmaps/detail.html",
        {
            "roadmap": roadmap,
            "items": items,
            "stages": stages,
            "editable": editable,
            "may_report": can(request.user, "item.report", roadmap),
            "done": done,
            "done_late": sum(1 for i in items if i.done_late),
            "overdue": sum(1 for i in items if i.is_overdue),
            "share": round(done * 100 / len(items)) if items else 0,
            "indicators": roadmap.target_indicators.all(),
            "changes": RoadmapChange.objects.filter(roadmap=roadmap).select_related("by__person")[:30],
            "approve_form": approve_form,
            "confirm_order": _order_to_confirm(request, roadmap, approve_form),
            "item_form": ItemForm(prefix="new") if editable else None,
            "report_form": ReportForm(stages=MonitoringStage.objects.filter(campaign=roadmap.campaign)),
            "copy_targets": Campaign.objects.filter(region=roadmap.campaign.region, year__gt=roadmap.campaign.year)
            if editable
            else [],
        },
    )


def _order_to_confirm(request, roadmap: Roadmap, approve_form) -> dict | None:
    """?confirm_order=: the order the user chose that approves other documents too — what it
    approves, for the question «does it approve this roadmap as well?»."""
    pk = request.GET.get("confirm_order", "")
    if approve_form is None or not pk.isdigit():
        return None
    order = approve_form.fields["order"].queryset.filter(pk=pk).first()
    others = approvals_by(order, excluding=roadmap) if order else []
    return {"order": order, "others": [describe_approval(obj) for obj in others]} if others else None


@with_object(Roadmap, "roadmap.change", related=ROADMAP_RELATED)
@require_http_methods(["GET", "POST"])
def passport_edit(request: HttpRequest, roadmap: Roadmap) -> HttpResponse:
    initial = {"indicators": services.indicators_text(roadmap.target_indicators.all())}
    form = PassportForm(request.POST or None, instance=roadmap, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.roadmap_passport_update(roadmap=roadmap, data=form.cleaned_data, user=request.user)
        recorded = " Изменения записаны в историю утверждённой карты." if roadmap.status == "approved" else ""
        messages.success(request, f"Паспорт сохранён.{recorded}")
        return redirect(roadmap)
    return render(request, "roadmaps/passport.html", {"roadmap": roadmap, "form": form})


@with_object(Roadmap, "roadmap.approve", related=ROADMAP_RELATED)
@require_POST
def roadmap_approve(request: HttpRequest, roadmap: Roadmap) -> HttpResponse:
    again = roadmap.status == Roadmap.Status.APPROVED
    form = ApprovalOrderForm(request.POST, user=request.user, region=roadmap.campaign.region, approving=roadmap)
    if not form.is_valid():
        if form.other_approvals and "reuse_order" in form.errors:
            # The order approves something else already: the roadmap page asks to confirm.
            return redirect(f"{roadmap.get_absolute_url()}?confirm_order={form.cleaned_data['order'].pk}#approve")
        messages.error(request, "Выберите приказ об утверждении (сначала внесите его в разделе «Приказы»).")
        return redirect(roadmap)
    try:
        services.roadmap_approve(roadmap=roadmap, order=form.cleaned_data["order"], user=request.user, again=again)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if again:
            messages.success(
                request, f"Изменённая карта утверждена: {roadmap.order}. Прежний приказ записан в историю."
            )
        else:
            messages.success(
                request, f"Дорожная карта утверждена: {roadmap.order}. Дальнейшие изменения сохраняются в истории."
            )
    return redirect(roadmap)


@with_object(Roadmap, "roadmap.change", related=ROADMAP_RELATED)
@require_POST
def roadmap_copy(request: HttpRequest, roadmap: Roadmap) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.for_user(request.user), pk=request.POST.get("campaign") or 0)
    target = Roadmap(campaign=campaign, level=roadmap.level, municipality=roadmap.municipality, school=roadmap.school)
    require(request.user, "roadmap.create", target)
    copy = services.roadmap_copy(roadmap=roadmap, campaign=campaign, user=request.user)
    messages.success(request, f"Создан проект на {campaign.year} год по карте {roadmap.campaign.year} года.")
    return redirect(copy)


@with_object(Roadmap)
@require_GET
def source_file(request: HttpRequest, roadmap: Roadmap) -> HttpResponse:
    # The name the user uploaded, not the stored «b395f125891c-karta.docx».
    original = roadmap.imports.exclude(original_name="").values_list("original_name", flat=True).first()
    return stored_file_response(roadmap.source_file, original)


@with_object(Roadmap, related=ROADMAP_RELATED)
@require_GET
def roadmap_export(request: HttpRequest, roadmap: Roadmap, fmt: str) -> HttpResponse:
    from ..exports import build_docx, build_xlsx

    builders = {
        "docx": (build_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "xlsx": (build_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    }
    if fmt not in builders:
        raise Http404("Неизвестный формат")
    build, content_type = builders[fmt]
    response = HttpResponse(build(roadmap), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="dorozhnaya-karta-{roadmap.pk}.{fmt}"'
    return response
