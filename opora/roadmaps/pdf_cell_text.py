"""The text of a PDF table cell pieced together from its lines, as the writer typed it. Pure;
used by `pdf_tables`.

A line that ends because the cell was full goes on with a space. A line of one word that fills the
cell to its edge is either a whole word or a word too long for the cell, cut there without a hyphen
(«образовательн» + «ые»); the writer (LibreOffice, Word) writes no space at a line's end to tell,
and the geometry is the same, so the document's own words decide (`_cut_word`): the pieces written
joined elsewhere, the piece written whole elsewhere (between words, before punctuation, or ending a
line short of the edge), a rest that no word begins with («ых», «ьного»), and else the letters —
how often the document's words end the way the piece ends and begin the way the rest begins
(«Актуализация» + «пакета» are two words, «общеобразова» + «тельных» one). A word cut just before
a page break is carried over to its rest on the next page (`carry_cut_word`). A line-end hyphen is
dropped where it cut a word («органи-» + «зации») and kept where it is the text's («2021-» +
«2022», «Февраль-» + «март», «школ-» + «участниц» when «школ» is a word of the document, «научно-»
+ «методический»); a line that ends short of the edge ends a paragraph, and so does a full one
before a capitalised word (the next executor) or a list item.
"""

import itertools
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
IN_COMPANY = "\x00"  # the key prefix in the vocabulary of words seen whole
_STARTS, _ENDS = "\x01", "\x02"  # ... of words seen with their beginning, with their end
_AT, _INSIDE = "\x03", "\x04"  # ... of letters at a word's end (beginning), inside a word
_PAIR = "\x05"  # ... of two letters side by side in a word
# Endings of Russian words: the usual tail of a word cut at the cell's edge. «и», «е» are also
# words; after a piece that the document never writes as a word they are the tail.
_ENDINGS = set(
    "а е и й о у ы ь ю я ая ое ой ом ем ые ых их ым им ий ый ей ия ие ии ию ях ям ами ями ов ев ах ам "
    "ть ся сти ция ции ние ния нии ванию ния".split()
)
# Endings of the instrumental plural and of adjectives' genitive and dative: a piece that takes one
# of them with the tail ending is a word cut before its ending.
_CASE_ENDINGS = {"ыми", "ими", "ами", "ями", "ого", "его", "ому", "ему"}
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


_NO_BREAK_BEFORE, _NO_BREAK_AFTER = ",.;:!?)]}»", "([{«"
_CLOSING = tuple(',.;:!?)»"')
_OPENING = tuple('«("')


def word_key(text: str) -> str:
    return text.lower().strip(',.;:!?«»()"')


def count_words(lines: list[Line], counts: Counter, right: float | None = None) -> None:
    """Counts the words of a cell's (or a paragraph's) lines, and, under IN_COMPANY, those written
    whole: a word that begins where a word must begin (after another on its line, after a line
    that ended with punctuation or short of the cell's edge `right`, or with an opening quote) and
    ends where a word must end (before another, with punctuation, with a space written after it,
    or short of the edge). A piece of a word cut at the cell's edge is the last on its line, the
    rest of it the first on the next (the first or the last of a cell too, where a page break cut
    the cell): neither is counted whole."""
    if right is None:
        right = max((line.x1 for line in lines), default=0.0)

    def short(line: Line) -> bool:  # the line ends short of the edge: no word was cut there
        return line.x1 < right - 1.5 * char_width(line.words[-1])

    for index, line in enumerate(lines):
        before = lines[index - 1] if index else None
        after_stop = before is not None and (before.words[-1]["text"].endswith(_CLOSING) or short(before))
        last = len(line.words) - 1
        for position, word in enumerate(line.words):
            text, key = word["text"], word_key(word["text"])
            if not key:
                continue
            counts[key] += 1
            starts = position > 0 or after_stop or text.startswith(_OPENING)
            ends = position < last or text.endswith(_CLOSING) or bool(word.get("space")) or short(line)
            if starts and ends:
                counts[IN_COMPANY + key] += 1
            if starts:
                counts[_STARTS + key] += 1
            if ends:
                counts[_ENDS + key] += 1


def carry_cut_word(before: Cell, after: Cell, vocabulary: Counter) -> None:
    """A cell cut by a page break: when its last line on the page is a piece of a word cut at the
    cell's edge (see `join_lines`) and the rest begins the cell at the top of the next page, the
    piece goes over to the rest, so the word comes out whole wherever the parts are joined."""
    if not before.lines or not after.lines:
        return
    previous, line = before.lines[-1], after.lines[0]
    left = min(each.words[0]["x0"] for each in before.lines)
    piece, rest = previous.words[-1], line.words[0]
    if (
        _wrapped(previous, line, before.right)
        and _cut_at_edge(previous, line, left, before.right)
        and _cut_word(piece["text"], rest["text"], vocabulary)
    ):
        before.lines.pop()
        line.words[0] = {**rest, "text": piece["text"] + rest["text"]}


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
    if at_edge and _cut_word(before.split()[-1], first, vocabulary):
        return before + after
    # After a full line a capitalised word begins a new paragraph (the next executor: «Рабочая
    # группа КО» / «Председатель КО»), unless it is initials («Иванова» / «И.И.») or capitals (КО).
    if wrapped and not _LIST_START.match(after) and not _CAPITALISED.match(first):
        return f"{before} {after}"
    return f"{before}\n{after}"


def _cut_word(piece: str, rest: str, vocabulary: Counter) -> bool:
    """One word on a full line, `rest` first on the next: a word too long for the cell, cut
    without a hyphen, or two words? Cut when the document writes them joined elsewhere, or the rest
    is punctuation, cannot begin a word or is a short one the document never writes whole. An
    ending («и», «ые») after the piece is its tail unless the piece ends decisively as the
    document's words end and the joined word would not («квалификации» + «и»); after a piece the
    document writes whole, only when the joined word ends more as its words do («образовательным»
    + «и»). Else two words when the piece or the rest is a word the document writes whole, or when
    no word of it holds the two letters that meet at the cut; and else the letters decide: how
    often the document's words end the way the piece ends and begin the way the rest begins,
    against how often those letters stand inside a word."""
    if re.match(r"[,.;:!?)»]|-\w", rest) or piece.endswith("/"):
        return True
    if not rest[:1].islower() or not piece[-1:].isalpha():
        return False
    head, tail = word_key(piece), word_key(rest)
    if vocabulary[head + tail]:
        return True
    head = re.sub(r"^.*[^а-яёa-z]", "", head)  # «1.информация», «научно-методические»: the last word
    if tail[:1] in "ьъый" or (len(tail) <= 2 and not vocabulary[IN_COMPANY + tail]):
        return True  # no word begins so; the words of two letters («на», «по») are written whole elsewhere
    if not (head.isalpha() and tail.isalpha()):
        return not vocabulary[IN_COMPANY + head]
    ends = _likelihood(vocabulary, _ENDS, [head[-3:], head[-2:]]) or 0.0
    if tail in _ENDINGS:
        if (head + tail)[-3:] in _CASE_ENDINGS and head[-3:] not in _CASE_ENDINGS:
            return True  # «эффективным» + «и»: «-ыми» is an ending of a case, «-ным» + «и» no word
        joined = _likelihood(vocabulary, _ENDS, [(head + tail)[-3:]]) or 0.0
        if vocabulary[IN_COMPANY + head]:  # «образовательным» is a word, and so is «образовательными»
            return joined > ends
        return ends < 5 or joined >= ends
    if vocabulary[IN_COMPANY + head]:
        return False
    if len(tail) >= 3 and vocabulary[IN_COMPANY + tail]:
        return False
    if vocabulary[_PAIR] and not vocabulary[_PAIR + head[-1] + tail[0]]:
        return False  # «методических» + «десантов»: no word of the document holds «хд»
    begins = _likelihood(vocabulary, _STARTS, [tail[:3], tail[:2]])
    if not ends and begins is None:
        return True  # no word of the document tells: a full line of one word is taken for a cut word
    return (ends or 1.0) * (begins or 1.0) <= 0.5


def add_letter_statistics(counts: Counter) -> None:
    """Adds to a vocabulary of `count_words` how many of its words end (begin) with each two and
    three letters, and how many hold them inside, for `_cut_word`."""
    for key in list(counts):
        kind, word = (key[:1], key[1:]) if key[:1] in (_STARTS, _ENDS) else ("", key)
        if not word.isalpha():
            continue
        if not kind:
            counts.update(_PAIR + word[i : i + 2] for i in range(len(word) - 1))
            counts[_PAIR] += len(word) - 1
        for size in (2, 3):
            if kind == _ENDS:
                counts[_ENDS + _AT + word[-size:]] += 1
            elif kind == _STARTS:
                counts[_STARTS + _AT + word[:size]] += 1
            elif not kind:
                for i in range(len(word) - size):
                    counts[_ENDS + _INSIDE + word[i : i + size]] += 1
                for i in range(1, len(word) - size + 1):
                    counts[_STARTS + _INSIDE + word[i : i + size]] += 1


def _likelihood(vocabulary: Counter, kind: str, letters: list[str]) -> float | None:
    """How many of the document's words end (begin) with these letters against how many hold them
    inside; the three last (first) letters, or the two where the three are not seen; None when
    neither is."""
    for each in letters:
        at, inside = vocabulary[kind + _AT + each], vocabulary[kind + _INSIDE + each]
        if at or inside:
            return (at + 0.5) / (inside + 0.5)
    return None


def char_width(word: dict) -> float:
    return (word["x1"] - word["x0"]) / max(len(word["text"]), 1)


def _wrapped(previous: Line, line: Line, right: float) -> bool:
    """The line ended because the next word did not fit, not because its paragraph ended."""
    first = line.words[0]
    return previous.x1 + char_width(first) + (first["x1"] - first["x0"]) > right + 0.5


def _cut_at_edge(previous: Line, line: Line, left: float, right: float) -> bool:
    """The line is one word that fills it to the edge, and with the next line's first piece it
    would be wider than the cell: a word too long for the cell, cut where the cell ends. «One word»
    takes in what a line may not break between (Unicode line breaking): a space before a closing
    mark or after an opening one, «Документы( К» + «онцепция», «образования .Реализа» + «ция»."""
    if not _unbreakable(previous.words):
        return False
    first, piece, rest = previous.words[0], previous.words[-1], line.words[0]
    if piece.get("space"):
        return False  # the writer put a space after it: the line broke between words
    at_edge = previous.x1 >= right - 1.5 * char_width(piece)
    return at_edge and (piece["x1"] - first["x0"]) + (rest["x1"] - rest["x0"]) > right - left - 0.5


def _unbreakable(words: list[dict]) -> bool:
    return all(
        after["text"][:1] in _NO_BREAK_BEFORE or before["text"][-1:] in _NO_BREAK_AFTER
        for before, after in itertools.pairwise(words)
    )


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
