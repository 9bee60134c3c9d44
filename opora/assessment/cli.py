"""``opora identify``: the list of schools with low results from results files, without a database.

Start-up time is part of the job at national scale, so only Polars is imported up front;
openpyxl and python-docx are imported by the exports that need them.

Polars' allocator (jemalloc) keeps freed pages for ten seconds by default, so the buffers of
reading a file would stay in the process's memory through the rest of a one-second command; told
before Polars loads, it gives them back at once (a national file: a peak of about 190 MB, not 220).
"""

from __future__ import annotations

import os

os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")

import argparse
import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TextIO

from .exports import describe_rule
from .procedures import procedure_label, procedure_sort_key
from .results_reader import ResultsFileError, read_results_many
from .rules import IdentificationResult, RuleParams, identify_frame

PROG = "opora identify"
_ARGPARSE_RU = {
    "the following arguments are required": "не указаны обязательные аргументы",
    "unrecognized arguments": "неизвестные аргументы",
    "invalid choice": "недопустимое значение",
    "expected one argument": "нужно указать значение",
    "invalid int value": "ожидается целое число",
    "invalid _decimal value": "ожидается число",
    "choose from": "допустимо",
    "argument ": "аргумент ",
}


class _Stop(Exception):
    def __init__(self, code: int):
        self.code = code


class _Parser(argparse.ArgumentParser):
    """argparse that writes to the given streams, speaks Russian and never calls sys.exit."""

    def __init__(self, out: TextIO, err: TextIO, **kwargs):
        super().__init__(**kwargs)
        self._out, self._err = out, err

    def _print_message(self, message: str, file=None) -> None:
        if message:
            (self._err if file is sys.stderr else self._out).write(message)

    def exit(self, status: int = 0, message: str | None = None):
        if message:
            self._err.write(message)
        raise _Stop(status)

    def error(self, message: str):
        for english, russian in _ARGPARSE_RU.items():
            message = message.replace(english, russian)
        self._err.write(f"{self.format_usage()}{self.prog}: ошибка: {message}\n")
        raise _Stop(2)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix or "Использование: ")


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"ожидается число, получено «{text}»") from None


def _parser(out: TextIO, err: TextIO) -> _Parser:
    parser = _Parser(
        out,
        err,
        prog=PROG,
        add_help=False,
        formatter_class=_Formatter,
        description="Перечень школ с низкими образовательными результатами (ШНОР) по файлам результатов "
        "ВПР, ОГЭ и ЕГЭ (CSV или XLSX, длинная или широкая таблица).",
    )
    parser._positionals.title = "аргументы"
    parser._optionals.title = "параметры"
    parser.add_argument("-h", "--help", action="help", help="показать эту справку и выйти")
    parser.add_argument("files", nargs="+", metavar="ФАЙЛ", help="файлы с результатами (.csv, .xlsx)")
    parser.add_argument(
        "--year", type=int, required=True, metavar="ГОД", help="год N, на который составляется перечень"
    )
    parser.add_argument(
        "--threshold", type=_decimal, default=Decimal(30), metavar="ПРОЦЕНТ",
        help="порог доли «2» для маркера, %% (по умолчанию 30, включительно)",
    )  # fmt: skip
    parser.add_argument(
        "--min-participants", type=int, default=1, metavar="ЧИСЛО",
        help="наименьшее число участников, при котором ставится маркер (по умолчанию 1)",
    )  # fmt: skip
    parser.add_argument(
        "--consecutive", choices=("same", "any"), default="same",
        help="критерий «два года подряд»: same — та же процедура, any — любые процедуры",
    )  # fmt: skip
    parser.add_argument(
        "--combine", choices=("or", "and"), default="or",
        help="or — достаточно одного критерия, and — нужны оба",
    )  # fmt: skip
    parser.add_argument(
        "--format", choices=("json", "table", "xlsx", "docx"), default="table",
        help="формат вывода (по умолчанию table)",
    )  # fmt: skip
    parser.add_argument("-o", "--output", metavar="ФАЙЛ", help="куда записать результат (для xlsx и docx обязательно)")
    return parser


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = _parser(out, err).parse_args(sys.argv[1:] if argv is None else argv)
    except _Stop as stop:
        return stop.code
    try:
        params = RuleParams(
            threshold=args.threshold,
            min_participants=args.min_participants,
            consecutive=args.consecutive,
            combine=args.combine,
        )
    except ValueError as exc:
        err.write(f"{PROG}: ошибка: {exc}\n")
        return 2
    if args.format in ("xlsx", "docx") and not args.output:
        err.write(f"{PROG}: ошибка: для формата {args.format} укажите файл результата: -o ФАЙЛ.{args.format}\n")
        return 2
    try:
        frame = read_results_many(args.files)
    except ResultsFileError as exc:
        err.write(f"{exc}\n")
        return 2
    # JSON carries the list only; the risk zone is shown by the table and the workbook.
    result = identify_frame(frame, args.year, params, risk_zone=args.format != "json")
    try:
        _write(result, args.format, args.output, out)
    except OSError as exc:
        err.write(f"{PROG}: ошибка: не удалось записать «{args.output}»: {exc.strerror or exc}\n")
        return 2
    return 0


def _write(result: IdentificationResult, fmt: str, output: str | None, out: TextIO) -> None:
    if fmt in ("xlsx", "docx"):
        from . import exports

        build = exports.build_xlsx if fmt == "xlsx" else exports.build_docx
        Path(output).write_bytes(build(result))  # type: ignore[arg-type]
        return
    text = render_json(result) if fmt == "json" else render_table(result)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    else:
        out.write(text + "\n")


def render_json(result: IdentificationResult) -> str:
    """One school per line: readable, diffable, and written by json's C encoder (``indent`` would
    switch to the pure-Python one, 5× slower on a national list)."""
    data = result.as_dict()

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    schools = [dump(s) for s in data["identified"]]  # type: ignore[attr-defined]
    identified = "[\n  " + ",\n  ".join(schools) + "]" if schools else "[]"
    return "\n".join(
        [
            f'{{"year": {dump(data["year"])},',
            f' "rule": {dump(data["rule"])},',
            f' "schools_checked": {dump(data["schools_checked"])},',
            f' "identified": {identified},',
            f' "warnings": {dump(data["warnings"])}}}',
        ]
    )


def _markers(markers: dict[int, list[str]], year: int) -> str:
    codes = sorted(markers.get(year, []), key=procedure_sort_key)
    return ", ".join(procedure_label(code) for code in codes) or "—"


def render_table(result: IdentificationResult) -> str:
    year, prev = result.year, result.year - 1
    lines = [
        f"Перечень школ с низкими образовательными результатами на {year} год",
        describe_rule(result.params, year),
        f"Проверено школ: {result.schools_checked}. В перечне: {len(result.identified)}.",
        "",
    ]
    header = ["№", "Логин ОО", "Муниципалитет", "Наименование ОО", f"Маркеры {prev}", f"Маркеры {year}", "К1", "К2"]
    rows = [
        [
            str(i),
            s.login,
            s.municipality,
            s.name,
            _markers(s.markers, prev),
            _markers(s.markers, year),
            "+" if s.criteria["two_or_more_procedures"] else "",
            "+" if s.criteria["consecutive_years"] else "",
        ]
        for i, s in enumerate(result.identified, 1)
    ]
    if rows:
        widths = [min(48, max(len(r[c]) for r in [header, *rows])) for c in range(len(header))]
        for r in [header, *rows]:
            cells = [(v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in zip(r, widths, strict=True)]
            lines.append("  ".join(cells).rstrip())
    else:
        lines.append("Школ, отвечающих правилу, нет.")
    if result.risk_zone:
        lines += ["", f"Зона риска (могут войти в перечень на {year + 1} год): {len(result.risk_zone)}"]
        for s in result.risk_zone:
            lines.append(f"  {s.login}  {s.name} ({s.municipality}): {'; '.join(s.reasons)}")
    if result.warnings:
        lines += ["", "Предупреждения:"] + [f"  – {w}" for w in result.warnings]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
