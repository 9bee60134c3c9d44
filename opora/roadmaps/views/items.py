"""One item: shown, edited in place (htmx), added, reported on."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opora.core.access import can
from opora.core.guards import with_object
from opora.core.http import is_htmx, stored_file_response

from .. import services
from ..forms import ItemForm, ReportForm
from ..models import Item, ItemReport, MonitoringStage, Roadmap
from .common import ITEM_RELATED, ROADMAP_RELATED


def _row(request, item: Item, notice: str = "") -> HttpResponse:
    item = (
        Item.objects.with_done()
        .select_related("section", "roadmap__campaign")
        .prefetch_related("reports__stage", "reports__by")
        .get(pk=item.pk)
    )
    item.current_reports = [r for r in item.reports.all() if r.is_current]
    today = services.today()
    item.is_overdue = bool(item.end and item.end < today and not item.is_done)
    return render(
        request,
        "roadmaps/_item_row.html",
        {
            "item": item,
            "editable": can(request.user, "roadmap.change", item.roadmap),
            "may_report": can(request.user, "item.report", item),
            "roadmap": item.roadmap,
            "notice": notice,
        },
    )


@with_object(Item, "roadmap.change", related=ITEM_RELATED)
@require_GET
def item_row(request: HttpRequest, item: Item) -> HttpResponse:
    return _row(request, item)


@with_object(Item, "roadmap.change", related=ITEM_RELATED)
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, item: Item) -> HttpResponse:
    # Ids unique per item: several rows may be open for editing on one page.
    initial = services.item_values(item) | {"version": item.version}
    form = ItemForm(request.POST or None, initial=initial, auto_id=f"item{item.pk}_%s")
    if request.method == "POST" and form.is_valid():
        had_dates = item.end is not None
        try:
            services.item_update(item=item, data=form.cleaned_data, user=request.user)
        except services.ItemConflict as conflict:
            # The user's values stay in the form, now carrying the current version: saving again
            # is a deliberate choice to write them over the other person's.
            data = request.POST.copy()
            data["version"] = conflict.version
            form = ItemForm(data, initial=initial, auto_id=f"item{item.pk}_%s")
            form.is_valid()
            form.add_error(None, conflict.messages)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            notice = services.undated_notice(item, had_dates)
            if is_htmx(request):
                return _row(request, item, notice)
            if notice:
                messages.warning(request, notice)
            return redirect(item.roadmap)
    template = "roadmaps/_item_edit.html" if is_htmx(request) else "roadmaps/item_edit.html"
    return render(request, template, {"item": item, "form": form})


@with_object(Roadmap, "roadmap.change", related=ROADMAP_RELATED)
@require_POST
def item_add(request: HttpRequest, roadmap: Roadmap) -> HttpResponse:
    form = ItemForm(request.POST, prefix="new")
    if form.is_valid():
        item = services.item_create(roadmap=roadmap, data=form.cleaned_data, user=request.user)
        messages.success(request, f"Мероприятие {item.number} добавлено.")
    else:
        messages.error(request, "Опишите мероприятие.")
    return redirect(roadmap)


@with_object(Item, "item.report", related=ITEM_RELATED)
@require_http_methods(["GET", "POST"])
def item_report(request: HttpRequest, item: Item) -> HttpResponse:
    stages = MonitoringStage.for_campaign(item.roadmap.campaign)
    today = services.today()
    # The stage being reported now: the first whose deadline has not passed, else the last.
    current = next((s for s in stages if s.due >= today), stages[-1])
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        initial={"stage": current},
        stages=MonitoringStage.objects.filter(campaign=item.roadmap.campaign),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_create(
                item=item,
                stage=data["stage"],
                status=data["status"],
                comment=data["comment"],
                evidence=data["evidence"],
                link=data["link"],
                user=request.user,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, f"Отчёт по мероприятию {item.number} сохранён.")
            return redirect(f"{item.roadmap.get_absolute_url()}#item-{item.pk}")
    history = item.reports.select_related("stage", "by")
    return render(request, "roadmaps/report.html", {"item": item, "form": form, "history": history})


@with_object(ItemReport)
@require_GET
def report_evidence(request: HttpRequest, report: ItemReport) -> HttpResponse:
    # The name the user attached, not the stored «b395f125891c-photo.jpg».
    return stored_file_response(report.evidence, report.evidence_name or None)
