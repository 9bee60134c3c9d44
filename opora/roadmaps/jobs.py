"""A roadmap document read in the task worker: the request checks the form and the file (a hostile
one refused at once), stores the file and answers with a page that polls the reading's progress;
the worker reads the document (a PDF takes about half a second a page) and fills the preview at
once when the whole document is read — a reading that fails or is cut off leaves its Russian error
on the record, never half a preview."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from opora.core.background import INTERNAL_ERROR, Kind, enqueue, interrupted, report
from opora.registry.models import Campaign

from . import services
from .models import RoadmapImport
from .parse import RoadmapError


def roadmap_import_accept(
    *, campaign: Campaign, level: str, municipality=None, school=None, upload, year: int | None, user
) -> RoadmapImport:
    """Checks the file (ValidationError in Russian, nothing stored), keeps it and queues its reading."""
    services.roadmap_import_check(upload)
    with transaction.atomic():
        record = services.imports.new_import(
            campaign=campaign, level=level, municipality=municipality, school=school, upload=upload, year=year,
            user=user, status=RoadmapImport.Status.QUEUED, stage="В очереди на чтение",
        )  # fmt: skip
        enqueue(roadmap_import_process, record)
    record.refresh_from_db()
    return record


@task()
def roadmap_import_process(import_id: int) -> None:
    """Reads the stored document with the year given at upload; the preview is written whole, in
    one update with the record's state, or not at all."""
    record = RoadmapImport.objects.select_related("campaign").filter(pk=import_id).first()
    if record is None or record.status != RoadmapImport.Status.QUEUED:
        return  # removed, or marked interrupted meanwhile
    report(record, 5, "Чтение файла", status=RoadmapImport.Status.PROCESSING)
    try:
        with record.file.open("rb") as stored:
            data = stored.read()
        payload = services.roadmap_import_payload(
            data,
            record.original_name,
            year=record.year,
            campaign_year=record.campaign.year,
            progress=lambda percent, stage: report(record, percent, stage),
        )
    except RoadmapError as error:
        report(record, 100, "", status=RoadmapImport.Status.FAILED, parsed={"error": str(error)})
        return
    except Exception:
        report(record, 100, INTERNAL_ERROR, status=RoadmapImport.Status.FAILED)
        raise  # the traceback stays with the task result, for the administrator
    report(record, 100, "", status=RoadmapImport.Status.READ, parsed=payload)


IMPORTS = Kind(
    RoadmapImport,
    "status",
    RoadmapImport.ACTIVE,
    RoadmapImport.Status.FAILED,
    since="uploaded_at",
    message=RoadmapImport.INTERRUPTED,
    errors=False,
)


def recover(*, worker_running: bool = True) -> dict[str, list[int]]:
    """Roadmap documents whose reading died with the worker, now marked failed."""
    return {"чтение дорожных карт": interrupted(IMPORTS, worker_running=worker_running)}
