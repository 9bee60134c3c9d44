"""Reading printed pages: their size and their words, as a person checks a printout."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import median

A4_POINTS = (595.28, 841.89)  # 210 × 297 mm
# A sheet fitted to the page width prints smaller the wider it is; below this nobody reads it.
READABLE_POINTS = 7
TOLERANCE = 2


@dataclass
class Page:
    width: float
    height: float
    words: list[str]
    text: str
    font_size: float  # the median size of the printed letters, in points

    @property
    def is_a4_landscape(self) -> bool:
        return _near((self.width, self.height), A4_POINTS[::-1])

    @property
    def is_a4_portrait(self) -> bool:
        return _near((self.width, self.height), A4_POINTS)


def _near(size, expected) -> bool:
    return all(abs(a - b) <= TOLERANCE for a, b in zip(size, expected, strict=True))


def read_pages(pdf: Path) -> list[Page]:
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            # A small x tolerance: letters of one word sit closer than the text of two cells.
            words = [w["text"] for w in page.extract_words(x_tolerance=1.5)]
            size = median(char["size"] for char in page.chars) if page.chars else 0
            pages.append(Page(float(page.width), float(page.height), words, page.extract_text() or "", size))
    return pages


def long_words(text: str, least: int = 5) -> list[str]:
    """The words of a text a narrow column would break: letters only, hyphenated parts apart."""
    return [w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= least]


def broken_words(pages: list[Page], texts) -> list[str]:
    """Words of `texts` printed whole fewer times than they are written: a word split across lines
    or letter by letter leaves only pieces on the page."""
    printed = [word for page in pages for word in page.words]
    expected = Counter(word for text in texts for word in long_words(text))
    return sorted(word for word, times in expected.items() if sum(word in token for token in printed) < times)
