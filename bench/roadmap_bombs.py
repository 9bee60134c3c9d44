"""Benchmark: hostile and huge roadmap documents are refused quickly and in little memory.

Builds, in a temporary folder,

- a DOCX bomb: a 3-part Word archive whose `word/document.xml` is ~1.2 GB of repeated table rows
  (compressed to a few MB, written by streaming into the archive);
- the same as an XLSX bomb (`xl/worksheets/sheet1.xml`);
- a CSV of 281,000 items (~52 MB), the size of a national file;
- a PDF bomb: one page whose Flate content stream inflates to the same size;
- a PDF of 2,000 pages;
- for comparison, a real-looking 3,000-item Word roadmap (the most the system accepts) and a real
  PDF order (tests/fixtures/roadmaps/pdf);

then reads each with `opora roadmap-parse` (`opora.roadmaps.cli.main`, the same reader as the
web import) in a child process and reports what the user is told, the seconds and the peak memory
of the child (`resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`, measured by a fresh intermediate
process per file so that one file's peak does not mask another's). Before issue #8 the DOCX bomb
drove the server past 12 GB, the XLSX bomb took 387 s and 11.4 GB, and the CSV 68 s.

    .venv/bin/python bench/roadmap_bombs.py [--gb 1.2]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.roadmaps.builders import minimal_pdf  # noqa: E402

# Generous bounds for a refusal: it reads only the archive's directory or a few MB of text.
TARGET_SECONDS = 5.0
TARGET_MB = 300

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>'
)
ROW = (
    "<w:tr><w:tc><w:p><w:r><w:t>1.1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Совещание с руководителями "
    "ОО</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>до 15 марта 2026</w:t></w:r></w:p></w:tc></w:tr>"
)
CELL_ROW = '<row><c t="inlineStr"><is><t>Совещание с руководителями ОО до 15 марта 2026</t></is></c></row>'


def _stream_part(archive: zipfile.ZipFile, name: str, head: str, unit: str, tail: str, size: int) -> None:
    """Writes a part of about `size` bytes: head, `unit` repeated, tail — without holding it in memory."""
    chunk = (unit * max(1, (1 << 20) // len(unit.encode()))).encode()
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED  # a ZipInfo of its own is stored, not compressed, by default
    with archive.open(info, "w", force_zip64=True) as part:
        part.write(head.encode())
        written = 0
        while written < size:
            part.write(chunk)
            written += len(chunk)
        part.write(tail.encode())


def _archive(path: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9)


def docx_bomb(path: Path, size: int) -> Path:
    with _archive(path) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body><w:tbl>'
        _stream_part(archive, "word/document.xml", head, ROW, "</w:tbl></w:body></w:document>", size)
    return path


def xlsx_bomb(path: Path, size: int) -> Path:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    with _archive(path) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{main}"><sheets/></workbook>')
        head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'
        _stream_part(archive, "xl/worksheets/sheet1.xml", head, CELL_ROW, "</sheetData></worksheet>", size)
    return path


def big_csv(path: Path, items: int = 281_000) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write("№;Мероприятие;Сроки;Ответственные;Планируемый результат\n")
        for n in range(1, items + 1):
            out.write(
                f"{n};Проведение методического семинара для управленческих команд школ № {n};"
                f"до 15 марта 2026;Муниципальный координатор;Протокол\n"
            )
    return path


def word_roadmap(path: Path, items: int = 3_000) -> Path:
    from docx import Document

    document = Document()
    document.add_paragraph("Дорожная карта на 2026 год")
    table = document.add_table(rows=1, cols=5)
    for cell, title in zip(
        table.rows[0].cells, ["№", "Мероприятие", "Сроки", "Ответственные", "Результат"], strict=True
    ):
        cell.text = title
    for n in range(1, items + 1):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(n), f"Методический семинар для управленческих команд школ № {n}"
        cells[2].text, cells[3].text, cells[4].text = "до 15 марта 2026", "Иванова Е.В.", "Протокол"
    document.save(path)
    return path


CHILD = """
import io, sys
from opora.roadmaps.cli import main
out, err = io.StringIO(), io.StringIO()
code = main([sys.argv[1]], stdout=out, stderr=err)
sys.stdout.write(f"{code}\\t{err.getvalue().strip()}\\t{len(out.getvalue())}")
"""


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _real_pdf(path: Path) -> Path:
    return _written(path, (ROOT / "tests/fixtures/roadmaps/pdf/karpinsk-portrait-narrow.pdf").read_bytes())


def measure(path: Path) -> dict:
    """In a fresh process: run the reader in its own child and report the child's peak memory."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    code, message, printed = [*done.stdout.split("\t"), "", "", ""][:3] if done.stdout else ("?", done.stderr, "0")
    return {"code": code, "message": message.strip()[-400:], "printed": printed, "seconds": seconds, "peak_mb": peak_mb}


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        print(json.dumps(measure(Path(sys.argv[2])), ensure_ascii=False))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gb", type=float, default=1.2, help="unpacked size of each bomb's big part, GB")
    args = parser.parse_args()
    size = int(args.gb * 1024**3)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="roadmap-bombs-") as folder:
        folder = Path(folder)
        cases = []
        for label, build, name in (
            (f"DOCX-бомба ({args.gb} ГБ document.xml)", lambda p: docx_bomb(p, size), "bomb.docx"),
            (f"XLSX-бомба ({args.gb} ГБ sheet1.xml)", lambda p: xlsx_bomb(p, size), "bomb.xlsx"),
            ("CSV, 281 000 мероприятий", big_csv, "national.csv"),
            (
                f"PDF-бомба ({args.gb} ГБ потока)",
                lambda p: _written(p, minimal_pdf(1, inflated_mb=size >> 20)),
                "bomb.pdf",
            ),
            ("PDF, 2 000 страниц", lambda p: _written(p, minimal_pdf(2000)), "tolstyi.pdf"),
            ("DOCX, 3 000 мероприятий (принимается)", word_roadmap, "karta-3000.docx"),
            ("PDF, 40 мероприятий на 9 страницах (принимается)", _real_pdf, "karpinsk.pdf"),
        ):
            started = time.perf_counter()
            path = build(folder / name)
            built = time.perf_counter() - started
            print(f"{label}: {path.stat().st_size / 1024**2:.1f} МБ на диске, собран за {built:.0f} с", flush=True)
            cases.append((label, path))
        print()
        for label, path in cases:
            # A fresh intermediate process per file: RUSAGE_CHILDREN is then this file's reader alone.
            done = subprocess.run(
                [sys.executable, __file__, "--measure", str(path)], capture_output=True, text=True, cwd=ROOT
            )
            result = json.loads(done.stdout)
            refused = result["code"] == "2"
            accepted = "принимается" in label
            ok = (accepted != refused) and result["seconds"] <= (60 if accepted else TARGET_SECONDS)
            ok = ok and result["peak_mb"] <= TARGET_MB
            failures += not ok
            outcome = f"отказ: {result['message']}" if refused else f"прочитано (код {result['code']})"
            print(f"{'OK ' if ok else 'BAD'} {label}: {result['seconds']:.2f} с, пик {result['peak_mb']:.0f} МБ")
            print(f"    {outcome}")
    print(f"\nЦель для отказа: ≤ {TARGET_SECONDS:.0f} с и ≤ {TARGET_MB} МБ памяти у читающего процесса.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
