"""Protocol summaries written out: the long results table `opora identify` and the results upload
read (CSV), the full figures with tasks and warnings (JSON), a workbook (XLSX). Pure: no Django."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from opora.core.tabular import TableFileError, normalise_header, read_table_rows

from ..procedures import procedure_label
from .aggregate import WARNING_TITLES, SchoolResult, Summary
from .logins import canonical_login

RESULTS_HEADER = (
    "Логин ОО", "Наименование ОО", "Муниципалитет", "Год", "Процедура", "Участников", "Получили «2»", "Доля «2»",
)  # fmt: skip
_NAME_HEADERS = {"имя", "наименование оо", "наименование", "название", "название оо", "name", "школа"}
_LOGIN_HEADERS = {"логин", "логин оо", "логин школы", "логин фис око", "login"}
_MUNICIPALITY_HEADERS = {"регион", "муниципалитет", "municipality", "район", "мо"}


def read_school_names(data: bytes, filename: str) -> dict[str, tuple[str, str]]:
    """A logins file (логин · имя · регион, as regions keep it) → canonical login → (name, municipality)."""
    rows = read_table_rows(data, filename)
    header = [normalise_header(c) for c in rows[0]]

    def position(names: set[str]) -> int | None:
        return next((i for i, h in enumerate(header) if h in names), None)

    login_at = position(_LOGIN_HEADERS)
    if login_at is None:
        raise TableFileError(f"Файл «{filename}»: нет столбца с логином школы («логин», «Логин ОО»).")
    name_at, municipality_at = position(_NAME_HEADERS), position(_MUNICIPALITY_HEADERS)
    names = {}
    for row in rows[1:]:
        login = canonical_login(row[login_at] if login_at < len(row) else "")
        if login:
            name = row[name_at] if name_at is not None and name_at < len(row) else ""
            place = row[municipality_at] if municipality_at is not None and municipality_at < len(row) else ""
            names[login] = (name, place)
    return names


def fill_names(summaries: Sequence[Summary], names: dict[str, tuple[str, str]]) -> None:
    """Names and municipalities from the protocol where it has them, else from the logins file."""
    for summary in summaries:
        for school in summary.schools:
            name, place = names.get(school.login, ("", ""))
            school.name = school.name or name
            school.municipality = school.municipality or place


def _share_text(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def results_rows(summaries: Sequence[Summary]) -> list[list[object]]:
    rows = []
    for summary in summaries:
        label = procedure_label(summary.work)
        for s in summary.schools:
            rows.append(
                [s.login, s.name, s.municipality, summary.year, label, s.participants, s.low_count, s.low_share]
            )
    return rows


def render_csv(summaries: Sequence[Summary]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(RESULTS_HEADER)
    for row in results_rows(summaries):
        writer.writerow([*row[:7], _share_text(row[7])])  # type: ignore[arg-type]
    return buffer.getvalue()


def school_dict(s: SchoolResult) -> dict:
    return {
        "login": s.login,
        "name": s.name,
        "municipality": s.municipality,
        "participants": s.participants,
        "marks": {str(m): n for m, n in s.marks.items()},
        "low_count": s.low_count,
        "low_share": s.low_share,
        "mean_score": s.mean_score,
        "task_shares": s.task_shares,
        "objectivity": {"lowered": s.lowered, "confirmed": s.confirmed, "raised": s.raised},
    }


def summary_dict(summary: Summary) -> dict:
    return {
        "file": summary.file,
        "procedure": procedure_label(summary.work),
        "year": summary.year,
        "layout": summary.layout,
        "scale": list(summary.scale.bounds),
        "rows": summary.rows,
        "absent": summary.absent,
        "participants": summary.participants,
        "low_count": summary.low_count,
        "task_max": summary.task_max,
        "task_max_source": summary.task_max_source,
        "region_task_shares": summary.region_task_shares,
        "warning_counts": summary.warning_counts,
        "warnings": [str(w) for w in summary.warnings],
        "schools": [school_dict(s) for s in summary.schools],
    }


def render_json(summaries: Sequence[Summary]) -> str:
    return json.dumps({"files": [summary_dict(s) for s in summaries]}, ensure_ascii=False, indent=1)


def build_xlsx(summaries: Sequence[Summary]) -> bytes:
    from openpyxl import Workbook

    from opora.core.spreadsheets import workbook_bytes

    workbook = Workbook()
    results = workbook.active
    results.title = "Результаты"
    results.append([*RESULTS_HEADER, "«3»", "«4»", "«5»", "Средний балл", "Понизили", "Подтвердили", "Повысили"])
    for summary in summaries:
        label = procedure_label(summary.work)
        for s in summary.schools:
            results.append(
                [
                    s.login, s.name, s.municipality, summary.year, label, s.participants, s.low_count, s.low_share,
                    s.marks[3], s.marks[4], s.marks[5], s.mean_score, s.lowered, s.confirmed, s.raised,
                ]
            )  # fmt: skip
    tasks = workbook.create_sheet("Задания")
    tasks.append(
        ["Логин ОО", "Наименование ОО", "Год", "Процедура", "Задание", "Доля баллов школы, %", "Доля баллов региона, %"]
    )
    for summary in summaries:
        label = procedure_label(summary.work)
        for s in summary.schools:
            for task, share in s.task_shares.items():
                tasks.append([s.login, s.name, summary.year, label, task, share, summary.region_task_shares.get(task)])
    warnings = workbook.create_sheet("Предупреждения")
    warnings.append(["Файл", "Строка", "Код участника", "Вид", "Сообщение"])
    for summary in summaries:
        for w in summary.warnings:
            warnings.append([w.file, w.row, w.code, WARNING_TITLES[w.kind], w.message])
    return workbook_bytes(workbook)


def describe(summary: Summary) -> str:
    """One line per file for stderr and the preview: schools, participants, «2», warnings."""
    parts = [
        f"«{summary.file}»: {procedure_label(summary.work)} {summary.year}",
        f"школ {len(summary.schools)}",
        f"участников {summary.participants}",
        f"отсутствовали {summary.absent}",
        f"получили «2» {summary.low_count}",
        f"предупреждений {summary.warnings_total}",
    ]
    return ", ".join(parts)


def warning_lines(summary: Summary, limit: int) -> list[str]:
    lines = [f"  {WARNING_TITLES[kind]}: {n}" for kind, n in summary.warning_counts.items()]
    lines += [f"  – {w}" for w in summary.warnings[:limit]]
    rest = summary.warnings_total - min(limit, len(summary.warnings))
    if rest > 0:
        lines.append(f"  … и ещё {rest} (полный список: --format json или xlsx)")
    return lines
