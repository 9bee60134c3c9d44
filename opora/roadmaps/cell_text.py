"""Text of roadmap cells: item numbers, executors split into names, rows broken by a page break.

Pure module, used by `parse.py`.
"""

import re

from . import calendar_words as cw

# «1», «1.1», «2.3.1», «1а», «1.2б»
_NUMBER = re.compile(r"\d+(?:\.\d+)*(?:[а-яa-z])?")
_ROMAN = re.compile(r"[IVXLC]+")


def normalize_number(text: str) -> str:
    """«1.1.» → «1.1», «4. 8» → «4.8», «№ 5» → «5», «1а)» → «1а», «II.» → «II»; anything else is
    kept as written."""
    compact = re.sub(r"\s+", "", text.replace("№", "")).rstrip(".)")
    if _NUMBER.fullmatch(compact) or _ROMAN.fullmatch(compact):
        return compact
    return " ".join(text.split())


def is_item_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(normalize_number(text)))


def is_roman(number: str) -> bool:
    return bool(_ROMAN.fullmatch(number))


# -- rows broken across a page ------------------------------------------------------------------

_HYPHENATED = re.compile(r"([A-Za-zА-Яа-яЁё]+)-$")
_LAST_WORD = re.compile(r"([а-яё]+)$")
_FIRST_WORD = re.compile(r"([а-яё]+)")


def is_month_word(word: str) -> bool:
    return _is_month(word)


def _is_month(word: str) -> bool:
    try:
        cw.month_number(word.lower())
    except ValueError:
        return False
    return True


def join_broken(before: str, after: str) -> str:
    """Join the two halves of a cell that a page break cut in two.

    «Февраль-» + «декабрь» keeps its hyphen (a range of months); «обу-» + «чающихся» loses it (a
    word hyphenated at the line end). PDF extraction sometimes repeats the tail of such a word
    on the next page — «обучающихся» + «чающихся, и …» — and the repeat is dropped.
    """
    if not before or not after:
        return before or after
    hyphen = _HYPHENATED.search(before)
    if hyphen and after[0].islower():
        word, following = hyphen.group(1), after.split()[0].strip(",.;:")
        if _is_month(word) or _is_month(following):
            return before + after
        return before[:-1] + after
    last, first = _LAST_WORD.search(before), _FIRST_WORD.match(after)
    if last and first:
        tail = first.group(1)
        if len(tail) >= 5 and last.group(1) != tail and last.group(1).endswith(tail):
            return before + after[len(tail) :]
    return f"{before} {after}"


# -- executors ----------------------------------------------------------------------------------

_INITIALS_ONLY = re.compile(r"\s*[А-ЯЁ]\.\s?[А-ЯЁ]\.?\s*")
_ENDS_WITH_INITIAL = re.compile(r"(?:^|[\s.])[А-ЯЁA-Z]\.$")
# Short words that end with a period without ending a sentence: «с. Акша», «ул. Ленина».
_ABBREVIATIONS = {"г", "с", "п", "д", "пос", "ул", "им", "пр", "обл", "р-н", "ст", "т", "др", "см"}
# «Фамилия И.О. Фамилия» or «Фамилия И.О. муниципальная рабочая группа» (a PDF cell's lines run
# together): nothing after a person's initials belongs to that person.
_AFTER_NAME = re.compile(r"([А-ЯЁ][а-яё]+ [А-ЯЁ]\.\s?[А-ЯЁ]\.)\s+(?=[А-ЯЁа-яё][а-яё])")
# «Муниципальный куратор Муниципальный координатор»: two roles run together, the second
# starting with a capital after a lower-case word. Only the usual role words, in the nominative,
# so «Отдел образования Администрации …» stays whole.
_ROLE_START = re.compile(
    r"(?<=[а-яё])\s+(?=(?:Муниципальн(?:ый|ая|ое|ые)|Школьн(?:ый|ая|ые)|Директор(?:а|ы)?|Руководител[ьи]"
    r"|Рабочая|Председатель|Заместитель|Методист(?:ы)?|Куратор(?:ы)?|Координатор(?:ы)?|Классные"
    r"|Специалист(?:ы)?|Начальник|Участники)(?![а-яё]))"
)


def split_executors(text: str) -> list[str]:
    """«Ласкожевская Е.В., Калькина С.Ю., муниципальная рабочая группа» → three executors.

    Split at new lines, «;», commas outside quotes and brackets, the end of a sentence
    («Рабочая группа КО. Председатель КО.»), between «Фамилия И.О.» and the next name, and between
    two role names run together. Initials are never split; repeats are dropped.
    """
    names: list[str] = []
    for line in re.split(r"[\n;]+", text):
        for part in _split_commas(line):
            for sentence in _split_sentences(part):
                for piece in _AFTER_NAME.sub("\\1\n", sentence).split("\n"):
                    names.extend(_ROLE_START.split(piece))
    cleaned = (_tidy_name(name) for name in names)
    return list(dict.fromkeys(name for name in cleaned if name))


def _split_commas(text: str) -> list[str]:
    parts, depth, current = [], 0, []
    for index, char in enumerate(text):
        if char in "«(„“":
            depth += 1
        elif char in "»)”" and depth:
            depth -= 1
        if char == "," and depth == 0:
            rest = text[index + 1 :]
            following = rest.lstrip()
            next_part = rest.split(",")[0]
            # «№ 4, 8, 33» and «Иванов, И.И.» stay whole.
            if not following[:1].isdigit() and not _INITIALS_ONLY.fullmatch(next_part):
                parts.append("".join(current))
                current = []
                continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _split_sentences(text: str) -> list[str]:
    parts, start = [], 0
    for match in re.finditer(r"\.+\s+(?=[А-ЯЁA-Z])", text):
        word = re.search(r"([^\s.]+)$", text[start : match.start()])
        # An initial (one letter) or a known abbreviation does not end a sentence.
        if word and len(word.group(1)) >= 2 and word.group(1).lower() not in _ABBREVIATIONS:
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


def _tidy_name(name: str) -> str:
    name = " ".join(name.split()).strip(" ,;:")
    while name.endswith(".") and not _ENDS_WITH_INITIAL.search(name):
        name = name[:-1].rstrip()
    return name
