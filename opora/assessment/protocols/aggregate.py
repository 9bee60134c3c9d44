"""From participant rows to school results: participants, marks «2»…«5», share of «2», mean score,
per-task share of points, and the objectivity markers (ВПР mark against the previous term's mark).

Rules (issue 12):
- a participant is a pupil not marked absent («отсутствовал» in the variant column) whose total is
  present; an absent pupil is counted as absent, whatever his total says (2022 writes 0);
- not absent and no total: a data error, reported and left out;
- a total above the work's maximum: reported and left out (no mark can be given for it);
- a total that differs from the sum of the task points, an odd variant: reported, the pupil counts
  (the total is what ФИС ОКО graded);
- a login that is not sch/edu/ksh + digits: reported and left out.
Every report names the file, the row and the pupil's code. Pure: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from .layouts import Protocol
from .logins import LOGIN_PATTERN
from .scales import Scale

ABSENT = "отсутствовал"
USUAL_VARIANTS = ("1", "2")
MAX_LISTED_WARNINGS = 2000

# Warning kinds, in the order the summary lists them.
WARNING_TITLES = {
    "no_total": "нет суммы баллов у присутствовавшего (не учтены)",
    "above_max": "сумма баллов выше максимума работы (не учтены)",
    "bad_login": "логин школы не распознан (не учтены)",
    "sum_mismatch": "сумма баллов не равна сумме баллов за задания (учтены по сумме)",
    "odd_variant": "необычный вариант (учтены)",
}


@dataclass(frozen=True)
class ProtocolWarning:
    file: str
    row: int
    code: str
    kind: str
    message: str

    def __str__(self) -> str:
        code = f", код участника {self.code}" if self.code else ""
        return f"Файл «{self.file}», строка {self.row}{code}: {self.message}"


@dataclass
class SchoolResult:
    login: str
    name: str
    municipality: str
    participants: int
    marks: dict[int, int]  # 2..5 → pupils
    mean_score: float | None
    task_shares: dict[str, float]  # task → % of points obtained
    lowered: int = 0  # ВПР mark below the previous term's
    confirmed: int = 0
    raised: int = 0

    @property
    def low_count(self) -> int:
        return self.marks[2]

    @property
    def low_share(self) -> float | None:
        return round(100 * self.marks[2] / self.participants, 1) if self.participants else None

    @property
    def compared(self) -> int:
        return self.lowered + self.confirmed + self.raised

    def objectivity_shares(self) -> dict[str, float] | None:
        n = self.compared
        if not n:
            return None
        return {
            "lowered": round(100 * self.lowered / n, 1),
            "confirmed": round(100 * self.confirmed / n, 1),
            "raised": round(100 * self.raised / n, 1),
        }


@dataclass
class Summary:
    file: str
    work: str
    year: int
    layout: str
    scale: Scale
    rows: int
    absent: int
    participants: int
    schools: list[SchoolResult]
    region_task_shares: dict[str, float]
    task_max: dict[str, int]
    task_max_source: dict[str, str]  # task → "header" / "description" / "observed"
    warning_counts: dict[str, int] = field(default_factory=dict)
    warnings: list[ProtocolWarning] = field(default_factory=list)  # at most MAX_LISTED_WARNINGS

    @property
    def warnings_total(self) -> int:
        return sum(self.warning_counts.values())

    @property
    def low_count(self) -> int:
        return sum(s.marks[2] for s in self.schools)


def _clean(column: str) -> pl.Expr:
    text = pl.col(column).str.replace_all("\xa0", " ", literal=True).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)


def _number(column: str) -> pl.Expr:
    return _clean(column).str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)


def _points(column: str) -> pl.Expr:
    """A task cell: points, «X»/«Х» (not done) and empty count as 0."""
    return _number(column).fill_null(0.0)


def summarise(
    protocol: Protocol,
    *,
    file: str,
    work: str,
    year: int,
    scale: Scale,
    task_max: dict[str, int] | None = None,
) -> Summary:
    """`task_max`: maximum points per task from a task description file, when uploaded; else the
    header's («6 (2б)»), else the highest score any participant of the file got for it."""
    tasks = protocol.tasks
    frame = protocol.frame
    variant = _clean("variant").str.to_lowercase()
    variant2 = _clean("variant2").str.to_lowercase()
    first_variant = pl.coalesce(variant, variant2)
    login_text = pl.coalesce(_clean("login"), _clean("school").str.split("|").list.first().str.strip_chars())
    digits = login_text.str.to_lowercase().str.extract(LOGIN_PATTERN, 2)
    rows = frame.select(
        pl.col("source_row"),
        pl.concat_str(pl.lit("sch"), digits).alias("login"),
        login_text.fill_null("").alias("login_text"),
        _clean("code").fill_null("").alias("code"),
        first_variant.alias("variant"),
        _clean("variant").fill_null("").alias("variant_text"),
        _number("total").alias("total"),
        _clean("total").fill_null("").alias("total_text"),
        _number("prev_mark").alias("prev_mark"),
        _school_name().alias("name"),
        _municipality().alias("municipality"),
        *[_points(t.column).alias(t.column) for t in tasks],
    )
    absent = pl.col("variant") == ABSENT
    task_sum = pl.sum_horizontal(t.column for t in tasks)
    present = ~absent.fill_null(False)
    maximum = scale.maximum
    checks = {
        "no_total": present & pl.col("total").is_null(),
        "bad_login": present & pl.col("total").is_not_null() & pl.col("login").is_null(),
        "above_max": present & (pl.col("total") > maximum) if maximum is not None else pl.lit(False),
        "sum_mismatch": present & pl.col("total").is_not_null() & ((task_sum - pl.col("total")).abs() > 1e-9),
        "odd_variant": present
        & pl.col("total").is_not_null()
        & ~pl.col("variant").is_in(USUAL_VARIANTS).fill_null(False),
    }
    flagged = rows.with_columns(
        *[e.fill_null(False).alias(f"!{k}") for k, e in checks.items()],
        absent.fill_null(False).alias("absent"),
        task_sum.alias("task_sum"),
    )
    excluded = pl.col("!no_total") | pl.col("!bad_login") | pl.col("!above_max")
    counts = flagged.select(pl.col(f"!{k}").sum() for k in checks).row(0)
    warning_counts = {k: int(n) for k, n in zip(checks, counts, strict=True) if n}
    warnings = _word_warnings(flagged, list(checks), file, maximum) if warning_counts else []
    participants = flagged.filter(~pl.col("absent") & ~excluded)
    summary_absent = int(flagged.get_column("absent").sum())
    maxima, sources = _task_maxima(participants, tasks, task_max)
    schools, region = _by_school(participants, tasks, maxima, scale)
    return Summary(
        file=file,
        work=work,
        year=year,
        layout=protocol.layout.key,
        scale=scale,
        rows=flagged.height,
        absent=summary_absent,
        participants=participants.height,
        schools=schools,
        region_task_shares=region,
        task_max={t.name: maxima[t.name] for t in tasks},
        task_max_source=sources,
        warning_counts=warning_counts,
        warnings=warnings,
    )


def _school_name() -> pl.Expr:
    """2022: «edu22NNNN | МБОУ …» → «МБОУ …»; other layouts have no name."""
    school = _clean("school")
    return (
        pl.when(school.str.contains("|", literal=True))
        .then(school.str.split("|").list.slice(1).list.join("|").str.strip_chars())
        .otherwise(pl.lit(""))
        .fill_null("")
    )


def _municipality() -> pl.Expr:
    """2022: «reg22_m001 | Алейский район» → «Алейский район»; 2021: the name as written."""
    text = _clean("municipality")
    return (
        pl.when(text.str.contains("|", literal=True))
        .then(text.str.split("|").list.slice(1).list.join("|").str.strip_chars())
        .otherwise(text)
        .fill_null("")
    )


def _observed_max(participants: pl.DataFrame, column: str) -> float | None:
    """The highest score at least one pupil in a thousand got: a stray «30» typed into a one-point
    task of a 20,000-pupil file does not become the task's maximum."""
    enough = max(1, participants.height // 1000)
    counts = participants.get_column(column).value_counts()
    values = counts.filter(pl.col("count") >= enough).get_column(column)
    return values.max() if len(values) else None


def _task_maxima(participants: pl.DataFrame, tasks, given: dict[str, int] | None) -> tuple[dict, dict]:
    observed = [_observed_max(participants, t.column) for t in tasks] if participants.height else []
    maxima, sources = {}, {}
    for index, t in enumerate(tasks):
        if given and given.get(t.name):
            maxima[t.name], sources[t.name] = int(given[t.name]), "description"
        elif t.max_points:
            maxima[t.name], sources[t.name] = t.max_points, "header"
        else:
            seen = observed[index] if observed else None
            maxima[t.name], sources[t.name] = int(seen or 0), "observed"
    return maxima, sources


def _mark(scale: Scale) -> pl.Expr:
    b = scale.bounds
    total = pl.col("total")
    return (pl.when(total <= b[0]).then(2).when(total <= b[2]).then(3).when(total <= b[4]).then(4).otherwise(5)).cast(
        pl.Int8
    )


def _by_school(participants: pl.DataFrame, tasks, maxima: dict[str, int], scale: Scale):
    marked = participants.with_columns(_mark(scale).alias("mark"))
    prev = pl.col("prev_mark")
    valid_prev = prev.is_between(1, 5) & (prev == prev.floor())
    grouped = (
        marked.group_by("login")
        .agg(
            pl.col("name").filter(pl.col("name") != "").first().alias("name"),
            pl.col("municipality").filter(pl.col("municipality") != "").first().alias("municipality"),
            pl.len().alias("participants"),
            *[(pl.col("mark") == m).sum().alias(f"m{m}") for m in (2, 3, 4, 5)],
            pl.col("total").mean().alias("mean_score"),
            *[pl.col(t.column).sum().alias(t.column) for t in tasks],
            (valid_prev & (pl.col("mark") < prev)).sum().alias("lowered"),
            (valid_prev & (pl.col("mark") == prev)).sum().alias("confirmed"),
            (valid_prev & (pl.col("mark") > prev)).sum().alias("raised"),
        )
        .sort("login")
    )
    schools = []
    for row in grouped.iter_rows(named=True):
        n = row["participants"]
        schools.append(
            SchoolResult(
                login=row["login"],
                name=row["name"] or "",
                municipality=row["municipality"] or "",
                participants=n,
                marks={m: int(row[f"m{m}"]) for m in (2, 3, 4, 5)},
                mean_score=round(row["mean_score"], 2) if row["mean_score"] is not None else None,
                task_shares=_shares({t.name: row[t.column] for t in tasks}, maxima, n),
                lowered=int(row["lowered"]),
                confirmed=int(row["confirmed"]),
                raised=int(row["raised"]),
            )
        )
    totals = participants.select(pl.col(t.column).sum() for t in tasks).row(0) if participants.height else []
    region = _shares({t.name: totals[i] for i, t in enumerate(tasks)} if totals else {}, maxima, participants.height)
    return schools, region


def _shares(points: dict[str, float], maxima: dict[str, int], pupils: int) -> dict[str, float]:
    return {
        task: round(100 * value / (maxima[task] * pupils), 1)
        for task, value in points.items()
        if pupils and maxima.get(task)
    }


def _word_warnings(flagged: pl.DataFrame, kinds: list[str], file: str, maximum: int | None) -> list[ProtocolWarning]:
    bad = flagged.filter(pl.any_horizontal(pl.col(f"!{k}") for k in kinds)).head(MAX_LISTED_WARNINGS)
    warnings = []
    for row in bad.iter_rows(named=True):
        for kind in kinds:
            if not row[f"!{kind}"]:
                continue
            warnings.append(ProtocolWarning(file, row["source_row"], row["code"], kind, _message(kind, row, maximum)))
    return warnings[:MAX_LISTED_WARNINGS]


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def _message(kind: str, row: dict, maximum: int | None) -> str:
    if kind == "no_total":
        return "не отмечен как отсутствовавший, но сумма баллов не указана — не учтён"
    if kind == "above_max":
        return f"сумма баллов {_number_text(row['total'])} больше максимума работы ({maximum}) — не учтён"
    if kind == "bad_login":
        return f"логин «{row['login_text']}» не похож на логин школы (sch, edu или ksh и цифры) — не учтён"
    if kind == "sum_mismatch":
        return (
            f"сумма баллов {_number_text(row['total'])} не равна сумме баллов за задания "
            f"({_number_text(row['task_sum'])}) — учтён по сумме баллов"
        )
    return f"необычный вариант «{row['variant_text'] or 'не указан'}» — учтён"
