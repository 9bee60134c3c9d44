"""Task-level deficits of schools from stored protocol figures: «5 самых слабых заданий» and the
objectivity markers for a school's pages, and the XLSX of deficits of a municipality's schools."""

from __future__ import annotations

from opora.registry.models import Municipality, School

from .models import TaskDescription, TaskResult
from .protocols.deficits import DEFAULT_GAP, deficits, weakest


def _descriptions(region_id: int, procedures) -> dict[str, dict]:
    """The region's task descriptions by work (the latest campaign's upload wins)."""
    found: dict[str, dict] = {}
    rows = (
        TaskDescription.objects.filter(campaign__region_id=region_id, procedure__in=set(procedures))
        .order_by("campaign__year")
        .values_list("procedure", "tasks")
    )
    for procedure, tasks in rows:
        found[procedure] = tasks
    return found


def school_task_results(school: School, gap: float = DEFAULT_GAP) -> list[dict]:
    """Per stored work of the school, the latest first: weakest tasks, deficits, objectivity. Two queries."""
    results = list(TaskResult.objects.filter(school=school).order_by("-year", "procedure"))
    if not results:
        return []
    descriptions = _descriptions(school.municipality.region_id, [r.procedure for r in results])
    shown = []
    for result in results:
        tasks = descriptions.get(result.procedure)
        shown.append(
            {
                "result": result,
                "weakest": weakest(result.task_shares, result.region_shares, tasks),
                "deficit_count": len(deficits(result.task_shares, result.region_shares, gap)),
                "objectivity": result.objectivity(),
                "gap": gap,
            }
        )
    return shown


def deficits_workbook(user, municipality: Municipality, *, gap: float = DEFAULT_GAP) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from opora.core.spreadsheets import workbook_bytes

    schools = School.objects.for_user(user).filter(municipality=municipality)
    results = list(
        TaskResult.objects.filter(school__in=schools)
        .select_related("school")
        .order_by("school__short_name", "-year", "procedure")
    )
    descriptions = _descriptions(municipality.region_id, [r.procedure for r in results])
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Дефициты"
    sheet.append([f"Дефициты по заданиям ВПР: {municipality.name}"])
    sheet.append([f"Задание — дефицит, если доля баллов школы ниже доли региона на {gap:g} п. п. и более."])
    sheet.append([])
    header = [
        "Логин ОО",
        "Наименование ОО",
        "Работа",
        "Год",
        "Участников",
        "Задание",
        "Доля баллов школы, %",
        "Доля баллов региона, %",
        "Отставание, п. п.",
        "Умения, виды деятельности",
        "КЭС",
        "КТ",
        "Уровень",
    ]
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for result in results:
        tasks = descriptions.get(result.procedure) or {}
        for item in deficits(result.task_shares, result.region_shares, gap, tasks):
            d = item.description or {}
            sheet.append(
                [
                    result.school.fis_oko_login,
                    result.school.short_name,
                    result.procedure_name,
                    result.year,
                    result.participants,
                    item.task,
                    item.school,
                    item.region,
                    item.gap,
                    d.get("skills", ""),
                    d.get("kes", ""),
                    d.get("kt", ""),
                    d.get("level", ""),
                ]
            )
    for letter, width in zip("ABCDEFGHIJKLM", (12, 40, 12, 6, 11, 9, 14, 14, 13, 60, 12, 12, 9), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=5, min_col=10, max_col=10):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(workbook)
