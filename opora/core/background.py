"""Work that runs in the task worker (`opora db_worker`): its record's progress, and what happens
to a record whose task died with the worker.

A record of long work (a results upload, a school import, an identification run) carries the id of
its task, a progress 0–100 and the stage in words. The task writes them as it goes, outside its
transaction, so the page polling the record sees them; the work itself stays all-or-nothing.

`interrupted(...)` finds records whose task can no longer finish them — the worker was killed
(kill -9, a power cut) or the task never reached the queue — and marks them failed with a Russian
message. They are not re-run: a file that killed the worker (say, by memory) would kill it again."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus

INTERRUPTED = "Обработка прервана (сервер перезапущен); загрузите файл ещё раз."
INTERNAL_ERROR = "Внутренняя ошибка при обработке; попробуйте ещё раз или сообщите администратору."

# A task still «running» this long after it started has lost its worker (a national upload takes
# under half a minute); `opora recover` from cron uses it, `opora serve` knows no worker runs yet.
STALE_AFTER = datetime.timedelta(minutes=30)


class Progress(models.Model):
    """The fields of a record of background work."""

    task_id = models.CharField("задача", max_length=64, blank=True, editable=False)
    progress = models.PositiveSmallIntegerField("выполнено, %", default=0)
    stage = models.CharField("этап", max_length=300, blank=True)

    class Meta:
        abstract = True


def enqueue(task, record: Progress, *args) -> None:
    """Queues the task for the record and notes its id. Called in the transaction that creates the
    record, the queue row commits with it: no record without its task, no task without its record.
    (With the test settings' immediate backend the task has run when this returns.)"""
    result = task.enqueue(record.pk, *args)
    type(record).objects.filter(pk=record.pk).update(task_id=str(result.id))
    record.task_id = str(result.id)


def report(record: Progress, progress: int, stage: str, **fields) -> None:
    """Writes the progress at once (visible to the page polling the record), other fields untouched."""
    values = {"progress": progress, "stage": stage[:300], **fields}
    type(record).objects.filter(pk=record.pk).update(**values)
    for name, value in values.items():
        setattr(record, name, value)


@dataclass(frozen=True)
class Kind:
    """One kind of record of background work, for `interrupted`."""

    model: type[models.Model]
    state: str  # the field holding the state
    active: tuple[str, ...]  # states of unfinished work
    failed: str  # the state of work that failed
    since: str  # when the record was made
    message: str = INTERRUPTED
    errors: bool = True  # the record lists its errors in `errors` too


def _queued(task_id: str):
    from django_tasks_db.models import DBTaskResult

    try:
        return DBTaskResult.objects.filter(id=uuid.UUID(task_id)).first()
    except ValueError:  # empty, or an id of another backend (the tests' immediate one)
        return None


def interrupted(kind: Kind, *, worker_running: bool = True, now: datetime.datetime | None = None) -> list[int]:
    """Marks failed the kind's unfinished records whose task can no longer finish them; returns their ids.

    `worker_running=False` (before the worker starts): a task «running» is dead whatever its age.
    A task still in the queue is left to the worker."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    stale = now - STALE_AFTER
    done = []
    for record in kind.model.objects.filter(**{f"{kind.state}__in": kind.active}):
        result = _queued(record.task_id)
        if result is None:
            # Never queued (or the queue row was pruned): give a request still enqueueing a moment.
            dead = not worker_running or getattr(record, kind.since) < stale
        elif result.status == TaskResultStatus.READY:
            dead = False
        elif result.status == TaskResultStatus.RUNNING:
            dead = not worker_running or (result.started_at or result.enqueued_at) < stale
        else:
            dead = True  # the task ended without finishing the record
        if not dead:
            continue
        with transaction.atomic():
            fields = {kind.state: kind.failed, "stage": kind.message}
            if kind.errors:
                fields["errors"] = [kind.message]
            claimed = kind.model.objects.filter(pk=record.pk, **{f"{kind.state}__in": kind.active}).update(**fields)
            if result is not None and result.status == TaskResultStatus.RUNNING:
                DBTaskResult.objects.filter(id=result.id, status=TaskResultStatus.RUNNING).update(
                    status=TaskResultStatus.FAILED, finished_at=now
                )
        if claimed:
            done.append(record.pk)
    return done
