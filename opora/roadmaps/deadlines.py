"""The deadline of a roadmap item, written in free Russian, read into dates.

``parse_deadline(text, year, school_year=False)`` returns a `Deadline`: the original text, a
start and an end date (both or neither), a recurrence from the vocabulary in
`calendar_words`, the separate periods when the text names several, and warnings.

How the text is read (each choice is deliberate; tests pin them down):

- Every date expression in the text is found — «15.12.2021», «16.02.2022 – 01.03.2022»,
  «03-15 февраля», «25 апреля – 1 июня 2022», «февраль – март 2022», «Декабрь 2023-январь
  2024», «апрель, август, октябрь 2022 г.», «1 - 4 квартал 2022», «2 полугодие», «2024 год»,
  «2020-2021 учебный год», «в течение учебного года», «в течение года». The deadline spans from
  the earliest start to the latest end. When the text names more than one period (a list of
  months, «Март-май-июнь», «Ноябрь 2020 года, в течение учебного года») each is also given in
  ``periods``; a single period or range leaves ``periods`` empty. A chain of three or more months
  joined by dashes is read as a list, not a range.
- A date without a year takes the roadmap's year. A year written at the end of a range or list
  applies to the months before it («февраль – март 2022»); a range that runs over New Year
  moves to the next year («декабрь – январь»). In a school-year roadmap (``school_year=True``,
  e.g. «на 2020-2021 годы» with year 2020) September–December belong to ``year`` and
  January–August to ``year + 1``.
- «до 5 марта 2022», «не позднее …», «к …», «по …» (alone): the end is that date and the start
  is the start of the roadmap period (1 January, or 1 September for a school year), or the end
  itself when that is earlier. «до марта» ends on the last day of February; «до конца марта» on
  31 March. «с 1 марта» starts then and runs to the end of the roadmap period.
- Seasons, halves of the school year, holidays and «учебный год» (September to May): see
  `deadline_seasons`. Recurrences («по итогам четверти», «до 20 числа каждого месяца»): see
  `deadline_recurrence`.
- A comment in brackets never changes the dates read outside it; a text whose only dates are in
  brackets («1 раз в месяц (сентябрь-декабрь)») takes them. «гарфику» reads as «графику».
- A recurrence («ежемесячно», «1 раз в четверть», «Каждую неделю: среда, четверг, пятница»,
  «не реже 1 раза в 3-4 недели») gives the ``recurrence`` string; when no period stands beside it
  the dates span the roadmap period (the calendar or school year).
- «по графику», «по отдельному графику», «в соответствии с графиком», «по мере необходимости»,
  «по согласованию» are understood: no dates (unless dates stand beside them), no warning.
- Words that carry no date (notes in brackets, «проведения», «ИРО») are ignored once something
  was read. Digits that were not understood give a warning naming them, and a text from which
  nothing was read gives no dates and a warning — never a guess.
- An impossible day is clamped to the month's last day, with a warning; a range written back
  to front is turned round, with a warning. The end is never before the start.
"""

import re
from dataclasses import dataclass
from datetime import date

from . import calendar_words as cw
from .deadline_recurrence import RECURRENCE_STEPS, RecurrenceSteps
from .deadline_seasons import SCHOOL_YEARS, SEASON_STEPS, SeasonSteps

M = cw.MONTH
Y = cw.YEAR
_Y_NC = r"20\d\d(?:\s*(?:гг|г|годах|годов|годы|году|года|год)(?![а-я])\.?)?"
_MY_NC = rf"{M}(?:\s+{_Y_NC})?"
D = r"(?<![\d.])(\d{1,2})"
# A numeric date: with a year, or day.month with a two-digit month («15.03»).
NUMDATE = r"(?<![\d.])(?:\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})(?![\d])|\d{1,2}\.\d{2}(?![\d.]))"
PREFIX = r"(до|не позднее|не позже|к|по|с|со|начиная с)"
Q = r"(?<![\d\w])([1-4]|iv|iii|ii|i)"
END_PREFIXES = {"до", "не позднее", "не позже", "к", "по"}
START_PREFIXES = {"с", "со", "начиная с"}


@dataclass(frozen=True)
class Deadline:
    text: str
    start: date | None = None
    end: date | None = None
    recurrence: str | None = None
    periods: tuple[tuple[date, date], ...] = ()
    warnings: tuple[str, ...] = ()


def parse_deadline(text: str, year: int | None, *, school_year: bool = False) -> Deadline:
    original = (text or "").strip()
    if not original:
        return Deadline(text="")
    work = cw.normalize(original)
    outside = cw.blank_brackets(work)
    if outside != work:
        # A comment in brackets never changes the dates read outside them; it gives the dates
        # only when the text outside has none («1 раз в месяц (сентябрь-декабрь)»).
        reader = _Reader(outside, year, school_year)
        deadline = reader.read(original)
        if reader.pieces:
            return deadline
    return _Reader(work, year, school_year).read(original)


def roadmap_period(year: int, school_year: bool) -> tuple[date, date]:
    return cw.school_year(year) if school_year else cw.calendar_year(year)


class _Reader(RecurrenceSteps, SeasonSteps):
    """Consumes the recognised expressions from a normalised text, left with what it did not read."""

    def __init__(self, work: str, year: int | None, school_year: bool):
        self.work = work
        self.year = year
        self.school = school_year
        self.pieces: list[tuple[int, date, date]] = []
        self.recurrence: str | None = None
        self.understood = False
        self.warnings: list[str] = []

    # -- driving -----------------------------------------------------------------------------

    def read(self, original: str) -> Deadline:
        # The order matters: each step blanks out what it read. Recurrences go first so that
        # «раз в 3-4 недели» is not taken for days; schedules before months («по плану»); ranges
        # before the single dates inside them; bare years last, after every form that has one.
        steps = (
            *((pattern, getattr(self, name)) for pattern, name in RECURRENCE_STEPS),
            (r"(?:по|согласно|в\s+соответствии\s+с)\s+(?:[а-я]+\s+){0,2}?(?:график|план)[а-я]*"
             r"|по\s+мере\s+(?:необходимости|поступления|готовности)"
             r"|по\s+(?:запросу|согласованию|требованию|необходимости)", self._schedule),
            (SCHOOL_YEARS, self._school_years),
            (rf"(?:с\s+)?({NUMDATE})\s*(?:-|по|до)\s*({NUMDATE})", self._date_range),
            (rf"(?:{PREFIX}\s+)?({NUMDATE})", self._date),
            (rf"(?:с\s+)?{D}\s+({M})(?:\s+{Y})?\s*(?:-|по|до)\s*{D}\s+({M})(?:\s+{Y})?", self._daymonth_range),
            (rf"(?:с\s+)?{D}\s*(?:-|по|до)\s*(\d{{1,2}})\s+({M})(?:\s+{Y})?", self._day_range),
            (rf"(?:(до|к)\s+|в\s+)?(начал[а-я]*|середин[а-я]*|кон(?:ец|ца|це)|перв[а-я]*\s+половин[а-я]*"
             rf"|втор[а-я]*\s+половин[а-я]*)\s+({M})(?:\s+{Y})?", self._part_of_month),
            (rf"(?:{PREFIX}\s+)?{D}\s+({M})(?:\s+{Y})?", self._daymonth),
            (rf"({M})\s*-\s*({M})\s+(20\d\d)\s*-\s*{Y}", self._months_over_years),
            (rf"(?:с\s+)?{_MY_NC}(?:\s*(?:-|по|до)\s*{_MY_NC})+", self._month_chain),
            (rf"{_MY_NC}(?:\s*(?:,|;|\sи\s)\s*{_MY_NC})+", self._month_list),
            (rf"(?:{PREFIX}\s+)?({M})(?:\s+{Y})?", self._month),
            (rf"{Q}\s*-\s*{Q}\s+квартал[а-я]*(?:\s+{Y})?", self._quarters),
            (rf"{Q}\s+квартал[а-я]*(?:\s+{Y})?", self._quarter),
            *((pattern, getattr(self, name)) for pattern, name in SEASON_STEPS),
            (r"(?:в\s+)?течение\s+(?:всего\s+)?(?:текущего\s+)?(?:календарного\s+)?года|весь\s+год"
             r"|в\s+течение\s+(?:всего\s+)?(?:периода|срока|проекта)|весь\s+период|постоянно|круглогодично",
             self._whole_period),
            (rf"(?:с\s+)?(20\d\d)\s*(?:-|по)\s*{Y}", self._years),
            (rf"(?<!\d){Y}", self._year),
        )  # fmt: skip
        for pattern, handler in steps:
            self._scan(pattern, handler)
        self._check_leftover(original)
        return self._result(original)

    def _scan(self, pattern: str, handler) -> None:
        def replace(match: re.Match) -> str:
            if handler(match) is False:
                return match.group(0)
            # Blank out what was read, keeping positions so periods stay in text order.
            return " " * len(match.group(0))

        self.work = re.sub(pattern, replace, self.work)

    def _check_leftover(self, original: str) -> None:
        words = re.findall(r"[0-9a-zа-я]+", self.work)
        digits = [w for w in words if any(ch.isdigit() for ch in w)]
        if not (self.pieces or self.recurrence or self.understood):
            if words:  # punctuation alone («—») is an empty deadline, not an unreadable one
                self.warnings.append(f"срок «{original}» не распознан")
        elif digits:
            self.warnings.append(f"в сроке «{original}» не понят фрагмент «{' '.join(digits)}»")

    def _result(self, original: str) -> Deadline:
        pieces = sorted(self.pieces)
        start = end = None
        periods: tuple[tuple[date, date], ...] = ()
        if pieces:
            start = min(p[1] for p in pieces)
            end = max(p[2] for p in pieces)
            unique = list(dict.fromkeys((s, e) for _, s, e in pieces))
            periods = tuple(unique) if len(unique) > 1 else ()
        elif self.recurrence:
            period = self._period()
            if period:
                start, end = period
        return Deadline(original, start, end, self.recurrence, periods, tuple(self.warnings))

    # -- dates and years ---------------------------------------------------------------------

    def _period(self) -> tuple[date, date] | None:
        if self.year is None:
            self.warnings.append("год дорожной карты неизвестен — даты не определены")
            return None
        return roadmap_period(self.year, self.school)

    def _period_around(self, day: date) -> tuple[date, date]:
        """The roadmap period, or the date's own year when the roadmap's year is unknown."""
        if self.year is None:
            return cw.calendar_year(day.year)
        return roadmap_period(self.year, self.school)

    def _default_year(self, month: int) -> int | None:
        if self.year is None:
            return None
        return self.year + 1 if self.school and month <= 8 else self.year

    def _resolve_years(self, points: list[tuple[int, int, int | None]]) -> list[int] | None:
        """Years for (month, day, year-or-None) points written in order, e.g. «декабрь – январь 2021»."""
        years = [p[2] for p in points]
        keys = [(p[0], p[1]) for p in points]
        if all(y is None for y in years):
            years[0] = self._default_year(points[0][0])
            if years[0] is None:
                self.warnings.append("не указан год, а год дорожной карты неизвестен")
                return None
        for i in range(len(points) - 2, -1, -1):
            nxt = years[i + 1]
            if years[i] is None and nxt is not None:
                years[i] = nxt if keys[i] <= keys[i + 1] else nxt - 1
        for i in range(1, len(points)):
            prev = years[i - 1]
            if years[i] is None and prev is not None:
                years[i] = prev if keys[i] >= keys[i - 1] else prev + 1
        return [int(y) for y in years if y is not None]

    def _day(self, year: int, month: int, day: int) -> date:
        last = cw.month_end(year, month).day
        if not 1 <= day <= last:
            self.warnings.append(f"дня {day} нет в месяце {month:02d}.{year} — взят {last}-й")
            day = min(max(day, 1), last)
        return date(year, month, day)

    def _add(self, pos: int, start: date, end: date) -> None:
        if end < start:
            self.warnings.append(f"конец срока ({end:%d.%m.%Y}) раньше начала — даты переставлены")
            start, end = end, start
        self.pieces.append((pos, start, end))

    def _add_point(self, pos: int, day: date, prefix: str | None) -> None:
        first, last = self._period_around(day)
        if prefix in END_PREFIXES:
            self._add(pos, min(first, day), day)
        elif prefix in START_PREFIXES:
            self._add(pos, day, max(last, day))
        else:
            self._add(pos, day, day)

    def _add_month(self, pos: int, year: int, month: int, prefix: str | None) -> None:
        first_day, last_day = cw.month_span(year, month)
        period_first, period_last = self._period_around(first_day)
        if prefix in ("до", "к", "не позднее", "не позже"):
            # «до марта» — before March begins.
            end = cw.day_before(first_day)
            self._add(pos, min(period_first, end), end)
        elif prefix == "по":
            self._add(pos, min(period_first, first_day), last_day)
        elif prefix in START_PREFIXES:
            self._add(pos, first_day, max(period_last, last_day))
        else:
            self._add(pos, first_day, last_day)

    @staticmethod
    def _year_of(text: str | None) -> int | None:
        return int(text) if text else None

    def _numeric(self, token: str) -> tuple[int, int, int | None] | None:
        parts = token.split(".")
        day, month = int(parts[0]), int(parts[1])
        year = None
        if len(parts) == 3:
            year = int(parts[2]) + (2000 if len(parts[2]) == 2 else 0)
        if not 1 <= month <= 12:
            self.warnings.append(f"неверная дата «{token}»")
            return None
        return month, day, year

    def _schedule(self, m: re.Match):
        self.understood = True

    # -- handlers: dates ---------------------------------------------------------------------

    def _date_range(self, m: re.Match):
        a, b = self._numeric(m.group(1)), self._numeric(m.group(2))
        if not a or not b:
            return None
        years = self._resolve_years([a, b])
        if years:
            self._add(m.start(), self._day(years[0], a[0], a[1]), self._day(years[1], b[0], b[1]))

    def _date(self, m: re.Match):
        point = self._numeric(m.group(2))
        if not point:
            return None
        years = self._resolve_years([point])
        if years:
            self._add_point(m.start(), self._day(years[0], point[0], point[1]), m.group(1))

    def _daymonth_range(self, m: re.Match):
        a = (cw.month_number(m.group(2)), int(m.group(1)), self._year_of(m.group(3)))
        b = (cw.month_number(m.group(5)), int(m.group(4)), self._year_of(m.group(6)))
        years = self._resolve_years([a, b])
        if years:
            self._add(m.start(), self._day(years[0], a[0], a[1]), self._day(years[1], b[0], b[1]))

    def _day_range(self, m: re.Match):
        month = cw.month_number(m.group(3))
        years = self._resolve_years([(month, int(m.group(1)), self._year_of(m.group(4)))])
        if years:
            first = self._day(years[0], month, int(m.group(1)))
            self._add(m.start(), first, self._day(years[0], month, int(m.group(2))))

    def _part_of_month(self, m: re.Match):
        prefix, part, month = m.group(1), m.group(2), cw.month_number(m.group(3))
        years = self._resolve_years([(month, 0, self._year_of(m.group(4)))])
        if not years:
            return None
        first, last = cw.month_span(years[0], month)
        if prefix:  # «до конца марта», «до середины марта», «к началу марта»
            if part.startswith("кон"):
                end = last
            elif part.startswith("серед"):
                end = first.replace(day=15)
            else:
                end = cw.day_before(first)
            self._add(m.start(), min(self._period_around(first)[0], end), end)
            return None
        if part.startswith("начал"):
            first, last = first, first.replace(day=10)
        elif part.startswith("серед"):
            first, last = first.replace(day=11), first.replace(day=20)
        elif part.startswith("кон"):
            first = first.replace(day=21)
        elif part.startswith("перв"):
            last = first.replace(day=15)
        else:
            first = first.replace(day=16)
        self._add(m.start(), first, last)

    def _daymonth(self, m: re.Match):
        month = cw.month_number(m.group(3))
        years = self._resolve_years([(month, int(m.group(2)), self._year_of(m.group(4)))])
        if years:
            self._add_point(m.start(), self._day(years[0], month, int(m.group(2))), m.group(1))

    def _months_over_years(self, m: re.Match):
        # «Декабрь - январь 2020 – 2021 год»: one year for each month.
        first_month, last_month = cw.month_number(m.group(1)), cw.month_number(m.group(2))
        start = cw.month_span(int(m.group(3)), first_month)[0]
        self._add(m.start(), start, cw.month_end(int(m.group(4)), last_month))

    def _months_in(self, text: str) -> list[tuple[int, int, int | None]]:
        found = re.finditer(rf"({M})(?:\s+{Y})?", text)
        return [(cw.month_number(f.group(1)), 0, self._year_of(f.group(2))) for f in found]

    def _month_chain(self, m: re.Match):
        points = self._months_in(m.group(0))
        years = self._resolve_years(points)
        if not years:
            return None
        if len(points) == 2:
            start = cw.month_span(years[0], points[0][0])[0]
            self._add(m.start(), start, cw.month_end(years[1], points[1][0]))
        else:  # «Март-май-июнь» names months, it is not one range
            for offset, (point, year) in enumerate(zip(points, years, strict=True)):
                self._add(m.start() + offset, *cw.month_span(year, point[0]))

    def _month_list(self, m: re.Match):
        points = self._months_in(m.group(0))
        years = self._resolve_years(points)
        if years:
            for offset, (point, year) in enumerate(zip(points, years, strict=True)):
                self._add(m.start() + offset, *cw.month_span(year, point[0]))

    def _month(self, m: re.Match):
        month = cw.month_number(m.group(2))
        years = self._resolve_years([(month, 0, self._year_of(m.group(3)))])
        if years:
            self._add_month(m.start(), years[0], month, m.group(1))

    def _quarter_span(self, first_q: int, last_q: int, year_text: str | None) -> tuple[date, date] | None:
        points = [(3 * first_q - 2, 0, None), (3 * last_q, 0, self._year_of(year_text))]
        years = self._resolve_years(points)
        if not years:
            return None
        return date(years[0], 3 * first_q - 2, 1), cw.month_end(years[1], 3 * last_q)

    def _quarters(self, m: re.Match):
        span = self._quarter_span(cw.quarter_number(m.group(1)), cw.quarter_number(m.group(2)), m.group(3))
        if span:
            self._add(m.start(), *span)

    def _quarter(self, m: re.Match):
        q = cw.quarter_number(m.group(1))
        span = self._quarter_span(q, q, m.group(2))
        if span:
            self._add(m.start(), *span)

    def _whole_period(self, m: re.Match):
        period = self._period()
        if period:
            self._add(m.start(), *period)

    def _years(self, m: re.Match):
        first, last = int(m.group(1)), int(m.group(2))
        self._add(m.start(), date(first, 1, 1), date(last, 12, 31))

    def _year(self, m: re.Match):
        self._add(m.start(), *cw.calendar_year(int(m.group(1))))
