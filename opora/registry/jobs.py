"""School imports as background tasks: the request stores the file and answers at once, the task
worker reads and applies it (all rows or none, as `services.schools_import`), the page polls."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from opora.core.background import INTERNAL_ERROR, Kind, enqueue, interrupted, report
from opora.core.russian import counted
from opora.core.statistics import refresh_statistics

from . import services
from .models import Municipality, Region, School, SchoolImport


def schools_import_accept(*, region: Region, upload, user, create_municipalities: bool = False) -> SchoolImport:
    """Stores the file (kept whatever the outcome) and queues the import."""
    with transaction.atomic():
        record = SchoolImport.objects.create(
            region=region,
            file=upload,
            original_name=upload.name[:255],
            uploaded_by=user,
            create_municipalities=create_municipalities,
            status=SchoolImport.Status.QUEUED,
            stage="В очереди на обработку",
        )
        enqueue(schools_import_process, record)
    record.refresh_from_db()
    return record


@task()
def schools_import_process(import_id: int) -> None:
    record = SchoolImport.objects.select_related("region").get(pk=import_id)
    if record.status != SchoolImport.Status.QUEUED:
        return  # already done, or marked interrupted meanwhile
    report(record, 10, "Чтение файла", status=SchoolImport.Status.PROCESSING)
    try:
        rows = services._read(record)
        report(record, 40, f"Проверка и запись: {counted(max(len(rows) - 1, 0), 'строка', 'строки', 'строк')}")
        with transaction.atomic():
            created, updated = services._apply(record.region, rows, record.original_name, record.create_municipalities)
            report(
                record,
                100,
                "",
                status=SchoolImport.Status.SUCCEEDED,
                created_count=created,
                updated_count=updated,
            )
        # The results of a region are read joined with its schools: planned on the schools as imported.
        refresh_statistics(School, Municipality)
    except services.ImportRejected as rejected:
        report(record, 100, "", status=SchoolImport.Status.FAILED, errors=rejected.errors)
    except Exception:
        report(record, 100, INTERNAL_ERROR, status=SchoolImport.Status.ERROR, errors=[INTERNAL_ERROR])
        raise


IMPORTS = Kind(SchoolImport, "status", tuple(SchoolImport.ACTIVE), SchoolImport.Status.ERROR, since="uploaded_at")


def recover(*, worker_running: bool = True) -> dict[str, list[int]]:
    """School imports whose task died with the worker, now marked failed."""
    return {"загрузки списка школ": interrupted(IMPORTS, worker_running=worker_running)}
