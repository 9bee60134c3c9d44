"""The recurrence handlers of the deadline reader: «1 раз в четверть», «ежемесячно», «по средам»,
«до 20 числа каждого месяца», «по итогам четверти». A mixin of `deadlines._Reader`; pure.

Each handler receives a match of the reader's normalised text, sets ``self.recurrence`` from the
vocabulary of `calendar_words`, and returns False to leave a match it does not take unread.
"""

import re

from . import calendar_words as cw

_NUMBER_WORDS = {"один": 1, "одного": 1, "два": 2, "две": 2, "три": 3, "четыре": 4}

# (pattern, handler name) in the order the reader tries them, before any date.
RECURRENCE_STEPS = (
    (r"(?:не\s+(?:реже|менее)\s+)?(?:(?:1|один|одного)\s+)?раз[аы]?\s+в\s+(\d+)\s*-\s*(\d+)\s+([а-я]+)",
     "_every_range"),
    (r"(?:не\s+(?:реже|менее)\s+)?(?:(?:1|один|одного)\s+)?раз[аы]?\s+в\s+(\d+)\s+([а-я]+)", "_every_n"),
    (r"(?:не\s+(?:реже|менее)\s+)?(?:(\d+|один|одного|два|две|три|четыре)\s+)?раз[аы]?\s+в\s+"
     r"(день|сутки|неделю|месяц|квартал|четверть|полугодие|полгода|год)(?![а-я])", "_times_per"),
    (r"(ежедневн|еженедельн|ежемесячн|ежеквартальн|ежегодн)[а-я]*", "_adverb"),
    (r"кажд[а-я]*\s+(день|неделю|месяц|квартал|четверть|год)(?![а-я])", "_each"),
    # «до 20 числа каждого месяца», «не позднее 5-го числа месяца, следующего за отчетным»
    (r"(?:(?:до|не\s+позднее|не\s+позже|к)\s+)?(\d{1,2})\s*числа(?:\s+(?:каждого|текущего|ежемесячно)?\s*месяца"
     r"(?:\s*,?\s*следующего\s+за\s+отчетным)?)?", "_day_of_month"),
    # «по итогам четверти», «по окончании каждого полугодия» — at the end of every school term.
    (r"по\s+(?:итогам|окончании|завершении|результатам)\s+(?:каждо[йего]+\s+)?(четверт|полугоди)[а-я]*",
     "_after_each_term"),
    (rf"(?:по\s+|кажд[а-я]*\s+)?({cw.WEEKDAY})", "_weekday"),
)  # fmt: skip


class RecurrenceSteps:
    recurrence: str | None
    warnings: list[str]

    def _set_recurrence(self, value: str) -> None:
        if self.recurrence and self.recurrence != value and not self.recurrence.startswith(value):
            self.warnings.append(f"указано несколько периодичностей — взята первая ({self.recurrence})")
            return
        self.recurrence = self.recurrence or value

    def _every_range(self, m: re.Match):
        try:
            unit = cw.unit_of(m.group(3))
        except ValueError:
            return False
        if unit not in ("day", "week", "month", "year"):
            return False
        self._set_recurrence(f"every {int(m.group(1))}-{int(m.group(2))} {unit}s")

    def _every_n(self, m: re.Match):
        try:
            unit = cw.unit_of(m.group(2))
        except ValueError:
            return False
        if unit not in ("day", "week", "month", "year"):
            return False
        n = int(m.group(1))
        self._set_recurrence(cw.ONCE_PER[unit] if n == 1 else f"every {n} {unit}s")

    def _times_per(self, m: re.Match):
        count = m.group(1) or "1"
        n = _NUMBER_WORDS.get(count) or int(count)
        unit = cw.unit_of(m.group(2))
        self._set_recurrence(cw.ONCE_PER[unit] if n == 1 else f"{n} per {unit}")

    def _adverb(self, m: re.Match):
        unit = {"ежедневн": "day", "еженедельн": "week", "ежемесячн": "month", "ежеквартальн": "quarter"}
        self._set_recurrence(cw.ONCE_PER[unit.get(m.group(1), "year")])

    def _each(self, m: re.Match):
        self._set_recurrence(cw.ONCE_PER[cw.unit_of(m.group(1))])

    def _weekday(self, m: re.Match):
        code = cw.weekday_code(m.group(1))
        if self.recurrence is None or self.recurrence.startswith("weekly"):
            days = set(self.recurrence[7:].split(",")) if self.recurrence and ":" in self.recurrence else set()
            days.add(code)
            self.recurrence = "weekly:" + ",".join(d for d in cw.WEEKDAY_ORDER if d in days)

    def _day_of_month(self, m: re.Match):
        if not 1 <= int(m.group(1)) <= 31:
            return False
        self._set_recurrence("monthly")

    def _after_each_term(self, m: re.Match):
        unit = {"четверт": "quarter", "полугоди": "halfyear"}[m.group(1)]
        self._set_recurrence(cw.ONCE_PER[unit])
