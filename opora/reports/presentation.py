"""The facts of a report as the page and the DOCX show them: per section, a few sentences and
tables (headers, rows, column widths in cm). One source for both, so they never disagree."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Table:
    headers: list[str]
    rows: list[list]
    widths_cm: list[float] = field(default_factory=list)
    caption: str = ""


@dataclass
class Part:
    """What the system shows in one section: sentences, then tables."""

    lines: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # «what: value» lines (general information)


def _share(value) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def general(facts: dict) -> Part:
    g = facts["general"]
    return Part(
        pairs=[
            ("Школа", g["school"]),
            ("Муниципалитет", g["municipality"]),
            ("Логин ФИС ОКО", g["login"] or "—"),
            ("Перечень ШНОР", g["listed"]),
            ("Куратор", g["curator"] or "—"),
            ("Этап мониторинга", f"{g['stage']} (срок представления — {g['due']})"),
            ("Отчётный период", g["period"]),
        ]
    )


def visits(facts: dict) -> Part:
    v = facts["visits"]
    if not v.get("available"):
        return Part(lines=["Сведения о визитах в системе недоступны."])
    part = Part(lines=[f"Проведено визитов за период: {v['held']}; запланировано: {v['planned']}."])
    if v["rows"]:
        part.tables.append(
            Table(
                ["Дата", "Формат", "Статус", "Цель и выводы"],
                [[r["date"], r["format"], r["status"], r["summary"]] for r in v["rows"]],
                [2.3, 2.6, 2.6],
            )
        )
    open_ = v["open_recommendations"]
    part.lines.append(
        f"Рекомендаций куратора, выполнение которых не подтверждено: {len(open_)}."
        if open_
        else "Невыполненных рекомендаций куратора нет."
    )
    if open_:
        part.tables.append(
            Table(
                ["Рекомендация", "Срок", "Кто выполняет", "Статус"],
                [[r["text"], r["deadline"], r["who"], r["status"]] for r in open_],
                [8.0, 2.3, 3.2],
                caption="Рекомендации, выполнение которых не подтверждено",
            )
        )
    return part


def documents(facts: dict) -> Part:
    d = facts["documents"]
    if not d["rows"]:
        return Part(lines=["Документов школы в системе нет."])
    return Part(
        lines=[f"Одобрено документов: {d['approved']} из {d['total']}."],
        tables=[
            Table(
                ["№", "Документ", "Статус", "Статус с"],
                [[n, r["name"], r["status"], r["since"] or "—"] for n, r in enumerate(d["rows"], 1)],
                [1.0, 9.2, 3.4],
            )
        ],
    )


def risks(facts: dict) -> Part:
    r = facts["risks"]
    if not r["profile"]:
        return Part(lines=["Рисковый профиль школы в этой кампании не сформирован."])
    state = "проверен куратором" if r["verified"] else "ещё не проверен куратором"
    lines = [f"Рисковый профиль {state}."]
    lines.append(
        "Направления работы: " + "; ".join(r["activated"]) + "."
        if r["activated"]
        else "Направления работы ещё не подтверждены."
    )
    rows = [[n, row["factor"], row["level"], row["activated"] or "—"] for n, row in enumerate(r["rows"], 1)]
    return Part(
        lines=lines, tables=[Table(["№", "Фактор риска", "Уровень", "Направление работы"], rows, [1.0, 9.0, 3.0])]
    )


def roadmap(facts: dict) -> Part:
    m = facts["roadmap"]
    if not m["roadmap"]:
        return Part(lines=["Дорожной карты школы в системе нет."])
    part = Part(
        lines=[f"Дорожная карта: «{m['title']}» ({m['status']})."],
        tables=[
            Table(
                ["Мероприятий", "Выполнено", "Частично", "Не выполнено", "Нет отчёта за этап", "Просрочено"],
                [[m["items"], m["done"], m["partly"], m["not_done"], m["no_report"], m["overdue_count"]]],
                [3.0, 2.5, 2.4, 2.9, 3.4],
                caption="Исполнение по отчётам за этап",
            )
        ],
    )
    if m["overdue"]:
        part.tables.append(
            Table(
                ["№", "Мероприятие", "Сроки"],
                [[r["number"] or "—", r["action"], r["deadline"] or "—"] for r in m["overdue"]],
                [1.3, 11.0],
                caption=f"Просроченные мероприятия на {m['as_of']}",
            )
        )
    return part


def results(facts: dict) -> Part:
    r = facts["results"]
    if not r["rows"]:
        return Part(lines=["Результатов оценочных процедур школы в системе нет."])
    years = [str(y) for y in r["years"]]
    first = 4.5
    return Part(
        lines=["Доля обучающихся, получивших «2» (не преодолевших минимальный порог), %."],
        tables=[
            Table(
                ["Процедура", *years],
                [[row["procedure"], *(_share(s) for s in row["shares"])] for row in r["rows"]],
                [first] + [(17.0 - first) / max(len(years), 1)] * (len(years) - 1),
            )
        ],
    )


BUILDERS = {
    "general": general,
    "visits": visits,
    "documents": documents,
    "risks": risks,
    "roadmap": roadmap,
    "results": results,
}


def parts(facts: dict) -> dict[str, Part]:
    return {key: build(facts) for key, build in BUILDERS.items()}
