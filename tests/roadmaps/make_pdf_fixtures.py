"""Writes the PDF test files in tests/fixtures/roadmaps/pdf/: each text fixture typed into Word
(and one into Excel) by `builders`, shaped as regions print their orders — A4 landscape with a
ruled table, A4 portrait with narrow ruled columns, A4 portrait with no rules — and turned into
PDF by LibreOffice, as an official's «Save as PDF» does. The PDFs are kept in the repository; run
this again only to change them:

    .venv/bin/python -m tests.roadmaps.make_pdf_fixtures
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import Alignment, Border, Side

from tests.paths import ROADMAP_FIXTURES
from tests.roadmaps.builders import LAYOUTS, build_docx, build_xlsx
from tests.roadmaps.test_fixtures import AKSHA_FILE, KARPINSK_FILE, LENINSK_FILE, parsed

PDF_FIXTURES = ROADMAP_FIXTURES / "pdf"
FILES = {"karpinsk": KARPINSK_FILE, "aksha": AKSHA_FILE, "leninsk": LENINSK_FILE}
# name → how the Word document is shaped (keyword arguments of build_docx)
SHAPES = {
    "landscape-ruled": {"landscape": True, "ruled": True},
    "portrait-narrow": {"landscape": False, "ruled": True, "narrow": True},
    "portrait-unruled": {"landscape": False, "ruled": False},
}


def word_source(name: str, shape: str, folder: Path) -> Path:
    """The Word document a PDF fixture is made from (the tests parse it beside the PDF)."""
    options = dict(SHAPES[shape])
    layout = LAYOUTS[name]
    if options.pop("narrow", False):
        columns = len(layout.roles)
        options["widths_mm"] = [12] + [158 // (columns - 1)] * (columns - 1)
    return build_docx(folder / f"{name}-{shape}.docx", parsed(FILES[name]), layout, **options)


def excel_source(name: str, folder: Path) -> Path:
    """The roadmap typed into Excel, set up for printing: wrapped text, widths, thin borders, landscape."""
    path = build_xlsx(folder / f"{name}-excel.xlsx", parsed(FILES[name]), LAYOUTS[name])
    workbook = load_workbook(path)
    sheet = workbook["Дорожная карта"]
    thin = Side(style="thin")
    for letter, width in zip("ABCDE", (7, 60, 22, 40, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    widths = (7, 60, 22, 40, 40)
    for row in sheet.iter_rows(min_row=2):
        lines = 1
        for cell, width in zip(row, widths, strict=False):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            text = str(cell.value or "")
            lines = max(lines, sum(len(part) // (width - 4) + 1 for part in text.split("\n")))
        if not sheet.cell(row[0].row, 2).value and row[0].row > 2:
            lines = 1  # a section row merged across: one line
        sheet.row_dimensions[row[0].row].height = 13 * lines + 2
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.scale = 75
    sheet.print_title_rows = "2:2"  # the header again on every page
    del workbook["Рабочая группа"]
    workbook.save(path)
    return path


def to_pdf(source: Path, folder: Path) -> Path:
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / f"{source.stem}.pdf"


def main() -> None:
    PDF_FIXTURES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        sources = [word_source(name, shape, folder) for name in FILES for shape in SHAPES]
        sources.append(excel_source("karpinsk", folder))
        for source in sources:
            shutil.copy(to_pdf(source, folder), PDF_FIXTURES / f"{source.stem}.pdf")
            print(PDF_FIXTURES / f"{source.stem}.pdf")


if __name__ == "__main__":
    main()
