"""Results uploads and identification runs as background tasks.

The request stores what was asked (the file, the rule's parameters) in a record and answers at once;
the task worker does the work and writes its progress on the record; the page polls the record.
The work is the services' own (`services.store_results`, `services.identification_run`),
all-or-nothing as there: a failed task changes nothing but its record, which says why in Russian."""

from __future__ import annotations

import logging
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django_tasks import task

from opora.core.background import INTERNAL_ERROR, Kind, enqueue, interrupted, report
from opora.core.russian import counted
from opora.core.statistics import refresh_statistics
from opora.registry.models import Campaign

from . import services
from .models import Identification, ResultsUpload
from .results_reader import read_results
from .rules import RuleParams
from .sheets import ResultsFileError

logger = logging.getLogger(__name__)

# After a large write the results table is tidied at once, not a minute later by autovacuum: the
# next pages and the list's run are planned on the new rows and read no dead ones.
ANALYZE_AFTER = 10_000

RUN_INTERRUPTED = "Расчёт прерван (сервер перезапущен); запустите расчёт ещё раз."


def results_upload_accept(*, campaign: Campaign, upload, user) -> ResultsUpload:
    """Stores the file (kept whatever happens) and queues its processing."""
    with transaction.atomic():
        record = ResultsUpload.objects.create(
            campaign=campaign,
            file=upload,
            original_name=upload.name[:255],
            uploaded_by=user,
            status=ResultsUpload.Status.QUEUED,
            stage="В очереди на обработку",
        )
        enqueue(results_upload_process, record)
    record.refresh_from_db()
    return record


@task()
def results_upload_process(upload_id: int) -> None:
    """Reads the stored file and saves all its results or none (as `services.results_upload`)."""
    record = ResultsUpload.objects.select_related("campaign__region").get(pk=upload_id)
    if record.status != ResultsUpload.Status.QUEUED:
        return  # already done, or marked interrupted meanwhile
    report(record, 5, "Чтение файла", status=ResultsUpload.Status.PROCESSING)
    try:
        frame = read_results(record.file.path, name=record.original_name)
        report(record, 40, f"Проверка логинов школ: {counted(frame.height, 'строка', 'строки', 'строк')}")
        frame = services._with_school_ids(frame, record.campaign, record.original_name)
        report(record, 60, f"Сохранение {counted(frame.height, 'строки', 'строк', 'строк')} результатов")
        with transaction.atomic():
            written = services.store_results(frame, upload_id=record.pk)
            # In the same transaction: results are never stored without their record saying so.
            report(
                record,
                100,
                "",
                status=ResultsUpload.Status.ACCEPTED,
                row_count=frame.height,
                years=sorted(frame["year"].unique().to_list()),
            )
        if written >= ANALYZE_AFTER:
            analyze_results()  # the user sees the upload done already
    except ResultsFileError as error:
        lines = error.lines(services.MAX_LISTED_ERRORS)  # capped, as `services.results_upload` stores them
        report(record, 100, "", status=ResultsUpload.Status.REJECTED, errors=lines)
    except Exception:
        report(record, 100, INTERNAL_ERROR, status=ResultsUpload.Status.ERROR, errors=[INTERNAL_ERROR])
        raise  # the traceback stays with the task result, for the administrator


def analyze_results() -> None:
    """Fresh statistics for the results table and, outside a transaction, the old versions of
    rewritten rows cleared (VACUUM): a re-upload leaves 640,000 of them for every later read to step over."""
    from .models import SchoolResult

    refresh_statistics(SchoolResult, vacuum=True)


def identification_request(
    *, campaign: Campaign, year: int, params: RuleParams, user, token: uuid.UUID | None = None
) -> Identification:
    """Records the run asked for and queues it. The same form sent again returns its record."""
    if token is not None:
        existing = Identification.objects.filter(campaign=campaign, run_token=token).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            record = Identification.objects.create(
                campaign=campaign,
                year=year,
                threshold=params.threshold,
                min_participants=params.min_participants,
                consecutive=params.consecutive,
                combine=params.combine,
                near_margin=params.near_margin,
                run_by=user,
                run_token=token,
                state=Identification.State.QUEUED,
                stage="В очереди на расчёт",
            )
            enqueue(identification_process, record)
    except IntegrityError:
        # The same form sent twice at once: the other request has recorded the run.
        existing = Identification.objects.filter(campaign=campaign, run_token=token).first() if token else None
        if existing is None:
            raise
        return existing
    record.refresh_from_db()
    return record


@task()
def identification_process(identification_id: int) -> None:
    """Makes the run asked for by the record: `services.identification_run` fills the record with
    its schools and figures, in one transaction."""
    record = Identification.objects.select_related("campaign__region", "run_by").filter(pk=identification_id).first()
    if record is None or record.state != Identification.State.QUEUED:
        return
    report(record, 10, "Расчёт по результатам региона", state=Identification.State.PROCESSING)
    try:
        with transaction.atomic():
            services.identification_run(
                campaign=record.campaign,
                year=record.year,
                params=record.rule_params(),
                user=record.run_by,
                into=record,
            )
            report(record, 100, "", state=Identification.State.DONE)
    except (ValidationError, PermissionDenied) as error:
        message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        report(record, 100, message, state=Identification.State.ERROR)
    except Exception:
        report(record, 100, INTERNAL_ERROR, state=Identification.State.ERROR)
        raise


UPLOADS = Kind(ResultsUpload, "status", tuple(ResultsUpload.ACTIVE), ResultsUpload.Status.ERROR, since="uploaded_at")
RUNS = Kind(
    Identification,
    "state",
    tuple(Identification.ACTIVE),
    Identification.State.ERROR,
    since="run_at",
    message=RUN_INTERRUPTED,
    errors=False,
)


def recover(*, worker_running: bool = True) -> dict[str, list[int]]:
    """Uploads and runs whose task died with the worker, now marked failed."""
    return {
        "загрузки результатов": interrupted(UPLOADS, worker_running=worker_running),
        "расчёты перечня": interrupted(RUNS, worker_running=worker_running),
    }
