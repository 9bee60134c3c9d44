"""The region's documents table as XLSX: a region's few hundred schools go out at once; a larger
file (thousands of listed schools, ~6 s of building) is prepared in the task worker
(`core.prepared`), with its requester's own scope and the filters of the page they saw."""

from __future__ import annotations

from django.http import Http404
from openpyxl import Workbook
from openpyxl.styles import Font

from opora.core.prepared import builder
from opora.core.spreadsheets import workbook_bytes
from opora.registry.models import Campaign, School

from .models import DocumentKind
from .selectors import listed_school_ids, table_rows

# Tables with more schools than this are prepared in the background.
INLINE_ROWS = 300
CHUNK = 500
FILTERS = ("municipality", "q")


def table_kinds(campaign: Campaign) -> list[DocumentKind]:
    """The columns: the campaign's required kinds in force."""
    return [k for k in DocumentKind.for_campaign(campaign) if k.required and not k.retired]


def table_schools(user, campaign: Campaign, chosen: dict[str, str]):
    """The listed schools the user sees, narrowed by the page's filters."""
    schools = (
        School.objects.for_user(user)
        .filter(pk__in=listed_school_ids(campaign))
        .select_related("municipality")
        .order_by("municipality__name", "short_name", "pk")
    )
    if chosen.get("municipality", "").isdigit():
        schools = schools.filter(municipality_id=chosen["municipality"])
    if chosen.get("q"):
        schools = schools.search(chosen["q"])
    return schools


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


def table_file(user, campaign: Campaign | None, chosen: dict[str, str], step=lambda percent, words: None):
    book = Workbook()
    sheet = book.active
    sheet.title = "Документы школ"
    kinds = table_kinds(campaign) if campaign else []
    header = ["Муниципалитет", "Школа", "Логин ФИС ОКО"]
    for kind in kinds:
        header += [kind.title, f"{kind.title}: дней на проверке"]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    if campaign is not None:
        schools = list(table_schools(user, campaign, chosen))
        for start in range(0, len(schools), CHUNK):
            step(10 + 80 * start // max(len(schools), 1), f"Школы {start + 1}–{min(start + CHUNK, len(schools))}")
            for school, cells in table_rows(schools[start : start + CHUNK], campaign, kinds):
                row = [school.municipality.name, school.short_name, school.fis_oko_login]
                for cell in cells:
                    row += [cell_text(cell), cell.days_waiting]
                sheet.append(row)
    year = campaign.year if campaign else ""
    return workbook_bytes(book), f"dokumenty-shkol-{year}.xlsx"


def export_title(campaign: Campaign) -> str:
    return f"Документы школ: {campaign.region}, {campaign.year} (XLSX)"


@builder("programs.table")
def build_in_background(params: dict, user, step) -> tuple[bytes, str]:
    """The table as its requester sees it now: the campaign fetched through their scope again."""
    campaign = Campaign.objects.for_user(user).select_related("region").filter(pk=params["campaign"]).first()
    if campaign is None:
        raise Http404("Кампания недоступна: она вне вашей зоны ответственности.")
    return table_file(user, campaign, {k: str(params.get(k, "")) for k in FILTERS}, step)
