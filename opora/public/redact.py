"""Roadmap executors as the public may read them: positions and roles as written, no one's name.

«Директор Иванова М.П.», «И.И. Петров, заместитель директора по УВР», «Сидорова Анна Викторовна
(учитель математики)» → «Директор», «заместитель директора по УВР», «учитель математики».
Pure: no Django."""

from __future__ import annotations

import re

UPPER, LOWER = "А-ЯЁ", "а-яё"
SURNAME = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?"
INITIALS = rf"[{UPPER}]\.\s*(?:[{UPPER}]\.)?"
PATRONYMIC = rf"[{UPPER}][{LOWER}]+(?:вич|вна|чна|ична|оглы|кызы)"
# Applied in this order: «Куратор Е.В. Ласкожевская» loses the initials with the surname after
# them before «Куратор Е.В.» could be taken for a surname with initials.
NAME_PATTERNS = tuple(
    re.compile(p)
    for p in (
        rf"{SURNAME}\s+[{UPPER}][{LOWER}]+\s+{PATRONYMIC}",  # Сидорова Анна Викторовна
        rf"[{UPPER}][{LOWER}]+\s+{PATRONYMIC}\s+{SURNAME}",  # Анна Викторовна Сидорова
        rf"{INITIALS}\s*{SURNAME}",  # И.И. Петров
        rf"{SURNAME}\s*{INITIALS}",  # Иванова М.П.
    )
)


def _tidy(text: str) -> str:
    text = re.sub(r"\(\s*[,;–—-]?\s*\)", "", text)
    text = re.sub(r"\s*([,;])\s*(?=[,;]|$)", "", text)
    text = re.sub(r"\s{2,}", " ", text)
    return text.strip(" ,;:–—-()")


def without_names(text: str, known: tuple[str, ...] = ()) -> str:
    """The text with people's names taken out: by their shapes, and the `known` words (surnames
    and first names of people linked to the item) wherever they stand."""
    for pattern in NAME_PATTERNS:
        text = pattern.sub("", text)
    for word in known:
        if len(word) > 1:
            text = re.sub(rf"\b{re.escape(word)}\b", "", text, flags=re.IGNORECASE)
    return _tidy(text)


def positions(executors: list[str], known: tuple[str, ...] = ()) -> list[str]:
    """The executors' positions and roles, each once, in their order; empty ones dropped."""
    found = []
    for text in executors:
        for part in re.split(r"\s*[;\n]\s*", text):
            cleaned = without_names(part, known)
            if cleaned and cleaned not in found:
                found.append(cleaned)
    return found
