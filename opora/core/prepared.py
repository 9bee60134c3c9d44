"""Documents built in the task worker: a national list as XLSX takes longer than a page may wait.

An app registers a builder under a name (in its `ready()`); a view asks for a file with
`request_file(...)`, which records the request and queues `prepare_file`; the page of the
record polls its progress and sends the file to its requester once built. The builder runs
with the requester's own scope (it receives the user), so a prepared file never holds more
than the person saw on the page; if they lost the right meanwhile, the file is not built.

A builder is `build(params: dict, user, step) -> (bytes, file name)`; `step(percent, words)`
reports progress. It raises `PermissionDenied`, `Http404` or `ValidationError` with a Russian
message for the user; anything else is an internal error (the traceback stays with the task)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django_tasks import task

from .background import INTERNAL_ERROR, Kind, enqueue, interrupted, report
from .models import PreparedFile

Builder = Callable[[dict, object, Callable[[int, str], None]], tuple[bytes, str]]
BUILDERS: dict[str, Builder] = {}

# A requester's prepared files are kept this long, then removed with their next request.
KEPT_FOR = datetime.timedelta(days=7)
INTERRUPTED = "Подготовка файла прервана (сервер перезапущен); запросите файл ещё раз."


def builder(name: str):
    """Registers the decorated function as the builder `name`."""

    def register(function: Builder) -> Builder:
        BUILDERS[name] = function
        return function

    return register


def request_file(*, user, kind: str, title: str, params: dict, back_url: str = "") -> PreparedFile:
    """Records the request and queues its building; the requester's old files are removed."""
    if kind not in BUILDERS:
        raise ValueError(f"unknown builder {kind!r}")
    _forget_old(user)
    with transaction.atomic():
        record = PreparedFile.objects.create(
            owner=user, kind=kind, title=title[:300], params=params, back_url=back_url, stage="В очереди"
        )
        enqueue(prepare_file, record)
    record.refresh_from_db()
    return record


def _forget_old(user) -> None:
    old = PreparedFile.objects.filter(owner=user, created_at__lt=timezone.now() - KEPT_FOR).exclude(
        state__in=PreparedFile.ACTIVE
    )
    for record in old:
        record.file.delete(save=False)
        record.delete()


@task()
def prepare_file(record_id: int) -> None:
    record = PreparedFile.objects.select_related("owner").filter(pk=record_id).first()
    if record is None or record.state != PreparedFile.State.QUEUED:
        return  # removed, or marked interrupted meanwhile
    report(record, 5, "Сбор данных", state=PreparedFile.State.PROCESSING)
    try:
        data, name = BUILDERS[record.kind](
            record.params, record.owner, lambda percent, words: report(record, percent, words)
        )
    except (PermissionDenied, Http404, ValidationError) as error:
        message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        report(record, 100, message or "Нет доступа к этим данным.", state=PreparedFile.State.ERROR)
        return
    except Exception:
        report(record, 100, INTERNAL_ERROR, state=PreparedFile.State.ERROR)
        raise
    record.file.save(f"{record.pk}-{name}", ContentFile(data), save=False)  # stored apart; sent as `name`
    report(
        record,
        100,
        "",
        state=PreparedFile.State.DONE,
        file=record.file.name,
        filename=name,
        finished_at=timezone.now(),
    )


PREPARED = Kind(
    PreparedFile,
    "state",
    PreparedFile.ACTIVE,
    PreparedFile.State.ERROR,
    since="created_at",
    message=INTERRUPTED,
    errors=False,
)


def recover(*, worker_running: bool = True) -> dict[str, list[int]]:
    """Files whose building died with the worker, now marked failed."""
    return {"подготовка файлов": interrupted(PREPARED, worker_running=worker_running)}
