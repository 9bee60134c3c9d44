"""The analytic note as DOCX (A4 portrait), from the content of `note_content.collect`, with the
generic pieces of opora/reports/docx.py: heading, numbered sections, tables whose header row repeats
on every page, the charts as PNG images, the signature block."""

from __future__ import annotations

import io

from opora.core.russian import counted
from opora.reports import docx as d

from .note_charts import note_charts
from .note_content import LISTED_ROWS, Note

COLOURS = {"green": ("C6EFCE", "в норме"), "yellow": ("FFEB9C", "близко к цели"), "red": ("FFC7CE", "ниже цели")}
CHART_CM = 16.0


def _number(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _more(document, shown: int, total: int) -> None:
    if total > shown:
        d.paragraph(document, f"… и ещё {total - shown}; полный список — в сводной выгрузке (XLSX).", italic=True)


def _indicators(document, note: Note) -> None:
    d.section_title(document, "2. Показатели реализации")
    if not note.indicators:
        d.paragraph(document, "Показатели за период не рассчитаны.", italic=True)
        return
    rows = [
        [n, row["name"], row["unit"], _number(row["target"]), _number(row["value"])]
        for n, row in enumerate(note.indicators, 1)
    ]
    grid = d.table(document, ["№", "Показатель", "Ед.", "Цель", "Значение"], rows, [1.0, 8.4, 2.6, 2.2])
    for table_row, row in zip(grid.rows[1:], note.indicators, strict=True):
        fill = COLOURS.get(row["colour"])
        if fill:
            _shade(table_row.cells[4], fill[0])
    d.paragraph(
        document,
        "Цвет значения: зелёный — цель достигнута, жёлтый — близко к цели, красный — ниже цели.",
        italic=True,
        indent=False,
    )


def _charts(document, note: Note, number: int) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    charts = note_charts(note)
    d.section_title(document, f"{number}. Динамика и структура (диаграммы)")
    if not charts:
        d.paragraph(document, "Данных для диаграмм нет.", italic=True)
    for figure, (caption, png) in enumerate(charts, 1):
        picture = document.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        picture.add_run().add_picture(io.BytesIO(png), width=Cm(CHART_CM))
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.add_run(f"Рисунок {figure}. {caption}").italic = True


def _items(document, title: str, items: list[dict], total: int, empty: str) -> None:
    d.section_title(document, title)
    if not items:
        d.paragraph(document, empty, italic=True)
        return
    rows = [[n, i["owner"], i["number"], i["action"], i["deadline"]] for n, i in enumerate(items, 1)]
    d.table(document, ["№", "Дорожная карта", "№ мер.", "Мероприятие", "Срок"], rows, [1.0, 4.0, 1.5, 7.5])
    _more(document, len(items), total)


def build_docx(note: Note) -> bytes:
    document = d.new_document()
    d.heading(document, "АНАЛИТИЧЕСКАЯ СПРАВКА", points=14)
    d.heading(
        document,
        "о реализации программы адресной методической помощи школам",
        "с низкими образовательными результатами («500+»)",
        f"{note.place}",
        f"за период {note.period} ({note.stage}, {note.campaign_year} г.)",
        bold=False,
    )
    d.paragraph(document, f"Дата составления: {note.as_of:%d.%m.%Y}", indent=False)

    d.section_title(document, "1. Основные итоги")
    d.paragraph(document, "\n".join(note.summary))
    f = note.figures
    d.key_values(
        document,
        [
            ("Школ в перечне", str(f["schools"])),
            ("С назначенным куратором", str(f["curated"])),
            ("Визитов кураторов за период", f"{f['visits']} (в {counted(f['visited'], 'школе', 'школах', 'школах')})"),
            ("Обязательных документов одобрено", f"{f['approved']} из {f['documents']}"),
            ("Мероприятий дорожных карт выполнено", f"{f['done']} из {f['items']}, просрочено {f['overdue']}"),
        ],
        key_cm=7.5,
    )
    _indicators(document, note)

    number = 3
    if note.municipality_id is None:
        d.section_title(document, f"{number}. Сведения по муниципалитетам")
        rows = [
            [m["municipality"], m["schools"], m["curated"], m["visited"], m["attention"]] for m in note.by_municipality
        ]
        if rows:
            d.table(
                document,
                ["Муниципалитет", "Школ", "С куратором", "С визитами", "Требуют внимания"],
                rows,
                [6.5, 2.0, 2.8, 2.8],
            )
        else:
            d.paragraph(document, "Школ в перечне нет.", italic=True)
        number += 1
    _charts(document, note, number)
    number += 1

    d.section_title(document, f"{number}. Школы, требующие внимания")
    shown = note.attention[:LISTED_ROWS]
    if shown:
        rows = [[n, s["name"], s["municipality"], "\n".join(s["reasons"])] for n, s in enumerate(shown, 1)]
        d.table(document, ["№", "Школа", "Муниципалитет", "Что требует внимания"], rows, [1.0, 5.0, 4.0])
        _more(document, len(shown), len(note.attention))
    else:
        d.paragraph(document, "Таких школ нет.", italic=True)
    number += 1
    _items(
        document,
        f"{number}. Мероприятия, выполненные за период",
        note.executed,
        len(note.executed),
        "Выполненных за период мероприятий нет.",
    )
    number += 1
    _items(
        document,
        f"{number}. Просроченные мероприятия",
        note.overdue,
        f["overdue"],
        "Просроченных мероприятий нет.",
    )
    d.signature(document, "Составил(а)", note.author, f"{note.as_of:%d.%m.%Y}")
    return d.to_bytes(document)
