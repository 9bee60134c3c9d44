"""Matching the participants of a webinar platform's export to people of the registry.

Pure: no Django. A row is matched by e-mail first, then by name, ignoring case and ё/е, accepting
initials («Иванова А.В.», «А. В. Иванова») and any order of the names («Анна Иванова»). The
answer is never a guess: one strong candidate is a match, several are «ambiguous» for the user to
choose from, none is «unmatched»."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MATCHED, AMBIGUOUS, UNMATCHED = "matched", "ambiguous", "unmatched"

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_LETTERS = re.compile(r"[^\w\-]+")


def normalise(text: str) -> str:
    """Lower case, ё → е, punctuation to spaces, single spaces."""
    text = (text or "").lower().replace("ё", "е")
    return " ".join(_NOT_LETTERS.sub(" ", text).replace("_", " ").split())


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def name_tokens(name: str) -> tuple[list[str], list[str]]:
    """Full words and initials of a displayed name, in order. Remarks in brackets are dropped
    («Иванова Анна (СОШ №5)»); «А.В.» gives two initials."""
    text = _BRACKETS.sub(" ", name or "").replace(".", ". ")
    words, initials = [], []
    for token in normalise(text).split():
        token = token.strip("-")
        if not token or token.isdigit():
            continue
        (initials if len(token) == 1 else words).append(token)
    return words, initials


def guest_key(name: str, email: str) -> str:
    """The same guest in any file: the e-mail, else the name's words in alphabetical order."""
    if normalise_email(email):
        return f"email:{normalise_email(email)}"
    words, initials = name_tokens(name)
    return "name:" + " ".join(sorted(words) + initials)


@dataclass(frozen=True)
class Candidate:
    """A registry person as the matcher sees them."""

    id: int
    last_name: str
    first_name: str
    middle_name: str = ""
    email: str = ""


@dataclass(frozen=True)
class Match:
    state: str  # MATCHED, AMBIGUOUS or UNMATCHED
    ids: tuple[int, ...] = ()  # the match, or the candidates to choose from

    @property
    def person_id(self) -> int | None:
        return self.ids[0] if self.state == MATCHED else None


def _strength(words: list[str], initials: list[str], person: Candidate) -> int:
    """2: surname and first name (word or initial) agree; 1: only the surname; 0: not this person."""
    last, first, middle = normalise(person.last_name), normalise(person.first_name), normalise(person.middle_name)
    if not last or last not in words:
        return 0
    rest = list(words)
    rest.remove(last)
    names = [n for n in (first, middle) if n]
    if any(word not in names for word in rest):
        return 0
    if first in rest:
        # «Иванова Анна В.»: a remaining initial is the patronymic's.
        if initials and middle and initials[0] != middle[0]:
            return 0
        return 2
    if rest:  # only the patronymic written out: not enough to tell two Anna's apart
        return 1
    if initials:
        if not first or initials[0] != first[0]:
            return 0
        if len(initials) > 1 and middle and initials[1] != middle[0]:
            return 0
        return 2
    return 1


def match_person(name: str, email: str, people: Iterable[Candidate]) -> Match:
    people = list(people)
    address = normalise_email(email)
    words, initials = name_tokens(name)
    if address:
        by_email = [p for p in people if normalise_email(p.email) == address]
        if len(by_email) == 1:
            return Match(MATCHED, (by_email[0].id,))
        if len(by_email) > 1:
            strong = [p.id for p in by_email if _strength(words, initials, p) == 2]
            if len(strong) == 1:
                return Match(MATCHED, tuple(strong))
            return Match(AMBIGUOUS, tuple(p.id for p in by_email))
    scored = [(p.id, _strength(words, initials, p)) for p in people]
    strong = tuple(pid for pid, score in scored if score == 2)
    if len(strong) == 1:
        return Match(MATCHED, strong)
    if strong:
        return Match(AMBIGUOUS, strong)
    weak = tuple(pid for pid, score in scored if score == 1)
    if weak:
        return Match(AMBIGUOUS, weak)
    return Match(UNMATCHED)


class PeopleIndex:
    """A region's people indexed by e-mail and surname, so a file of hundreds of rows is matched
    against tens of thousands of people without comparing every row with every person."""

    def __init__(self, people: Iterable[Candidate]):
        self.by_email: dict[str, list[Candidate]] = {}
        self.by_surname: dict[str, list[Candidate]] = {}
        for person in people:
            if normalise_email(person.email):
                self.by_email.setdefault(normalise_email(person.email), []).append(person)
            self.by_surname.setdefault(normalise(person.last_name), []).append(person)

    def match(self, name: str, email: str) -> Match:
        words, _ = name_tokens(name)
        near = {p.id: p for p in self.by_email.get(normalise_email(email), [])}
        for word in words:
            near.update((p.id, p) for p in self.by_surname.get(word, []))
        return match_person(name, email, near.values())
