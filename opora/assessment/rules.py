"""The identification rule for schools with low results (ШНОР). No Django here.

A *marker* is set for (school, year, procedure) when at least ``threshold`` per cent of the
participants got «2» (ВПР) or did not pass the minimum (ОГЭ, ЕГЭ). A school is listed for year N
when it has markers in two or more procedures in N, or markers in N−1 and N (in the same procedure,
or — as some regions read it — in any procedures). The computation is done with Polars expressions
so that a national file (hundreds of thousands of rows) takes milliseconds; ``identify_schools``
accepts plain rows for the web layer and converts them to a frame.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction

import polars as pl

from opora.core.russian import plural

from .procedures import parse_procedure, procedure_label, procedure_sort_key

FRAME_SCHEMA: dict[str, pl.DataType] = {
    "login": pl.String(),
    "name": pl.String(),
    "municipality": pl.String(),
    "year": pl.Int64(),
    "procedure": pl.String(),
    "participants": pl.Int64(),
    "low_count": pl.Int64(),
    "low_share": pl.Float64(),
    "high_share": pl.Float64(),
    "source_row": pl.Int64(),
}
MISSING_MARKS = frozenset({"", "-", "—", "–", "н/д", "нд", "n/a"})
CRITERION_PROCEDURES = "two_or_more_procedures"
CRITERION_CONSECUTIVE = "consecutive_years"


def _decimal(value: object, what: str) -> Decimal:
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"{what}: ожидается число, получено «{value}»") from None


@dataclass(frozen=True)
class RuleParams:
    threshold: Decimal | int = 30
    min_participants: int = 1
    consecutive: str = "same"  # "same": the same procedure both years; "any": any procedures
    combine: str = "or"  # "or": either criterion lists a school; "and": both are needed
    near_margin: Decimal | int = 5  # points below the threshold that put a school in the risk zone

    def __post_init__(self) -> None:
        threshold = _decimal(self.threshold, "Порог")
        margin = _decimal(self.near_margin, "Зона риска")
        if not 0 < threshold <= 100:
            raise ValueError(f"Порог должен быть больше 0 и не больше 100 %, получено {threshold}")
        if margin < 0:
            raise ValueError(f"Ширина зоны риска не может быть отрицательной, получено {margin}")
        if int(self.min_participants) < 1:
            raise ValueError("Минимальное число участников должно быть не меньше 1")
        if self.consecutive not in ("same", "any"):
            raise ValueError("Критерий «два года подряд»: допустимо same или any")
        if self.combine not in ("or", "and"):
            raise ValueError("Сочетание критериев: допустимо or или and")
        object.__setattr__(self, "threshold", threshold)
        object.__setattr__(self, "near_margin", margin)
        object.__setattr__(self, "min_participants", int(self.min_participants))

    def as_dict(self) -> dict[str, object]:
        return {
            "threshold": _plain_number(self.threshold),
            "min_participants": self.min_participants,
            "consecutive": self.consecutive,
            "combine": self.combine,
        }


@dataclass
class ResultRow:
    login: str
    name: str
    municipality: str
    year: int
    procedure: str
    participants: int | str | None = None
    low_count: int | str | None = None
    low_share: Decimal | float | str | None = None
    high_share: Decimal | float | str | None = None
    source_row: int | None = None


@dataclass
class IdentifiedSchool:
    login: str
    name: str
    municipality: str
    markers: dict[int, list[str]]  # year → procedure codes with a marker, sorted
    criteria: dict[str, bool]


@dataclass
class RiskSchool:
    """A school not listed this year that may be listed next year, with the reasons why."""

    login: str
    name: str
    municipality: str
    markers: dict[int, list[str]]
    near: dict[str, float]  # procedure → share of «2» just under the threshold
    reasons: list[str]


@dataclass
class IdentificationResult:
    year: int
    params: RuleParams
    schools_checked: int
    identified: list[IdentifiedSchool]
    risk_zone: list[RiskSchool] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    procedures: list[str] = field(default_factory=list)  # seen in N−1 and N, in appendix order

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of the command line and the API."""
        return {
            "year": self.year,
            "rule": self.params.as_dict(),
            "schools_checked": self.schools_checked,
            "identified": [
                {
                    "login": s.login,
                    "name": s.name,
                    "municipality": s.municipality,
                    "markers": {str(y): codes for y, codes in sorted(s.markers.items())},
                    "criteria": dict(s.criteria),
                }
                for s in self.identified
            ],
            "warnings": list(self.warnings),
        }


def identify_schools(rows: Iterable[ResultRow], year: int, params: RuleParams | None = None) -> IdentificationResult:
    """Apply the rule to plain rows (the web layer's entry point)."""
    return identify_frame(rows_to_frame(rows), year, params or RuleParams())


def rows_to_frame(rows: Iterable[ResultRow]) -> pl.DataFrame:
    columns: dict[str, list] = {name: [] for name in FRAME_SCHEMA}
    for row in rows:
        columns["login"].append(str(row.login).strip().lower())
        columns["name"].append(row.name or "")
        columns["municipality"].append(row.municipality or "")
        columns["year"].append(int(row.year))
        columns["procedure"].append(parse_procedure(row.procedure) or row.procedure)
        columns["participants"].append(_whole(row.participants))
        columns["low_count"].append(_whole(row.low_count))
        columns["low_share"].append(_number(row.low_share))
        columns["high_share"].append(_number(row.high_share))
        columns["source_row"].append(row.source_row)
    return pl.DataFrame(columns, schema=FRAME_SCHEMA)


def _number(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip().replace("%", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
        if text.lower() in MISSING_MARKS:
            return None
        return float(text)
    return float(value)  # type: ignore[arg-type]


def _whole(value: object) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


def _reaches(level: Fraction) -> pl.Expr:
    """Share of «2» ≥ level. From the count it is exact integer arithmetic (3 of 10 reaches 30 %);
    only when no count is given does the stated share decide."""
    participants, count = pl.col("participants"), pl.col("low_count")
    by_count = count.is_not_null() & (participants > 0).fill_null(False)
    exact = count * (100 * level.denominator) >= participants * level.numerator
    return pl.when(by_count).then(exact).otherwise(pl.col("low_share") >= float(level)).fill_null(False)


def identify_frame(
    df: pl.DataFrame, year: int, params: RuleParams | None = None, *, risk_zone: bool = True
) -> IdentificationResult:
    """Apply the rule to a frame with the columns of ``FRAME_SCHEMA`` (extra columns are ignored).

    ``risk_zone=False`` skips the early-warning list (about twice as many schools as the list
    itself at national scale) when the caller does not show it."""
    params = params or RuleParams()
    prev = year - 1
    threshold = Fraction(params.threshold)
    participants, procedure = pl.col("participants"), pl.col("procedure")
    # Participants 0 is "no data"; an unknown count of participants leaves the decision to the share.
    measured = participants.is_null() | (participants >= params.min_participants)
    share = (
        pl.when(pl.col("low_count").is_not_null() & (participants > 0))
        .then(pl.col("low_count") * 100.0 / participants)
        .otherwise(pl.col("low_share"))
    )
    years = pl.col("year").is_in([prev, year])
    frame = df.lazy()
    if not df.select(years.all()).item():  # copying a national frame just to keep all of it is waste
        frame = frame.filter(years)
    flags = frame.select(
        "login",
        "year",
        "procedure",
        "participants",
        "low_count",
        "low_share",
        (measured & _reaches(threshold)).alias("marker"),
        (
            measured & (pl.col("year") == year) & _reaches(max(Fraction(0), threshold - Fraction(params.near_margin)))
        ).alias("near"),
    ).collect()

    markers = flags.lazy().filter("marker").select("login", "year", "procedure").unique()
    in_year = {"prev": pl.col("year") == prev, "cur": pl.col("year") == year}
    schools = markers.group_by("login").agg(
        procedure.filter(in_year["prev"]).sort().alias("prev"),
        procedure.filter(in_year["cur"]).sort().alias("cur"),
    )
    many = pl.col("cur").list.len() >= 2
    if params.consecutive == "same":
        consecutive = pl.col("cur").list.set_intersection("prev").list.len() > 0
    else:
        consecutive = (pl.col("cur").list.len() > 0) & (pl.col("prev").list.len() > 0)
    schools = schools.with_columns(many.alias("c1"), consecutive.alias("c2")).with_columns(
        (pl.col("c1") | pl.col("c2") if params.combine == "or" else pl.col("c1") & pl.col("c2")).alias("listed")
    )
    if risk_zone:
        # Near the threshold: not a marker now, but within the margin below it.
        near = (
            flags.lazy()
            .filter(pl.col("near") & ~pl.col("marker"))
            .group_by("login")
            .agg(procedure.alias("near_codes"), share.alias("near_shares"))
        )
        table = (
            schools.join(near, on="login", how="full", coalesce=True)
            .with_columns(pl.col("listed").fill_null(False))
            # With «and», a school meeting one criterion only is not listed but is clearly at risk.
            .filter(
                pl.col("listed")
                | pl.col("c1").fill_null(False)
                | pl.col("c2").fill_null(False)
                | (pl.col("cur").list.len() == 1)
                | pl.col("near_codes").is_not_null()
            )
        )
    else:
        empty = pl.lit(None, pl.List(pl.String))
        table = schools.filter("listed").with_columns(empty.alias("near_codes"), empty.alias("near_shares"))
    names = (
        frame.join(table.select("login"), on="login", how="semi")
        .group_by("login")
        .agg(  # as of the latest year: schools get renamed
            pl.col("name").sort_by("year").last().cast(pl.String).fill_null("").str.strip_chars(),
            pl.col("municipality").sort_by("year").last().cast(pl.String).fill_null("").str.strip_chars(),
        )
    )
    table, checked, procedures = pl.collect_all(
        [
            table.join(names, on="login", how="left").sort("login"),
            flags.lazy().select(pl.col("login").n_unique()),
            flags.lazy().select(procedure.drop_nulls().unique()),
        ]
    )
    identified, at_risk = [], []
    reasons = _RiskReasons(year, params)
    columns = ("login", "name", "municipality", "prev", "cur", "c1", "c2", "listed", "near_codes", "near_shares")
    for login, name, municipality, before, now, c1, c2, is_listed, near_codes, near_shares in table.select(
        columns
    ).iter_rows():
        marks = {y: codes for y, codes in ((prev, before), (year, now)) if codes}
        if is_listed:
            criteria = {CRITERION_PROCEDURES: c1, CRITERION_CONSECUTIVE: c2}
            identified.append(IdentifiedSchool(login, name, municipality, marks, criteria))
        else:
            near_map = dict(zip(near_codes or [], near_shares or [], strict=True))
            why = reasons(now or [], near_map, c1=bool(c1), c2=bool(c2))
            at_risk.append(RiskSchool(login, name, municipality, marks, near_map, why))
    return IdentificationResult(
        year=year,
        params=params,
        schools_checked=checked.item(),
        identified=identified,
        risk_zone=at_risk,
        warnings=_warnings(frame, year, params),
        procedures=sorted(procedures.to_series().to_list(), key=procedure_sort_key),
    )


class _RiskReasons:
    """Words for the risk zone; labels and numbers are formatted once, not per school."""

    def __init__(self, year: int, params: RuleParams):
        self.year = year
        self.tail = (
            f" % — не более {format_number(params.near_margin)} п. п. до порога {format_number(params.threshold)} %"
        )
        self.labels: dict[str, str] = {}

    def label(self, code: str) -> str:
        if code not in self.labels:
            self.labels[code] = procedure_label(code)
        return self.labels[code]

    def __call__(self, current: list[str], near: dict[str, float], c1: bool = False, c2: bool = False) -> list[str]:
        reasons = []
        if c1 != c2:  # only possible unlisted when both criteria are required
            met = "1 (маркеры по двум и более процедурам)" if c1 else "2 (маркеры два года подряд)"
            reasons.append(f"выполнен только критерий {met}, а нужны оба")
        if len(current) == 1:
            reasons.append(f"один маркер в {self.year} году: {self.label(current[0])}")
        for code in sorted(near, key=procedure_sort_key):
            share = f"{near[code]:.2f}".rstrip("0").rstrip(".").replace(".", ",")
            reasons.append(f"{self.label(code)}: доля «2» {share}{self.tail}")
        return reasons


def _warnings(frame: pl.LazyFrame, year: int, params: RuleParams) -> list[str]:
    participants, count, share = pl.col("participants"), pl.col("low_count"), pl.col("low_share")
    stats = frame.select(
        (pl.col("year") == year).sum().alias("current"),
        (pl.col("year") == year - 1).sum().alias("previous"),
        (participants.is_not_null() & (participants > 0) & (participants < params.min_participants))
        .sum()
        .alias("small"),
    ).collect()
    current, previous, small = stats.row(0)
    warnings = []
    if not current:
        warnings.append(f"Нет результатов за {year} год: перечень на {year} год не может быть составлен.")
    if not previous:
        warnings.append(f"Нет результатов за {year - 1} год: критерий «маркеры два года подряд» не проверялся.")
    if small:
        warnings.append(f"Не учтено результатов с числом участников меньше {params.min_participants}: {small}.")
    # A share that disagrees with the count by more than rounding usually means shifted columns.
    mismatched = (
        frame.filter(
            count.is_not_null()
            & share.is_not_null()
            & (participants > 0)
            & ((count * 100.0 / participants - share).abs() > 1.0)
        )
        .select("login", "year", "procedure")
        .sort("login", "year", "procedure")
        .collect()
    )
    if mismatched.height:
        login, y, code = mismatched.row(0)
        warnings.append(
            f"Доля «2» не согласуется с количеством получивших «2» в {mismatched.height} "
            f"{plural(mismatched.height, 'строке', 'строках', 'строках')}; решение принято по количеству "
            f"(например, {login}, {procedure_label(code)}, {y} год)."
        )
    return warnings


def _plain_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def format_number(value: float | Decimal) -> str:
    """30 → «30», 27.5 → «27,5»: Russian decimal comma, no needless zeros."""
    number = _plain_number(Decimal(str(round(float(value), 2))))
    return str(number).replace(".", ",")
