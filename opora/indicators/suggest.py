"""Which indicators an item's indicator text is about: word overlap with Russian normalisation.

Pure: no Django. Lower case, ё → е, words of three letters or more, stems cut by common endings,
a few service words dropped; indicators ranked by how many stems of the text they share."""

from __future__ import annotations

import re

ENDINGS = sorted(
    """ами ями ого его ому ему ыми ими ых их ой ей ая яя ое ее ые ие ую юю ом ем ам ям ах ях ов ев
    ий ый ия ие ья ье а я о е ы и у ю ь й""".split(),
    key=len,
    reverse=True,
)
STOP = {
    "доля",
    "доли",
    "долю",
    "количество",
    "число",
    "которых",
    "которые",
    "котор",
    "для",
    "при",
    "том",
    "числе",
    "менее",
    "более",
    "чем",
    "всех",
    "все",
}
WORD = re.compile(r"[а-яa-z0-9]+")


def stem(word: str) -> str:
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def stems(text: str) -> set[str]:
    words = WORD.findall(text.lower().replace("ё", "е"))
    return {stem(w) for w in words if len(w) >= 3 and w not in STOP}


def rank(text: str, titles: dict[int, str], limit: int = 5) -> list[int]:
    """Ids of the titles sharing stems with the text, the most shared first (ties by id)."""
    wanted = stems(text)
    if not wanted:
        return []
    scored = [(len(wanted & stems(title)), key) for key, title in titles.items()]
    return [key for score, key in sorted(scored, key=lambda s: (-s[0], s[1])) if score > 0][:limit]
