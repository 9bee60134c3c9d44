"""The school calendar in deadlines: seasons, halves of the year, holidays, the school year.
A mixin of `deadlines._Reader`; pure.

- A season is its three months: «весной» March–May, «летом 2022» June–August 2022, «осенью»
  September–November, without a warning. In a school-year roadmap spring and summer fall in
  its second year. Winter runs over New Year: in a school-year roadmap it is December–February
  of that school year; in a calendar-year roadmap it is two pieces of two winters, so it gives
  no dates and a warning.
- «в течение учебного года», «учебный год», «2020-2021 учебный год»: September to May, the
  months of lessons. In a calendar-year roadmap a school year without numbers is the one that
  ends in the roadmap's year, with a warning naming it.
- «I полугодие», «в течение 2 полугодия» with no year in a school-year roadmap are the halves
  of the school year (September–December, January–May); otherwise of the calendar year.
- «летние каникулы» is the summer; «в каникулярное время», «в период каникул» name holidays
  whose dates each school sets, inside the roadmap period: the deadline spans the period.
"""

import re
from datetime import date

from . import calendar_words as cw

Y = cw.YEAR

SCHOOL_YEARS = r"(?:в\s+)?(20\d\d)\s*[-/]\s*(20\d\d|\d\d)\s*(?:гг?\.?\s*)?(?:учебн[а-я]*|уч\.)\s*(?:год[а-я]*|г\.)?"

# Season word stems → (first month, last month).
_SEASONS = {"вес": (3, 5), "лет": (6, 8), "осен": (9, 11), "зим": (12, 2)}

# (pattern, handler name) in the order the reader tries them, after months and quarters.
SEASON_STEPS = (
    (rf"(?<![\d\w])([12]|ii|i|перв[а-я]*|втор[а-я]*)\s+полугоди[а-я]*(?:\s+{Y})?", "_half_year"),
    (r"до\s+конца\s+(учебного\s+|календарного\s+)?года", "_until_year_end"),
    (r"(?:в\s+)?(?:течение\s+)?(?:всего\s+)?(?:текущего\s+|нового\s+)?учебн[а-я]*\s+год[а-я]*", "_whole_school_year"),
    (rf"(?:в\s+(?:период\s+)?)?(летн|весенн|осенн|зимн)[а-я]*\s+каникул[а-я]*(?:\s+{Y})?", "_season"),
    (r"(?:в\s+|во\s+время\s+|на\s+)?(?:каникулярн[а-я]*\s+(?:время|период[а-я]*)|(?:период[а-я]*\s+)?"
     r"(?:школьных\s+)?каникул[а-я]*)", "_holidays"),
    (rf"(?:в\s+)?(?:(?:(лет|вес|осен|зим)н[а-я]*\s+(?:период[а-я]*|время|месяц[а-я]*))"
     rf"|(лет)(?:ом|о|а)|(вес)н(?:ой|а|у)|(осен)(?:ью|ь)|(зим)(?:ой|а|у))(?![а-я])(?:\s+{Y})?", "_season"),
)  # fmt: skip


class SeasonSteps:
    year: int | None
    school: bool
    warnings: list[str]
    understood: bool

    def _school_years(self, m: re.Match):
        first = int(m.group(1))
        second = int(m.group(2)) if len(m.group(2)) == 4 else 2000 + int(m.group(2))
        if second != first + 1:
            self.warnings.append(f"учебный год {first}-{second} — годы не подряд, взят {first}/{first + 1}")
        self._add(m.start(), *cw.teaching_year(first))

    def _half_year(self, m: re.Match):
        first_half = m.group(1) in ("1", "i") or m.group(1).startswith("перв")
        if self.school and not m.group(2) and self.year is not None:
            # The halves of the school year: September–December, January–May.
            span = (date(self.year, 9, 1), date(self.year, 12, 31)) if first_half else cw.teaching_year(self.year)
            self._add(m.start(), span[0] if first_half else date(self.year + 1, 1, 1), span[1])
            return None
        months = (1, 6) if first_half else (7, 12)
        years = self._resolve_years([(months[0], 0, self._year_of(m.group(2)))])
        if years:
            self._add(m.start(), date(years[0], months[0], 1), cw.month_end(years[0], months[1]))

    def _school_year_meant(self) -> tuple[date, date] | None:
        if self.year is None:
            self.warnings.append("не указан учебный год, а год дорожной карты неизвестен")
            return None
        if self.school:
            return cw.teaching_year(self.year)
        self.warnings.append(f"«учебный год» понят как {self.year - 1}/{self.year} учебный год")
        return cw.teaching_year(self.year - 1)

    def _until_year_end(self, m: re.Match):
        if not (m.group(1) or "").startswith("учеб"):
            return self._whole_period(m)
        meant = self._school_year_meant()
        if meant:
            first = self._period()[0] if self.year else meant[0]
            self._add(m.start(), min(first, meant[1]), meant[1])

    def _whole_school_year(self, m: re.Match):
        period = self._school_year_meant()
        if period:
            self._add(m.start(), *period)

    def _holidays(self, m: re.Match):
        # Each school sets its holidays; they lie inside the roadmap period.
        self._whole_period(m)

    def _season(self, m: re.Match):
        stem = next(group for group in m.groups()[:-1] if group)
        first, last = _SEASONS[next(key for key in _SEASONS if stem.startswith(key))]
        year = self._year_of(m.groups()[-1])
        if first > last:  # winter
            if year is None and self.school and self.year is not None:
                self._add(m.start(), date(self.year, 12, 1), cw.month_end(self.year + 1, 2))
            else:
                self.understood = True
                self.warnings.append(f"«{m.group(0).strip()}» захватывает два года — укажите месяцы")
            return None
        years = self._resolve_years([(first, 0, year)])
        if years:
            self._add(m.start(), cw.month_span(years[0], first)[0], cw.month_end(years[0], last))
