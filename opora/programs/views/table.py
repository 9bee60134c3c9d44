"""The region's and a municipality's table: listed schools × required kinds, statuses and days waiting."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Font

from opora.core.guards import signed_in
from opora.core.http import paginate
from opora.core.spreadsheets import workbook_bytes
from opora.registry.models import Municipality, School
from opora.roadmaps.views.common import current_campaign

from ..models import DocumentKind
from ..selectors import listed_school_ids, table_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 500


def _table(request):
    campaign = current_campaign(request)
    if campaign is None:
        return None, [], School.objects.none(), {}
    kinds = [k for k in DocumentKind.for_campaign(campaign) if k.required]
    schools = (
        School.objects.for_user(request.user)
        .filter(pk__in=listed_school_ids(campaign))
        .select_related("municipality")
        .order_by("municipality__name", "short_name", "pk")
    )
    chosen = {"municipality": request.GET.get("municipality", ""), "q": request.GET.get("q", "")}
    if chosen["municipality"].isdigit():
        schools = schools.filter(municipality_id=chosen["municipality"])
    if chosen["q"]:
        schools = schools.search(chosen["q"])
    return campaign, kinds, schools, chosen


def _without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query


@signed_in
@require_GET
def table(request: HttpRequest) -> HttpResponse:
    campaign, kinds, schools, chosen = _table(request)
    page = paginate(request, schools)
    rows = table_rows(list(page), campaign, kinds) if campaign else []
    municipalities = (
        Municipality.objects.for_user(request.user).filter(region=campaign.region)
        if campaign
        else Municipality.objects.none()
    )
    return render(
        request,
        "programs/table.html",
        {
            "campaign": campaign,
            "kinds": kinds,
            "page": page,
            "rows": rows,
            "chosen": chosen,
            "municipalities": municipalities,
            "query": _without_page(request),
        },
    )


def cell_text(cell) -> str:
    if not cell.slots:
        return "направления не подтверждены" if cell.kind.per == DocumentKind.Per.FACTOR else "—"
    if len(cell.slots) > 1:
        parts = [
            f"{s.factor.name if s.factor else s.name}: {s.document.get_status_display() if s.document else 'нет'}"
            for s in cell.slots
        ]
        return "; ".join(parts)
    slot = cell.slots[0]
    return slot.document.get_status_display() if slot.document else "нет"


@signed_in
@require_GET
def table_export(request: HttpRequest) -> HttpResponse:
    campaign, kinds, schools, _ = _table(request)
    book = Workbook()
    sheet = book.active
    sheet.title = "Документы школ"
    header = ["Муниципалитет", "Школа", "Логин ФИС ОКО"]
    for kind in kinds:
        header += [kind.title, f"{kind.title}: дней на проверке"]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    if campaign is not None:
        schools = list(schools)
        for start in range(0, len(schools), CHUNK):
            for school, cells in table_rows(schools[start : start + CHUNK], campaign, kinds):
                row = [school.municipality.name, school.short_name, school.fis_oko_login]
                for cell in cells:
                    row += [cell_text(cell), cell.days_waiting]
                sheet.append(row)
    response = HttpResponse(workbook_bytes(book), content_type=XLSX)
    year = campaign.year if campaign else ""
    response["Content-Disposition"] = f'attachment; filename="dokumenty-shkol-{year}.xlsx"'
    return response
