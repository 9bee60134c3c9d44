"""The consolidated monitoring XLSX of a stage: one sheet per part, for the same level and period
as the analytic note and from the same content (`note_content.collect`), plus the full rows the note
only sums up. Formula-safe (`core.spreadsheets.workbook_bytes`), header rows frozen and repeated on
every printed page, A4 landscape fitted to the width."""

from __future__ import annotations

from copy import copy

from django.db.models import Count
from django.utils import timezone

from opora.assessment.exports import FONT, fit_row_height, print_on_a4, times_new_roman_workbook
from opora.core.spreadsheets import workbook_bytes
from opora.diagnostics.models import ActivatedFactor, RiskProfile
from opora.monitoring.models import Event, Visit
from opora.programs.models import Status as DocumentStatus
from opora.programs.selectors import slots_for
from opora.roadmaps.models import ItemReport

from .note_content import Note, listed_schools, note_items


def _sheet(wb, title: str, headers: list[str], widths: list[int], rows) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(title)
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(name=FONT, size=10, bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    fit_row_height(ws, 1, zip(headers, widths, strict=False), points=11)
    count = 0
    for row in rows:
        ws.append(row)
        count += 1
        # LibreOffice does not measure wrapped text on opening: each row gets the height of its lines.
        fit_row_height(ws, count + 1, zip(row, widths, strict=False))
    if not count:
        ws.append(["Нет данных за период."])
    for number, width in enumerate(widths, 1):
        ws.column_dimensions[ws.cell(1, number).column_letter].width = width
    # Wrapped text, top-aligned: the style is set on one cell and its style array copied to the rest
    # (setting `alignment` cell by cell costs seconds on a region's 40,000 roadmap items).
    first = ws.cell(2, 1)
    first.alignment = Alignment(wrap_text=True, vertical="top")
    first.font = Font(name=FONT, size=10)  # the widths and heights are measured in its letters
    style = first._style
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell._style = copy(style)
    ws.freeze_panes = "A2"
    print_on_a4(ws, title_rows="1:1")


def _date(day) -> str:
    return f"{day:%d.%m.%Y}" if day else ""


def build_xlsx(note: Note, user, stage, municipality) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    campaign = stage.campaign
    wb = Workbook()
    times_new_roman_workbook(wb)
    about = wb.active
    about.title = "Справка"
    for pair in (
        ("Сводная выгрузка мониторинга", note.place),
        ("Этап", f"{note.stage}, {note.campaign_year} г."),
        ("Период", note.period),
        ("Сформирована", f"{timezone.localtime():%d.%m.%Y %H:%M}, {note.author}"),
        *((line, "") for line in note.summary),
    ):
        about.append(list(pair))
    about.column_dimensions["A"].width = 110
    about.column_dimensions["B"].width = 40
    for number, row in enumerate(about.iter_rows(), 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.font = Font(name=FONT, size=10, bold=number == 1)
        fit_row_height(about, number, [(row[0].value, 110), (row[1].value, 40)])
    print_on_a4(about, title_rows="1:1")

    _sheet(
        wb,
        "Перечень и кураторы",
        ["Муниципалитет", "Школа", "Логин ФИС ОКО", "Кураторы", "Визитов за период", "Без визита, дн.",
         "Просрочено мероприятий", "Требует внимания"],
        [28, 40, 14, 28, 10, 10, 12, 50],
        ([s["municipality"], s["name"], s["login"], s["curators"], s["visits"], s["gap"] or "", s["overdue"],
          "; ".join(s["reasons"])] for s in note.schools),
    )  # fmt: skip

    schools = listed_schools(user, stage, municipality)
    ids = [s.pk for s in schools]
    profiles = RiskProfile.objects.filter(campaign=campaign, school_id__in=ids).select_related("school__municipality")
    confirmed: dict[int, list[str]] = {}
    for activation in ActivatedFactor.objects.filter(profile__in=profiles, confirmed_at__isnull=False).select_related(
        "factor"
    ):
        confirmed.setdefault(activation.profile_id, []).append(activation.factor.name)
    _sheet(
        wb,
        "Рисковые профили",
        ["Муниципалитет", "Школа", "Профиль", "Подтверждённые факторы риска"],
        [28, 40, 14, 70],
        ([p.school.municipality.name, p.school.short_name, p.get_state_display(), "; ".join(confirmed.get(p.pk, []))]
         for p in profiles.order_by("school__municipality__name", "school__short_name")),
    )  # fmt: skip

    slots = slots_for(schools, campaign)
    _sheet(
        wb,
        "Документы",
        ["Муниципалитет", "Школа", "Документ", "Обязательный", "Статус", "Статус с"],
        [28, 40, 50, 12, 16, 12],
        ([s.municipality.name, s.short_name, slot.name, "да" if slot.kind.required else "нет",
          DocumentStatus(slot.status).label if slot.status else "не загружен",
          _date(timezone.localtime(slot.document.status_at)) if slot.document else ""]
         for s in schools for slot in slots.get(s.pk, [])),
    )  # fmt: skip

    visits = (
        Visit.objects.filter(school_id__in=ids, campaign=campaign, planned_on__lte=note.end)
        .filter(planned_on__gte=note.start)
        .select_related("school__municipality", "curator")
        .order_by("school__municipality__name", "school__short_name", "planned_on", "pk")
    )
    _sheet(
        wb,
        "Визиты",
        ["Муниципалитет", "Школа", "Куратор", "Статус", "По плану", "Проведён", "Формат"],
        [28, 40, 26, 14, 12, 12, 12],
        ([v.school.municipality.name, v.school.short_name, v.curator.short_name, v.get_status_display(),
          _date(v.planned_on), _date(v.held_on), v.get_format_display()] for v in visits),
    )  # fmt: skip

    items = note_items(schools, stage, municipality)
    reports = dict(
        ItemReport.objects.filter(item__in=items, stage=stage, is_current=True).values_list("item_id", "status")
    )
    overdue = set(items.overdue(min(timezone.localdate(), note.end)).values_list("pk", flat=True))
    labels = dict(ItemReport.Status.choices)
    region = stage.campaign.region.name
    rows = items.order_by(
        "roadmap__level", "roadmap__municipality__name", "roadmap__school__short_name", "position"
    ).values_list(
        "pk", "roadmap__school__short_name", "roadmap__municipality__name", "number", "action", "deadline_text", "end"
    )
    _sheet(
        wb,
        "Дорожные карты",
        ["Дорожная карта", "№", "Мероприятие", "Срок", "Исполнение на этапе", "Просрочено"],
        [36, 8, 70, 18, 18, 11],
        ([school or municipal or region, number, action, deadline or _date(end),
          labels.get(reports.get(pk), "нет отчёта"), "да" if pk in overdue else ""]
         for pk, school, municipal, number, action, deadline, end in rows.iterator(chunk_size=5000)),
    )  # fmt: skip

    events = Event.objects.for_user(user).filter(campaign=campaign, starts_on__range=(note.start, note.end))
    if municipality is not None:
        events = events.filter(municipality=municipality)
    _sheet(
        wb,
        "Мероприятия",
        ["Дата", "Вид", "Мероприятие", "Муниципалитет", "Отмечено участников"],
        [12, 24, 60, 28, 12],
        ([_date(e.starts_on), e.kind.name, e.title, e.municipality.name if e.municipality_id else "весь регион",
          e.attended] for e in events.select_related("kind", "municipality").annotate(attended=Count("attendance"))
         .order_by("starts_on", "pk")),
    )  # fmt: skip

    _sheet(
        wb,
        "Показатели",
        ["Показатель", "Единица", "Цель", "Значение", "Оценка"],
        [70, 12, 12, 12, 16],
        ([r["name"], r["unit"], r["target"], r["value"], {"green": "в норме", "yellow": "близко к цели",
          "red": "ниже цели"}.get(r["colour"], "")] for r in note.indicators),
    )  # fmt: skip
    return workbook_bytes(wb)
