"""Names of assessment procedures: the many spellings people use → canonical codes.

Canonical codes are ``vpr{grade}_{subject}`` (ВПР, by grade), ``oge_{subject}`` and ``ege_{subject}``.
Regional spreadsheets write the same procedure a dozen ways («ВПР 5 РУ», «ВПР РУ 5»,
«ВПР по русскому языку (5 класс)», «vpr5_ru»), so parsing works on tokens in any order.
Unknown text gives ``None`` so that the file reader can report it by row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Subject:
    code: str
    abbreviation: str  # as in order appendices: «ВПР 5 РУ»
    title: str
    patterns: tuple[str, ...]  # regular expressions matched against the whole subject part


# The table is the one place to extend: add a row and every reader accepts the new subject.
SUBJECTS: tuple[Subject, ...] = (
    Subject("ru", "РУ", "русский язык", ("ру", "ря", "рус", r"русск\w*(?: язык\w*)?", "ru", "rus", "russian")),
    Subject("ma", "МА", "математика", ("ма", "мат", r"матем\w*", "ma", r"math\w*")),
    Subject("om", "ОМ", "окружающий мир", ("ом", "окр", r"окруж\w*(?: мир\w*)?", "om")),
    Subject("bi", "БИ", "биология", ("би", "био", r"биолог\w*", "bi", r"bio\w*")),
    Subject("hi", "ИС", "история", ("ис", "ист", r"истор\w*", "hi", r"hist\w*")),
    Subject("ob", "ОБ", "обществознание", ("об", "общ", r"обществ\w*", "ob", r"soc\w*")),
    Subject("ge", "ГЕ", "география", ("ге", "гео", r"географ\w*", "ge", r"geo\w*")),
    Subject("fi", "ФИ", "физика", ("фи", "физ", r"физик\w*", "fi", r"phys\w*")),
    Subject("hm", "ХИ", "химия", ("хи", "хим", r"хими\w*", "hm", r"chem\w*")),
    Subject("in", "ИН", "информатика", ("ин", "инф", r"информат\w*", "in", r"informat\w*")),
    Subject("li", "ЛИ", "литература", ("ли", "лит", r"литерат\w*", "li", r"lit\w*")),
    Subject("en", "АЯ", "английский язык", ("ая", "англ", r"англ\w*(?: язык\w*)?", "en", r"engl\w*")),
)

_SUBJECT_BY_CODE = {s.code: s for s in SUBJECTS}
_SUBJECT_ORDER = {s.code: i for i, s in enumerate(SUBJECTS)}
_SUBJECT_RES = tuple((s.code, re.compile("|".join(f"(?:{p})" for p in s.patterns))) for s in SUBJECTS)

_KINDS = {"впр": "vpr", "vpr": "vpr", "огэ": "oge", "oge": "oge", "егэ": "ege", "ege": "ege"}
_KIND_LABEL = {"vpr": "ВПР", "oge": "ОГЭ", "ege": "ЕГЭ"}
_KIND_ORDER = {"vpr": 0, "oge": 1, "ege": 2}
# The grade an exam is written in; saying it («ОГЭ 9 класс») is allowed but adds nothing.
_EXAM_GRADE = {"oge": 9, "ege": 11}

# Words that carry no meaning for the code: prepositions, «класс» in all its forms, the
# profile level of ЕГЭ by mathematics (the programme counts the profile exam as ЕГЭ МА).
_FILLERS = frozenset(
    "по кл класс класса классе классы классов й го ый ой х в для уровень уровня "
    "профиль профильный профильная профильного профильной п предмет яз".split()
)
# ФИС ОКО names its works «Проведение работы по русскому языку, 5 класс. ВПР 2021»; the year there
# belongs to the name, not to the procedure.
_FIS_OKO_RE = re.compile(r"^\s*проведение\s+работы\s+(по\s+.+?),?\s*(\d{1,2})\s*класс\w*\.?\s*впр(?:\s+20\d\d)?\s*$")
# «ВПР РУ 5 (по программе 4 класса)»: written in grade 5, the grade-4 work — named by the work.
_PROGRAMME_RE = re.compile(r"\(?\s*по\s+программе\s+(\d{1,2})\s*(?:-?го\s*)?класс\w*\s*\)?")

# Latin letters that look like Cyrillic ones: «OГЭ» typed with a Latin O is still ОГЭ.
_LOOKALIKES = str.maketrans("aceopxykmthb", "асеорхукмтнв")
_TOKEN_RE = re.compile(r"\d+|[^\W\d_]+")
_CODE_RE = re.compile(r"^(vpr(\d{1,2})|oge|ege)_([a-z]+)$")


def _tokens(text: str) -> list[str]:
    tokens = _TOKEN_RE.findall(text.lower().replace("ё", "е"))
    result = []
    for token in tokens:
        has_cyrillic = any("а" <= ch <= "я" for ch in token)
        has_latin = any("a" <= ch <= "z" for ch in token)
        result.append(token.translate(_LOOKALIKES) if has_cyrillic and has_latin else token)
    return result


@lru_cache(maxsize=4096)
def parse_procedure(text: str | None) -> str | None:
    """Return the canonical code for a procedure name, or ``None`` when it is not recognised."""
    if not text:
        return None
    lowered = text.lower().replace("ё", "е")
    fis_oko = _FIS_OKO_RE.match(lowered)
    if fis_oko:
        return parse_procedure(f"ВПР {fis_oko.group(2)} {fis_oko.group(1)}")
    programme = _PROGRAMME_RE.search(lowered)
    if programme:
        rest = _PROGRAMME_RE.sub(" ", lowered)
        rest = " ".join(t for t in _tokens(rest) if not t.isdigit())
        return parse_procedure(f"{rest} {programme.group(1)}")
    kind = None
    grades: set[int] = set()
    rest: list[str] = []
    for token in _tokens(text):
        if token in _KINDS:
            if kind is not None and kind != _KINDS[token]:
                return None
            kind = _KINDS[token]
        elif token.isdigit():
            grades.add(int(token))
        elif token not in _FILLERS:
            rest.append(token)
    if kind is None or not rest:
        return None
    subject = next((code for code, rx in _SUBJECT_RES if rx.fullmatch(" ".join(rest))), None)
    if subject is None:
        return None
    if kind == "vpr":
        if len(grades) != 1:
            return None
        grade = grades.pop()
        return f"vpr{grade}_{subject}" if 2 <= grade <= 11 else None
    if grades - {_EXAM_GRADE[kind]}:
        return None
    return f"{kind}_{subject}"


@lru_cache(maxsize=1024)
def procedure_label(code: str) -> str:
    """The Russian label used in order appendices: «ВПР 5 РУ», «ОГЭ МА»."""
    match = _CODE_RE.match(code)
    if not match:
        return code
    kind = "vpr" if match.group(2) else match.group(1)
    subject = _SUBJECT_BY_CODE.get(match.group(3))
    abbreviation = subject.abbreviation if subject else match.group(3).upper()
    if kind == "vpr":
        return f"ВПР {int(match.group(2))} {abbreviation}"
    return f"{_KIND_LABEL[kind]} {abbreviation}"


@lru_cache(maxsize=1024)
def procedure_sort_key(code: str) -> tuple[int, int, int, str]:
    """Order of columns in appendices: ВПР by grade, then ОГЭ, then ЕГЭ; Russian before mathematics."""
    match = _CODE_RE.match(code)
    if not match:
        return (9, 0, 99, code)
    kind = "vpr" if match.group(2) else match.group(1)
    grade = int(match.group(2)) if match.group(2) else 0
    return (_KIND_ORDER[kind], grade, _SUBJECT_ORDER.get(match.group(3), 99), code)
