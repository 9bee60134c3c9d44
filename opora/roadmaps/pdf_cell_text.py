"""The text of a PDF table cell pieced together from its lines, as the writer typed it. Pure;
used by `pdf_tables`.

A line that ends because the cell was full goes on with a space; a word too long for the cell,
cut at its edge without a hyphen, is joined back («образовательн» + «ые»): the writer put no space
after the piece, the piece fills the line to the edge, and the document does not write the pieces
as words beside others; a line-end hyphen is dropped where it cut a word («органи-» + «зации») and
kept where it is the text's («2021-» + «2022», «Февраль-» + «март», «школ-» + «участниц» when
«школ» is a word of the document, «научно-» + «методический»); a line that ends short of the edge
ends a paragraph, and so does a full one before a capitalised word (the next executor) or a list
item.
"""

import re
from collections import Counter
from dataclasses import dataclass

from . import cell_text


@dataclass
class Line:
    words: list[dict]

    @property
    def text(self) -> str:
        return " ".join(word["text"] for word in self.words)

    @property
    def x1(self) -> float:
        return self.words[-1]["x1"]

    @property
    def top(self) -> float:
        return min(word["top"] for word in self.words)

    @property
    def bottom(self) -> float:
        return max(word["bottom"] for word in self.words)


@dataclass
class Cell:
    lines: list[Line]
    right: float  # where the cell's text must stop (its column's rightmost text)


_HYPHEN_END = re.compile(r"([A-Za-zА-Яа-яЁё]+)[-\u00ad]$")
IN_COMPANY = "\x00"  # the key prefix in the vocabulary of words seen beside others on a line
# Endings of Russian words: the usual tail of a word cut at the cell's edge. «и», «е» are also
# words; after a piece that the document never writes as a word they are the tail.
_ENDINGS = set(
    "а е и й о у ы ь ю я ая ое ой ом ем ые ых их ым им ий ый ей ия ие ии ию ях ям ами ями ов ев ах ам "
    "ть ся сти ция ции ние ния нии ванию ния".split()
)
_CAPITALISED = re.compile(r"[А-ЯЁA-Z][а-яёa-z]")
_LIST_START = re.compile(r"[-–—•·]|\d+[.)]\s")


def cell_string(cell: Cell, vocabulary: Counter) -> str:
    """The cell's lines joined as the writer typed them (see the module docstring)."""
    if not cell.lines:
        return ""
    text = cell.lines[0].text
    left = min(line.words[0]["x0"] for line in cell.lines)
    for previous, line in zip(cell.lines, cell.lines[1:], strict=False):
        wrapped = _wrapped(previous, line, cell.right)
        text = join_lines(text, line.text, wrapped, wrapped and _cut_at_edge(previous, line, left, cell.right),
                          vocabulary)  # fmt: skip
    return text


def join_lines(before: str, after: str, wrapped: bool, at_edge: bool, vocabulary: Counter) -> str:
    """Two lines of a cell as one text. `wrapped`: the first ended because the next word did not
    fit; `at_edge`: it is one word that reaches the cell's edge (a word too long for the cell)."""
    first = after.split()[0] if after.split() else ""
    hyphen = _HYPHEN_END.search(before)
    if hyphen and wrapped and first[:1].islower():
        if _keeps_hyphen(hyphen.group(1), first, vocabulary):
            return before[:-1] + "-" + after
        return before[:-1] + after
    if wrapped and re.search(r"\S-$", before):
        return before + after  # «2021-» / «2022»: a hyphen between two words or numbers
    if at_edge and first[:1].islower():
        # One word on a full line: a word too long for the cell, cut without a hyphen — unless the
        # pieces are words the document writes beside others, and it does not write them joined.
        piece, rest = before.split()[-1].lower().lstrip("«("), first.lower().strip(",.;:«»()")
        whole = vocabulary[IN_COMPANY + piece] or vocabulary[IN_COMPANY + rest]
        ending = rest in _ENDINGS and not vocabulary[IN_COMPANY + piece]  # «анкетировани» + «и»
        if piece[-1:].isalpha() and (vocabulary[piece + rest] or ending or not whole):
            return before + after
    # After a full line a capitalised word begins a new paragraph (the next executor: «Рабочая
    # группа КО» / «Председатель КО»), unless it is initials («Иванова» / «И.И.») or capitals (КО).
    if wrapped and not _LIST_START.match(after) and not _CAPITALISED.match(first):
        return f"{before} {after}"
    return f"{before}\n{after}"


def char_width(word: dict) -> float:
    return (word["x1"] - word["x0"]) / max(len(word["text"]), 1)


def _wrapped(previous: Line, line: Line, right: float) -> bool:
    """The line ended because the next word did not fit, not because its paragraph ended."""
    first = line.words[0]
    return previous.x1 + char_width(first) + (first["x1"] - first["x0"]) > right + 0.5


def _cut_at_edge(previous: Line, line: Line, left: float, right: float) -> bool:
    """The line is one word that fills it to the edge, and with the next line's first piece it
    would be wider than the cell: a word too long for the cell, cut where the cell ends."""
    if len(previous.words) != 1:
        return False
    piece, rest = previous.words[0], line.words[0]
    if piece.get("space"):
        return False  # the writer put a space after it: the line broke between words
    at_edge = previous.x1 >= right - 1.5 * char_width(piece)
    return at_edge and (piece["x1"] - piece["x0"]) + (rest["x1"] - rest["x0"]) > right - left + 0.5


def _keeps_hyphen(before: str, after: str, vocabulary: Counter) -> bool:
    after = after.strip(",.;:»)")
    joined, dashed = (before + after).lower(), f"{before}-{after}".lower()
    if vocabulary[dashed] > vocabulary[joined]:
        return True
    if vocabulary[joined]:
        return False
    # A word hyphenated at the line end is cut into pieces that are no words («органи-», «зации»);
    # a compound keeps whole words («школ-участниц») or a stem in «-о» («учебно-методический»).
    if vocabulary[before.lower()] or vocabulary[after.lower()]:
        return True
    return cell_text.is_month_word(before) or cell_text.is_month_word(after) or before.lower().endswith(("о", "е"))
