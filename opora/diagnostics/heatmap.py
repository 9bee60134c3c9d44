"""The region's and a municipality's heat map: listed schools × factors, levels as colours, the
count of each level per factor; and its XLSX. Two queries whatever the number of schools."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, QuerySet, When
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill

from opora.core.spreadsheets import workbook_bytes

from .models import FactorLevel, Level, RiskFactor, RiskProfile

IN_FORCE = Case(When(changed="", then=F("computed")), default=F("changed"), output_field=CharField())
COLOURS = {Level.HIGH: "F4B6B6", Level.MEDIUM: "FBE3A6", Level.LOW: "C8E6C9", Level.INSUFFICIENT: "E0E0E0"}

LEVEL_ORDER = (Level.HIGH, Level.MEDIUM, Level.LOW, Level.INSUFFICIENT)


# How a level shows in a cell of the page: a Bootstrap table colour and a letter.
CELLS = {
    Level.HIGH: ("table-danger", "В"),
    Level.MEDIUM: ("table-warning", "С"),
    Level.LOW: ("table-success", "Н"),
    Level.INSUFFICIENT: ("table-secondary", "?"),
    None: ("", "—"),
}
# A cell is one of five: its HTML is built once, a row is a join of them.
CELL_HTML = {
    level: format_html(
        '<td class="text-center {}" title="{}">{}</td>', css, Level(level).label if level else "не рассчитан", letter
    )
    for level, (css, letter) in CELLS.items()
}


@dataclass
class Row:
    profile: RiskProfile
    levels: list[str | None] = field(default_factory=list)  # in factor order; None: not computed

    @property
    def cells(self) -> str:
        """The row's level cells as HTML: 100 schools × 11 factors through template tags would cost
        more than all the page's queries."""
        return mark_safe("".join(CELL_HTML[level] for level in self.levels))  # parts from format_html


def filtered(profiles: QuerySet, *, municipality: str = "", factor: str = "", level: str = "") -> QuerySet:
    """Profiles narrowed by municipality, and to those with the given level in the given factor."""
    if municipality.isdigit():
        profiles = profiles.filter(school__municipality_id=municipality)
    if factor.isdigit() and level in Level.values:
        matching = FactorLevel.objects.annotate(in_force=IN_FORCE).filter(factor_id=factor, in_force=level)
        profiles = profiles.filter(pk__in=matching.values("profile_id"))
    return profiles


def level_counts(profiles: QuerySet) -> dict[int, dict[str, int]]:
    """factor id → level → number of schools, over all the profiles (not only the page shown)."""
    counts: dict[int, dict[str, int]] = {}
    rows = (
        FactorLevel.objects.filter(profile__in=profiles.values("pk"))
        .annotate(in_force=IN_FORCE)
        .values_list("factor_id", "in_force")
        .annotate(n=Count("id"))
    )
    for factor_id, level, n in rows:
        counts.setdefault(factor_id, {})[level] = n
    return counts


def rows_of(profiles, factors: list[RiskFactor]) -> list[Row]:
    """The rows of the given profiles (a page, or all for the export)."""
    profiles = list(profiles)
    by_profile: dict[int, dict[int, str]] = {}
    levels = (
        FactorLevel.objects.filter(profile__in=[p.pk for p in profiles])
        .annotate(in_force=IN_FORCE)
        .values_list("profile_id", "factor_id", "in_force")
    )
    for profile_id, factor_id, level in levels:
        by_profile.setdefault(profile_id, {})[factor_id] = level
    return [Row(p, [by_profile.get(p.pk, {}).get(f.pk) for f in factors]) for p in profiles]


def heatmap_xlsx(rows: list[Row], factors: list[RiskFactor], counts: dict[int, dict[str, int]], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Тепловая карта"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    header = ["Муниципалитет", "Школа", "Логин ФИС ОКО", "Профиль", *[f"{f.position}. {f.name}" for f in factors]]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    labels = dict(Level.choices)
    for row in rows:
        school = row.profile.school
        sheet.append(
            [
                school.municipality.name,
                school.short_name,
                school.fis_oko_login,
                row.profile.get_state_display(),
                *[labels.get(level, "не рассчитан") if level else "не рассчитан" for level in row.levels],
            ]
        )
    # Colours by conditional formatting on the level's word: four rules instead of a style per cell
    # (openpyxl hashes every cell's style: 22,000 cells took 18 s).
    if rows and factors:
        area = f"E3:{sheet.cell(2 + len(rows), 4 + len(factors)).coordinate}"
        for level, colour in COLOURS.items():
            fill = PatternFill("solid", fgColor=colour, bgColor=colour)
            sheet.conditional_formatting.add(
                area, CellIsRule(operator="equal", formula=[f'"{labels[level]}"'], fill=fill)
            )
    sheet.append([])
    for level in LEVEL_ORDER:
        sheet.append(["", f"Школ: {labels[level]}", "", "", *[counts.get(f.pk, {}).get(level, 0) for f in factors]])
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 40
    for n in range(len(factors)):
        sheet.column_dimensions[sheet.cell(2, 5 + n).column_letter].width = 16
    sheet.freeze_panes = "E3"
    return workbook_bytes(book)
