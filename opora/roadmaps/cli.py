"""``opora roadmap-parse FILE [--year N] [--format json|table]`` — pure, no Django.

Prints the roadmap read from FILE: JSON (the shape of `ParsedRoadmap.to_json_dict`) or a text
table for a person. Exit status 0 when a roadmap was read, 2 with a Russian message on stderr
when the file cannot be read or holds no roadmap table (and for bad arguments).
"""

import argparse
import json
import sys
from typing import TextIO

from .parse import ParsedRoadmap, RoadmapError, parse_roadmap


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print to sys.stderr and exit by itself
        raise _Usage(message)


def _parser() -> _Parser:
    parser = _Parser(
        prog="opora roadmap-parse",
        description="Читает дорожную карту из файла .docx, .xlsx, .pdf, .csv, .txt или .md и печатает её пункты "
        "с разобранными сроками.",
    )
    parser.add_argument("file", help="файл с дорожной картой")
    parser.add_argument("--year", type=int, help="год дорожной карты, если в заголовке его нет")
    parser.add_argument("--format", choices=["json", "table"], default="json", help="json или table")
    return parser


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except _Usage as exc:
        stderr.write(f"{parser.format_usage()}Ошибка в аргументах: {exc}\n")
        return 2
    try:
        roadmap = parse_roadmap(args.file, year=args.year)
    except RoadmapError as exc:
        stderr.write(f"Ошибка: {exc}\n")
        return 2
    if args.format == "json":
        # One write: Django's OutputWrapper would end every chunk with a new line.
        stdout.write(json.dumps(roadmap.to_json_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        stdout.write(format_table(roadmap))
    return 0


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _date(day) -> str:
    return f"{day:%d.%m.%Y}" if day else ""


def format_table(roadmap: ParsedRoadmap) -> str:
    """A plain-text table: one line per item, sections as headings between them."""
    widths = (6, 50, 26, 10, 10, 18, 40)
    head = ("№", "Мероприятие", "Срок", "Начало", "Окончание", "Периодичность", "Исполнители")
    lines = [
        f"Дорожная карта: {roadmap.title or '(без заголовка)'}",
        f"Год: {roadmap.year or 'не определён'}" + (" (учебный год)" if roadmap.school_year else ""),
        f"Разделов: {len(roadmap.sections)}, пунктов: {len(roadmap.items)}",
        "",
        " | ".join(title.ljust(width) for title, width in zip(head, widths, strict=True)),
        "-+-".join("-" * width for width in widths),
    ]
    section = None
    for item in roadmap.items:
        if item.section != section:
            section = item.section
            number = next((s.number for s in roadmap.sections if s.title == section), "")
            lines.append(f"== {number + '. ' if number else ''}{section}" if section else "== (без раздела)")
        d = item.deadline
        cells = (item.number, item.action, d.text, _date(d.start), _date(d.end), d.recurrence or "",
                 "; ".join(item.executors))  # fmt: skip
        lines.append(" | ".join(_cut(c, w).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    if roadmap.warnings:
        lines += ["", "Предупреждения:"] + [f"- {warning}" for warning in roadmap.warnings]
    return "\n".join(lines) + "\n"
