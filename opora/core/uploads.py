"""Uploaded files: stored under OPORA_DATA_DIR (never under static), with a size limit."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible


@deconstructible
class upload_path:
    """Keeps the original file name but never overwrites an earlier file of the same name."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        name = PurePath(filename).name
        return f"{self.folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex[:12]}-{name}"

    def __eq__(self, other) -> bool:
        return isinstance(other, upload_path) and other.folder == self.folder


def validate_upload_size(file) -> None:
    limit = settings.OPORA_MAX_UPLOAD_MB * 1024 * 1024
    if file.size > limit:
        size = f"{file.size / 1024 / 1024:.1f}".replace(".", ",")
        raise ValidationError(
            f"Файл слишком большой: {size} МБ, допускается не более {settings.OPORA_MAX_UPLOAD_MB} МБ."
        )


def validate_document(file) -> str:
    """A document someone attaches (an order, evidence, a school's programme): PDF, Word, Excel,
    OpenDocument or a picture, by its content — never an executable renamed «приказ.pdf»."""
    from .filetypes import DOCUMENT_KINDS, UnsafeFile, require_kind

    try:
        return require_kind(file, PurePath(file.name).name, DOCUMENT_KINDS)
    except UnsafeFile as error:
        raise ValidationError(str(error)) from error


def checked_file(file, *, accepted, max_mb: int) -> tuple[str, int, str]:
    """An attached file's kind (by its content, among `accepted`), size and SHA-256, or a ValidationError
    in Russian naming the file. The file is left at its start."""
    import hashlib

    from .filetypes import UnsafeFile, require_kind

    if file.size > max_mb * 1024 * 1024:
        size = f"{file.size / 1024 / 1024:.1f}".replace(".", ",")
        raise ValidationError(f"Файл «{file.name}» слишком большой: {size} МБ, допускается не более {max_mb} МБ.")
    if file.size == 0:
        raise ValidationError(f"Файл «{file.name}» пуст.")
    try:
        filetype = require_kind(file, file.name, accepted)
    except UnsafeFile as error:
        raise ValidationError(str(error)) from error
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return filetype, file.size, digest.hexdigest()
