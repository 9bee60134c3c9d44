"""The analytic note's charts as PNG images, drawn with Pillow (horizontal bars with their values).

Pillow rather than matplotlib: three bar charts do not need a plotting library and its numpy;
the letters are DejaVu Sans (Debian's fonts-dejavu-core, installed with LibreOffice), which has
Cyrillic. Pillow is imported inside the functions: importing the app costs nothing."""

from __future__ import annotations

import io
from pathlib import Path

FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)
WIDTH = 1600  # pixels; printed 16 cm wide (254 dpi)
BLUE, GREEN, YELLOW, RED, GREY = "#2f6db5", "#3a9a4a", "#e0b020", "#c8413a", "#9a9a9a"


def _font(size: int):
    from PIL import ImageFont

    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def bars(title: str, rows: list[tuple[str, float]], *, unit: str = "", colours: list[str] | None = None) -> bytes:
    """A titled chart of horizontal bars: a label on the left, the bar, its value at its end."""
    from PIL import Image, ImageDraw

    text, small = _font(34), _font(30)
    bar, gap, top, left = 54, 26, 90, 520
    height = top + len(rows) * (bar + gap) + 30
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((20, 20), title, fill="black", font=text)
    largest = max((value for _, value in rows), default=0) or 1
    room = WIDTH - left - 200
    for number, (label, value) in enumerate(rows):
        y = top + number * (bar + gap)
        colour = colours[number % len(colours)] if colours else BLUE
        draw.text((20, y + 10), _fit(draw, label, small, left - 40), fill="black", font=small)
        length = int(room * value / largest)
        draw.rectangle((left, y, left + max(length, 2), y + bar), fill=colour)
        shown = f"{value:g}".replace(".", ",") + unit
        draw.text((left + length + 14, y + 10), shown, fill="black", font=small)
    draw.line((left, top - 10, left, height - 30), fill="#555555", width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(254, 254))
    return buffer.getvalue()


def _fit(draw, label: str, font, width: int) -> str:
    while label and draw.textlength(label, font=font) > width:
        label = label.rstrip("…")[:-1] + "…"
    return label


def note_charts(note) -> list[tuple[str, bytes]]:
    """(caption, PNG) for each chart the note's data allows."""
    from .note_content import DOCUMENT_STATES, EXECUTION_STATES

    charts = []
    if note.low_shares:
        charts.append(
            (
                "Средняя доля «2» по оценочным процедурам школ перечня, %",
                bars("Доля «2», % (среднее по процедурам)", [(str(y), v) for y, v in note.low_shares], unit=" %"),
            )
        )
    if sum(note.documents.values()):
        rows = [(label, note.documents.get(code, 0)) for code, label in DOCUMENT_STATES]
        charts.append(
            (
                "Обязательные документы школ по статусам",
                bars("Документы школ по статусам", rows, colours=[GREY, GREY, YELLOW, RED, GREEN]),
            )
        )
    if sum(note.execution.values()):
        rows = [(label, note.execution.get(code, 0)) for code, label in EXECUTION_STATES]
        charts.append(
            (
                "Исполнение мероприятий дорожных карт на этапе мониторинга",
                bars("Исполнение дорожных карт", rows, colours=[GREEN, YELLOW, RED, GREY]),
            )
        )
    return charts
