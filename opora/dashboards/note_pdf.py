"""The analytic note as PDF: its DOCX printed by LibreOffice (`soffice --headless --convert-to pdf`),
so that both files show the same pages. The server needs LibreOffice Writer
(`apt-get install libreoffice-writer-nogui`); without it the user is told so in Russian."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError

NO_LIBREOFFICE = (
    "На сервере не установлен LibreOffice, без него PDF не построить. Скачайте справку в DOCX "
    "или попросите администратора установить пакет libreoffice-writer-nogui."
)
FAILED = "LibreOffice не смог преобразовать справку в PDF; скачайте её в DOCX."
TIMEOUT = 180  # seconds


def docx_to_pdf(data: bytes, stem: str = "spravka") -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise ValidationError(NO_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="opora-note-") as folder:
        work = Path(folder)
        source = work / f"{stem}.docx"
        source.write_bytes(data)
        # A profile of its own: two conversions sharing one refuse to start.
        profile = (work / "profile").as_uri()
        try:
            subprocess.run(
                [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                 "--outdir", str(work), str(source)],
                check=True,
                capture_output=True,
                timeout=TIMEOUT,
            )  # fmt: skip
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise ValidationError(FAILED) from error
        pdf = work / f"{stem}.pdf"
        if not pdf.exists():
            raise ValidationError(FAILED)
        return pdf.read_bytes()
