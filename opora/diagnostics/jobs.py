"""Answers uploaded from XLSX as a background task: the request stores the file and answers at once
(an uploaded file is never lost), the task worker reads it all-or-nothing (`answers_file`), and the
upload page polls the record's progress, then shows the row-numbered errors or the result."""

from __future__ import annotations

from pathlib import PurePath

from django.db import transaction
from django_tasks import task

from opora.core.background import INTERNAL_ERROR, Kind, enqueue, interrupted, report

from .answers_file import answers_load
from .models import AnswersUpload


def answers_upload_accept(*, profile, group: str, upload, user) -> AnswersUpload:
    """Stores the file (kept whatever the outcome) and queues its reading."""
    filename = PurePath(upload.name).name
    with transaction.atomic():
        record = AnswersUpload(
            profile=profile,
            group=group,
            file_name=filename[:255],
            uploaded_by=user,
            status=AnswersUpload.Status.QUEUED,
        )
        record.file.save(filename, upload, save=False)
        record.save()
        enqueue(answers_upload_process, record)
    record.refresh_from_db()
    return record


@task()
def answers_upload_process(upload_id: int) -> None:
    record = AnswersUpload.objects.select_related("profile__school", "profile__campaign").filter(pk=upload_id).first()
    if record is None or record.status != AnswersUpload.Status.QUEUED:
        return  # removed, or marked interrupted meanwhile
    report(record, 10, "Чтение файла", status=AnswersUpload.Status.PROCESSING)
    try:
        errors = answers_load(record, lambda percent, words: report(record, percent, words))
    except Exception:
        report(record, 100, INTERNAL_ERROR, status=AnswersUpload.Status.ERROR, errors=[INTERNAL_ERROR])
        raise
    report(record, 100, "Файл не загружен" if errors else "")


UPLOADS = Kind(AnswersUpload, "status", AnswersUpload.ACTIVE, AnswersUpload.Status.ERROR, since="uploaded_at")


def recover(*, worker_running: bool = True) -> dict[str, list[int]]:
    """Answer uploads whose task died with the worker, now marked failed."""
    return {"загрузки ответов анкет": interrupted(UPLOADS, worker_running=worker_running)}
