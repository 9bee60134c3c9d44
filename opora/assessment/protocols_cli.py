"""``opora protocols``: ФИС ОКО participant protocols → school results, without a database.

    opora protocols FILE... --year 2021 --procedure "ВПР 5 МА" [--scales S] [--schools L]
                    --format csv|json|xlsx [-o OUT]

`--format csv` writes the long results table `opora identify` reads, so
``opora protocols … -o a.csv && opora identify a.csv b.csv --year 2021`` is the whole pipeline.
Warnings go to stderr in Russian; exit 2 on unreadable input.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from .cli import _Formatter, _Parser, _Stop

PROG = "opora protocols"
WARNINGS_SHOWN = 30  # per file on stderr; the JSON and the workbook carry the full list


def _parser(out: TextIO, err: TextIO) -> _Parser:
    parser = _Parser(
        out,
        err,
        prog=PROG,
        add_help=False,
        formatter_class=_Formatter,
        description="Результаты школ по протоколам участников ВПР из ФИС ОКО (XLSX или CSV в видах 2020, 2021 "
        "и 2022 годов): участники, отметки, доля «2», доли баллов по заданиям, объективность.",
    )
    parser._positionals.title = "аргументы"
    parser._optionals.title = "параметры"
    parser.add_argument("-h", "--help", action="help", help="показать эту справку и выйти")
    parser.add_argument("files", nargs="+", metavar="ФАЙЛ", help="протоколы ФИС ОКО (.xlsx, .csv)")
    parser.add_argument(
        "--year", type=int, metavar="ГОД",
        help="год работы (если не указан — по файлу: дата загрузки протокола 2022 года или год в имени файла)",
    )  # fmt: skip
    parser.add_argument(
        "--procedure", metavar="РАБОТА",
        help="работа, например «ВПР 5 МА» (если не указана — по имени файла, например «Математика 5 класс»)",
    )  # fmt: skip
    parser.add_argument(
        "--scales", metavar="ФАЙЛ",
        help="шкалы перевода баллов в отметки (CSV/XLSX: год; работа; 2 до; 3 от; 3 до; 4 от; 4 до; 5 от; "
        "максимум) в дополнение к встроенным шкалам 2020 и 2021 годов",
    )  # fmt: skip
    parser.add_argument(
        "--schools", metavar="ФАЙЛ",
        help="логины школ (логин · имя · регион): наименования и муниципалитеты, которых нет в протоколе",
    )  # fmt: skip
    parser.add_argument(
        "--format", choices=("csv", "json", "xlsx"), default="csv",
        help="csv — таблица результатов для opora identify (по умолчанию); json — с заданиями и предупреждениями",
    )  # fmt: skip
    parser.add_argument("-o", "--output", metavar="ФАЙЛ", help="куда записать результат (для xlsx обязательно)")
    return parser


class _Refused(Exception):
    pass


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = _parser(out, err).parse_args(sys.argv[1:] if argv is None else argv)
    except _Stop as stop:
        return stop.code
    if args.format == "xlsx" and not args.output:
        err.write(f"{PROG}: ошибка: для формата xlsx укажите файл результата: -o ФАЙЛ.xlsx\n")
        return 2
    try:
        summaries = _summaries(args, err)
        text_or_bytes = _render(summaries, args.format)
    except _Refused as exc:
        err.write(f"{PROG}: ошибка: {exc}\n")
        return 2
    try:
        if isinstance(text_or_bytes, bytes):
            Path(args.output).write_bytes(text_or_bytes)
        elif args.output:
            Path(args.output).write_text(text_or_bytes, encoding="utf-8")
        else:
            out.write(text_or_bytes)
    except OSError as exc:
        err.write(f"{PROG}: ошибка: не удалось записать «{args.output}»: {exc.strerror or exc}\n")
        return 2
    return 0


def _read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise _Refused(f"не удалось прочитать «{path}»: {exc.strerror or exc}") from None


def _summaries(args, err: TextIO):
    from opora.core.tabular import TableFileError

    from .protocols import ScaleError, Scales, read_scales
    from .protocols.many import read_protocols
    from .protocols.output import describe, fill_names, read_school_names, warning_lines

    scales = Scales.built_in()
    try:
        if args.scales:
            scales.add(read_scales(_read_file(args.scales), Path(args.scales).name))
        names = read_school_names(_read_file(args.schools), Path(args.schools).name) if args.schools else {}
    except (ScaleError, TableFileError) as exc:
        raise _Refused(str(exc)) from None
    summaries, errors, seen = [], [], {}
    for summary in read_protocols(args.files, work=args.procedure, year=args.year, scales=scales):
        if isinstance(summary, str):
            errors.append(summary)
            continue
        key = (summary.work, summary.year)
        if key in seen:
            errors.append(
                f"«{summary.file}» и «{seen[key]}» — протоколы одной работы одного года; "
                "объедините их или укажите разные работы."
            )
            continue
        seen[key] = summary.file
        summaries.append(summary)
        err.write(describe(summary) + "\n")
        for line in warning_lines(summary, WARNINGS_SHOWN):
            err.write(line + "\n")
    if errors:
        raise _Refused("\n".join(errors))
    fill_names(summaries, names)
    return summaries


def _render(summaries, fmt: str) -> str | bytes:
    from .protocols import output

    if fmt == "json":
        return output.render_json(summaries) + "\n"
    if fmt == "xlsx":
        return output.build_xlsx(summaries)
    return output.render_csv(summaries)


if __name__ == "__main__":
    sys.exit(main())
