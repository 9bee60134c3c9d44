"""Reading printed pages: their size and their words, as a person checks a printout."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
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
    png: Path | None = None  # the page as an image (pdftoppm), to look at and to measure its ink

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
    images = render_png(pdf)
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages):
            # A small x tolerance: letters of one word sit closer than the text of two cells.
            words = [w["text"] for w in page.extract_words(x_tolerance=1.5)]
            size = median(char["size"] for char in page.chars) if page.chars else 0
            png = images[number] if number < len(images) else None
            pages.append(Page(float(page.width), float(page.height), words, page.extract_text() or "", size, png))
    return pages


RENDER_DPI = 50


def render_png(pdf: Path) -> list[Path]:
    """The pages as PNG images (Debian's poppler-utils), also copied to $OPORA_RENDER_DIR when set,
    so that a person can look at what the tests printed."""
    subprocess.run(
        ["pdftoppm", "-r", str(RENDER_DPI), "-png", str(pdf), str(pdf.with_suffix(""))],
        check=True,
        capture_output=True,
        timeout=120,
    )
    images = sorted(pdf.parent.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    keep = os.environ.get("OPORA_RENDER_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for image in images:
            shutil.copy(image, Path(keep) / image.name)
    return images


@dataclass
class Ink:
    """Where a page image is printed on: its share of dark pixels and their box, in fractions."""

    share: float
    left: float
    top: float
    right: float
    bottom: float


def ink(png: Path) -> Ink:
    from PIL import Image

    with Image.open(png) as image:
        grey = image.convert("L")
        dark = grey.point(lambda value: 255 if value < 160 else 0)
        box = dark.getbbox()
        width, height = grey.size
        share = sum(dark.histogram()[255:]) / (width * height)
    if box is None:
        return Ink(0.0, 0.0, 0.0, 0.0, 0.0)
    left, top, right, bottom = box
    return Ink(share, left / width, top / height, 1 - right / width, 1 - bottom / height)


def long_words(text: str, least: int = 5) -> list[str]:
    """The words of a text a narrow column would break: letters only, hyphenated parts apart."""
    return [w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= least]


def broken_words(pages: list[Page], texts) -> list[str]:
    """Words of `texts` printed whole fewer times than they are written: a word split across lines
    or letter by letter leaves only pieces on the page."""
    printed = [word for page in pages for word in page.words]
    expected = Counter(word for text in texts for word in long_words(text))
    return sorted(word for word, times in expected.items() if sum(word in token for token in printed) < times)
