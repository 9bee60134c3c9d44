"""Printing documents through LibreOffice: one profile for the session, one conversion per module."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import missing


def pytest_collection_modifyitems(config, items):
    """The PostgreSQL run repeats database tests; a printed page does not depend on the database."""
    if os.environ.get("OPORA_DB_ONLY") != "1":
        return
    drop = [item for item in items if item.get_closest_marker("documents")]
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = [item for item in items if not item.get_closest_marker("documents")]


@pytest.fixture(scope="session")
def print_to_pdf(tmp_path_factory):
    """`print_to_pdf(*files)` → the PDFs LibreOffice makes of them, in one run of soffice."""
    soffice = shutil.which("soffice")
    if not soffice:
        missing("LibreOffice не установлен (apt-get install libreoffice-writer-nogui)")
    # A profile of our own: two runs sharing one (parallel tests, another user) refuse to start.
    profile = tmp_path_factory.mktemp("libreoffice-profile")

    def convert(*files: Path) -> list[Path]:
        outdir = files[0].parent
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *map(str, files),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        pdfs = [outdir / f"{file.stem}.pdf" for file in files]
        for pdf in pdfs:
            assert pdf.exists(), f"LibreOffice не напечатал {pdf.name}"
        return pdfs

    return convert
