"""Who an item's executors are: people of the registry named in them, and roles named in them.

«Ласкожевская Е.В.», «Е.В. Ласкожевская», «Ласкожевская Елена Викторовна» all name the same
person; «муниципальный координатор», «кураторы ШНОР», «руководители ОО» name roles."""

from __future__ import annotations

import re

ROLE_WORDS = (
    ("regional_coordinator", r"региональн\w* координатор"),
    ("regional_operator", r"региональн\w* оператор|цнппм|ниро|иро\b"),
    ("municipal_coordinator", r"муниципальн\w* координатор|муниципальн\w* рабоч\w* групп|управлени\w* образовани"),
    ("curator", r"куратор"),
    (
        "school_team",
        r"руководител\w* (?:оо|шнор|школ|общеобразовательн)|директор|управленческ\w* команд"
        r"|администраци\w* (?:оо|школ)",
    ),
)
_ROLE_RES = [(role, re.compile(pattern)) for role, pattern in ROLE_WORDS]


def name_keys(last: str, first: str, middle: str) -> set[str]:
    """The spellings of a person's name that roadmaps use, normalised."""
    last = last.lower().replace("ё", "е")
    i1, i2 = (first[:1] or "").lower(), (middle[:1] or "").lower()
    keys = {f"{last} {i1}{i2}", f"{i1}{i2} {last}"}
    if first:
        keys.add(f"{last} {first.lower()} {middle.lower()}".strip())
    return keys


def _normalise(text: str) -> str:
    text = text.lower().replace("ё", "е")
    text = re.sub(r"([а-я])\.\s*", r"\1", text)  # «Е. В.» → «ев»
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def mentioned_keys(executors: list[str]) -> set[str]:
    """Two- and three-word windows of the executor texts, to look names up in."""
    keys = set()
    for text in executors:
        words = _normalise(text).split()
        for size in (2, 3):
            keys.update(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))
    return keys


def roles_named(executors: list[str]) -> str:
    text = " ".join(executors).lower().replace("ё", "е")
    found = [role for role, pattern in _ROLE_RES if pattern.search(text)]
    return f",{','.join(found)}," if found else ""
