"""Russian calendar words as they appear in roadmap deadlines, and the recurrence vocabulary.

Pure module: regular-expression fragments for months, weekdays and years, the text
normalisation that makes PDF-extracted deadlines regular («21марта» → «21 марта»), and date
arithmetic for months, quarters and school years. `deadlines.py` builds the parser on top.

Recurrence vocabulary (the `recurrence` field of a parsed deadline) — a closed set of strings:

- ``daily``, ``weekly``, ``monthly``, ``quarterly``, ``semiannually``, ``yearly`` — once per unit;
  «1 раз в четверть» (a school term) is ``quarterly``, there being four terms a year;
- ``weekly:<days>`` — on given weekdays, days from ``mon tue wed thu fri sat sun`` joined by
  commas in week order: «Каждую неделю: среда, четверг, пятница» → ``weekly:wed,thu,fri``;
- ``every N <unit>s`` and ``every N-M <unit>s`` — once per N (or N to M) units, unit one of
  ``day week month year``: «не реже 1 раза в 3-4 недели» → ``every 3-4 weeks``;
- ``N per <unit>`` — N (≥ 2) times per unit, unit one of ``day week month quarter halfyear year``:
  «2 раза в месяц» → ``2 per month``.

`is_recurrence` checks a string against this vocabulary.
"""

import calendar
import re
from datetime import date, timedelta

# Stems with every case ending (март, марта, марте, марту) and the usual abbreviations.
# The order inside each alternative puts the longer form first so the regex takes it.
_MONTHS = (
    (r"январ[ьяеюй]|янв", 1),
    (r"феврал[ьяеюй]|февр|фев", 2),
    (r"март[аеу]?|мар", 3),
    (r"апрел[ьяеюй]|апр", 4),
    (r"ма[йяею]", 5),
    (r"июн[ьяеюй]?", 6),
    (r"июл[ьяеюй]?", 7),
    (r"август[аеу]?|авг", 8),
    (r"сентябр[ьяеюй]|сент|сен", 9),
    (r"октябр[ьяеюй]|окт", 10),
    (r"ноябр[ьяеюй]|нояб|ноя", 11),
    (r"декабр[ьяеюй]|дек", 12),
)
_MONTH_RES = [(re.compile(f"(?:{stem})"), number) for stem, number in _MONTHS]

# A month word, not a prefix of a longer word.
MONTH = r"(?<![а-я])(?:" + "|".join(stem for stem, _ in _MONTHS) + r")(?![а-я])\.?"

# A four-digit year with the words that usually follow it («2022 г.», «2022 года»).
YEAR = r"(20\d\d)(?:\s*(?:гг|г|годах|годов|годы|году|года|год)(?![а-я])\.?)?"

_WEEKDAYS = (
    (r"понедельник", "mon"),
    (r"вторник", "tue"),
    (r"сред[аеуы]|средам", "wed"),
    (r"четверг", "thu"),
    (r"пятниц", "fri"),
    (r"суббот", "sat"),
    (r"воскресень", "sun"),
)
WEEKDAY = r"(?<![а-я])(?:" + "|".join(stem for stem, _ in _WEEKDAYS) + r")[а-я]*"
WEEKDAY_ORDER = [code for _, code in _WEEKDAYS]

# Units of a recurrence: Russian stem → vocabulary word.
RECURRENCE_UNITS = (
    (r"дн|день|сутк", "day"),
    (r"недел", "week"),
    (r"месяц", "month"),
    (r"квартал|четверт", "quarter"),
    (r"полугоди|полгод", "halfyear"),
    (r"год|лет", "year"),
)
ONCE_PER = {
    "day": "daily",
    "week": "weekly",
    "month": "monthly",
    "quarter": "quarterly",
    "halfyear": "semiannually",
    "year": "yearly",
}
_RECURRENCE_RE = re.compile(
    r"(?:daily|weekly|monthly|quarterly|semiannually|yearly"
    r"|weekly:(?:mon|tue|wed|thu|fri|sat|sun)(?:,(?:mon|tue|wed|thu|fri|sat|sun))*"
    r"|every \d+(?:-\d+)? (?:day|week|month|year)s"
    r"|\d+ per (?:day|week|month|quarter|halfyear|year))"
)


def is_recurrence(value: str) -> bool:
    return bool(_RECURRENCE_RE.fullmatch(value))


def month_number(word: str) -> int:
    word = word.rstrip(".")
    for pattern, number in _MONTH_RES:
        if pattern.fullmatch(word):
            return number
    raise ValueError(word)


def weekday_code(word: str) -> str:
    for stem, code in _WEEKDAYS:
        if re.match(stem, word):
            return code
    raise ValueError(word)


def unit_of(word: str) -> str:
    for stem, unit in RECURRENCE_UNITS:
        if re.match(stem, word):
            return unit
    raise ValueError(word)


_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b]+")
_ORDINAL = re.compile(r"(\d)\s*-?\s*(?:ого|го|ое|е|й)(?![а-я])")


def normalize(text: str) -> str:
    """Lower-case, one kind of dash and space, digits and words apart, common typos fixed."""
    s = text.lower().replace("ё", "е")
    s = re.sub(r"<[^>]*>", " ", s)
    s = _DASHES.sub("-", s)
    s = s.replace("течении", "течение")  # «в течении года» is the usual misspelling
    s = _ORDINAL.sub(r"\1", s)  # «до 5-го марта», «1-й квартал»
    # PDF extraction loses spaces: «21марта», «декабрь2022», «20-30декабря».
    s = re.sub(r"(\d)([а-я])", r"\1 \2", s)
    s = re.sub(r"([а-я])(\d)", r"\1 \2", s)
    s = _SPACES.sub(" ", s).strip()
    # A Latin letter that looks Cyrillic inside a Russian word («грaфику»).
    s = _MIXED_WORD.sub(lambda m: m.group(0).translate(_LOOKALIKES), s)
    # «март-апрель, 2023 г.»: the year after a comma still belongs to the months before it.
    s = re.sub(rf"({MONTH})\s*,\s*(?=20\d\d(?!\d)(?!\s*[-/]))", r"\1 ", s)
    return _TYPO_WORDS.sub(_fix_typo, s)


_LOOKALIKES = str.maketrans("aeopcxyk", "аеорсхук")
_MIXED_WORD = re.compile(r"(?=[a-zа-я]*[а-я])(?=[a-zа-я]*[aeopcxyk])[a-zа-я]+")

# Words of schedules that are often mistyped («гарфику», «грфику»): a word one edit away from
# one of them is read as it.
_KNOWN_WORDS = ("график", "графика", "графику", "графиком", "графике", "графиков", "графикам")
_TYPO_WORDS = re.compile(r"(?<![а-я])г[а-я]{4,8}(?![а-я])")


def _fix_typo(match: re.Match) -> str:
    word = match.group(0)
    if word in _KNOWN_WORDS:
        return word
    return next((known for known in _KNOWN_WORDS if _one_edit_apart(word, known)), word)


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter changed, added, dropped, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


_BRACKETED = re.compile(r"\([^()]*\)")


def blank_brackets(text: str) -> str:
    """The text with every bracketed part (innermost first) turned to spaces, positions kept."""
    while True:
        blanked = _BRACKETED.sub(lambda m: " " * len(m.group(0)), text)
        if blanked == text:
            return text
        text = blanked


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), month_end(year, month)


def day_before(day: date) -> date:
    return day - timedelta(days=1)


def calendar_year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def school_year(first_year: int) -> tuple[date, date]:
    """A school year runs from 1 September to 31 August of the next year."""
    return date(first_year, 9, 1), date(first_year + 1, 8, 31)


ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def quarter_number(token: str) -> int:
    return ROMAN_QUARTERS.get(token) or int(token)


def teaching_year(first_year: int) -> tuple[date, date]:
    """The months of lessons of a school year: 1 September to 31 May of the next year."""
    return date(first_year, 9, 1), date(first_year + 1, 5, 31)
