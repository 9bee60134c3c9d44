"""Benchmark: hostile and huge results files are refused quickly and in little memory; a real
national workbook still goes through.

Builds, in a temporary folder,

- an XLSX bomb: a workbook whose one sheet is ~1.2 GB of repeated rows (a few MB compressed,
  written by streaming into the archive);
- a size bomb: a sheet of ~1.2 GB of varied rows (compressing as real sheets do, 8–15 times),
  which only the unpacked-size limit refuses;
- a national workbook: 640,000 rows (40,000 schools × 8 procedures × 2 years) as Excel writes
  it (shared strings), which must be accepted;
- a Word document renamed to .xlsx, and a KOI8-R CSV;

then reads each with `read_results` (the reader of the results upload and of `opora identify`) in
a child process and reports what the user is told, the seconds and the peak memory of the child
(`resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`, measured by a fresh intermediate process per
file so that one file's peak does not mask another's).

    .venv/bin/python bench/results_bombs.py [--gb 1.2] [--rows 640000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
PROCEDURES = ("ВПР 5 РУ", "ВПР 5 МА", "ВПР 6 РУ", "ВПР 6 МА", "ОГЭ РУ", "ОГЭ МА", "ЕГЭ РУ", "ЕГЭ МА")
HEADER = ("Муниципалитет", "Логин ОО", "Наименование ОО", "Год", "Процедура", "Участников", "Получили «2»")


def _skeleton(archive: zipfile.ZipFile, shared: list[str]) -> None:
    archive.writestr("[Content_Types].xml", CONTENT_TYPES)
    archive.writestr(
        "_rels/.rels",
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>',
    )
    archive.writestr(
        "xl/workbook.xml",
        f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        '<sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    )
    archive.writestr(
        "xl/_rels/workbook.xml.rels",
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    items = "".join(f"<si><t>{s}</t></si>" for s in shared)
    archive.writestr(
        "xl/sharedStrings.xml",
        f'<?xml version="1.0"?><sst xmlns="{MAIN}" count="{len(shared)}" uniqueCount="{len(shared)}">{items}</sst>',
    )


def _row(r: int, cells: list[tuple[str, object]]) -> str:
    out = []
    for index, (kind, value) in enumerate(cells):
        ref = f"{chr(65 + index)}{r}"
        out.append(f'<c r="{ref}" t="s"><v>{value}</v></c>' if kind == "s" else f'<c r="{ref}"><v>{value}</v></c>')
    return f'<row r="{r}">{"".join(out)}</row>'


def national_workbook(path: Path, rows: int) -> Path:
    """As Excel saves a national export: names, logins and procedures in shared strings."""
    rng = random.Random(8)
    schools = rows // 16 or 1
    shared = list(HEADER) + list(PROCEDURES) + [f"Район {m}" for m in range(60)]
    first_school = len(shared)
    for n in range(schools):
        shared += [f"sch{100000 + n}", f"МБОУ «Средняя общеобразовательная школа № {n % 150 + 1}» {n}"]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        _skeleton(archive, shared)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>'.encode())
            sheet.write(_row(1, [("s", i) for i in range(len(HEADER))]).encode())
            r, buffer = 2, []
            for n in range(schools):
                for year in (2024, 2025):
                    for p in range(len(PROCEDURES)):
                        participants = rng.randint(5, 120)
                        cells = [
                            ("s", len(HEADER) + len(PROCEDURES) + n % 60),
                            ("s", first_school + 2 * n),
                            ("s", first_school + 2 * n + 1),
                            ("n", year),
                            ("s", len(HEADER) + p),
                            ("n", participants),
                            ("n", rng.randint(0, participants // 2)),
                        ]
                        buffer.append(_row(r, cells))
                        r += 1
                if len(buffer) > 20000:
                    sheet.write("".join(buffer).encode())
                    buffer = []
            sheet.write("".join(buffer).encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


def ratio_bomb(path: Path, size: int) -> Path:
    unit = _row(2, [("s", 0), ("s", 1), ("s", 2), ("n", 2025), ("s", 4), ("n", 10), ("n", 3)]).encode() * 2000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _skeleton(archive, list(HEADER))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>'.encode())
            written = 0
            while written < size:
                sheet.write(unit)
                written += len(unit)
            sheet.write(b"</sheetData></worksheet>")
    return path


def size_bomb(path: Path, size: int) -> Path:
    """Varied rows: compresses like a real sheet, so only the unpacked size gives it away."""
    rng = random.Random(1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        _skeleton(archive, list(HEADER))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>'.encode())
            # One 2 MB block of varied rows, repeated: deflate looks back only 32 KB, so it compresses
            # as a real sheet does, and building 1.2 GB takes seconds, not minutes.
            chunk = "".join(_row(2 + i, [("n", rng.randint(0, 10**9)) for _ in range(7)]) for i in range(12000))
            block, written = chunk.encode(), 0
            while written < size:
                sheet.write(block)
                written += len(block)
            sheet.write(b"</sheetData></worksheet>")
    return path


def renamed_docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", "<w:document/>")
    return path


def koi8_csv(path: Path) -> Path:
    lines = [";".join(HEADER[:2] + HEADER[3:6])] + [f"Район;sch{100000 + n};2025;ВПР 5 РУ;20" for n in range(1000)]
    path.write_bytes("\r\n".join(lines).replace("«", '"').replace("»", '"').encode("koi8_r"))
    return path


CHILD = """
import json, sys, time
started = time.monotonic()
from opora.assessment.results_reader import ResultsFileError, read_results
try:
    frame = read_results(sys.argv[1], name=sys.argv[2])
    outcome = {"accepted": True, "rows": frame.height}
except ResultsFileError as error:
    outcome = {"accepted": False, "message": str(error).splitlines()[0][:300]}
outcome["seconds"] = round(time.monotonic() - started, 2)
print(json.dumps(outcome, ensure_ascii=False))
"""

MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run([sys.executable, "-c", sys.argv[1], *sys.argv[2:]], capture_output=True, text=True)
result = json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else {"error": done.stderr[-500:]}
result["peak_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
print(json.dumps(result, ensure_ascii=False))
"""


def measure(path: Path, name: str) -> dict:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, CHILD, str(path), name], capture_output=True, text=True, cwd=ROOT, check=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_seconds"] = round(time.monotonic() - started, 2)
    return result


def unpacked_mb(path: Path) -> float | None:
    try:
        with zipfile.ZipFile(path) as archive:
            return round(sum(p.file_size for p in archive.infolist()) / 2**20, 1)
    except zipfile.BadZipFile:
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gb", type=float, default=1.2)
    parser.add_argument("--rows", type=int, default=640_000)
    parser.add_argument("--keep", type=Path, help="folder to keep the generated files in")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="opora-results-bombs-"))
    folder.mkdir(parents=True, exist_ok=True)
    size = int(args.gb * 2**30)
    cases = [
        ("ratio bomb", lambda p: ratio_bomb(p, size), "bomb.xlsx", False),
        ("size bomb", lambda p: size_bomb(p, size), "big.xlsx", False),
        ("national workbook", lambda p: national_workbook(p, args.rows), "national.xlsx", True),
        ("Word renamed .xlsx", renamed_docx, "results.xlsx", False),
        ("KOI8-R CSV", koi8_csv, "results.csv", False),
    ]
    failed = False
    for title, build, name, should_accept in cases:
        path = folder / name
        started = time.monotonic()
        build(path)
        built = round(time.monotonic() - started, 1)
        result = measure(path, name)
        ok = result.get("accepted") is should_accept
        failed |= not ok
        size_mb = round(path.stat().st_size / 2**20, 1)
        print(
            json.dumps(
                {"case": title, "file_mb": size_mb, "unpacked_mb": unpacked_mb(path), "built_s": built, **result,
                 "as_expected": ok},
                ensure_ascii=False,
            ),
            flush=True,
        )  # fmt: skip
        if not args.keep:
            path.unlink()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
