"""ФИС ОКО protocols uploaded into a campaign: read in the task worker into a preview, stored on
the operator's confirmation.

Reading never changes results. Storing is all-or-nothing per batch: each readable file becomes a
`ResultsUpload` (its file the kept protocol) whose school results `services.store_results` writes
exactly as for an uploaded results table, replacing the same work and year; per-task shares and
objectivity go to `TaskResult`."""

from __future__ import annotations

import logging

import polars as pl
from django.db import transaction
from django_tasks import task

from opora.core.background import INTERNAL_ERROR, Kind, enqueue, interrupted, report
from opora.core.russian import counted
from opora.registry.models import Campaign, School

from . import services
from .models import ProtocolBatch, ProtocolFile, ResultsUpload, SchoolResult, ScoreScale, TaskDescription, TaskResult
from .procedures import procedure_label
from .protocols import (
    ProtocolError,
    Scale,
    ScaleError,
    Scales,
    propose_work,
    propose_year,
    read_protocol,
    read_protocol_sheet,
)
from .protocols.aggregate import WARNING_TITLES
from .protocols.output import school_dict

logger = logging.getLogger(__name__)
LISTED_WARNINGS = 200
LISTED_UNKNOWN = 20


def campaign_scales(campaign: Campaign) -> Scales:
    """Built-in scales, then the operator's for this campaign (which win for the same year and work)."""
    scales = Scales.built_in()
    scales.add(
        Scale(s.year, s.procedure, tuple(s.bounds), s.maximum)  # type: ignore[arg-type]
        for s in ScoreScale.objects.filter(campaign=campaign)
    )
    return scales


def protocols_accept(*, campaign: Campaign, uploads, user, work: str = "", year: int | None = None) -> ProtocolBatch:
    """Keeps every file and queues their reading. `work`/`year`: the user's choice for all files."""
    with transaction.atomic():
        batch = ProtocolBatch.objects.create(campaign=campaign, uploaded_by=user, stage="В очереди на чтение")
        for upload in uploads:
            ProtocolFile.objects.create(
                batch=batch, file=upload, original_name=upload.name[:255], work=work or "", year=year
            )
        enqueue(protocol_batch_read, batch)
    batch.refresh_from_db()
    return batch


def protocols_reread(*, batch: ProtocolBatch, choices: dict[int, tuple[str, int | None]]) -> ProtocolBatch:
    """The operator changed work or year of some files in the preview: read them again."""
    with transaction.atomic():
        for item in batch.files.all():
            if item.pk in choices:
                item.work, item.year = choices[item.pk]
                item.save(update_fields=["work", "year"])
        ProtocolBatch.objects.filter(pk=batch.pk).update(state=ProtocolBatch.State.READING, progress=0)
        batch.state = ProtocolBatch.State.READING
        enqueue(protocol_batch_read, batch)
    batch.refresh_from_db()
    return batch


def protocols_confirm(*, batch: ProtocolBatch) -> ProtocolBatch:
    with transaction.atomic():
        claimed = ProtocolBatch.objects.filter(pk=batch.pk, state=ProtocolBatch.State.PREVIEW).update(
            state=ProtocolBatch.State.STORING, progress=0, stage="В очереди на сохранение"
        )
        if claimed:
            enqueue(protocol_batch_store, batch)
    batch.refresh_from_db()
    return batch


@task()
def protocol_batch_read(batch_id: int) -> None:
    batch = ProtocolBatch.objects.select_related("campaign__region").get(pk=batch_id)
    if batch.state != ProtocolBatch.State.READING:
        return
    try:
        files = list(batch.files.all())
        scales = campaign_scales(batch.campaign)
        descriptions = dict(TaskDescription.objects.filter(campaign=batch.campaign).values_list("procedure", "tasks"))
        known = set(
            School.objects.filter(municipality__region=batch.campaign.region).values_list("fis_oko_login", flat=True)
        )
        for n, item in enumerate(files):
            report(batch, 5 + 90 * n // len(files), f"Чтение «{item.original_name}» ({n + 1} из {len(files)})")
            _read_one(item, scales, descriptions, known, batch.campaign)
        report(batch, 100, "", state=ProtocolBatch.State.PREVIEW)
    except Exception:
        report(batch, 100, INTERNAL_ERROR, state=ProtocolBatch.State.ERROR, errors=[INTERNAL_ERROR])
        raise


def _read_one(item: ProtocolFile, scales: Scales, descriptions: dict, known: set[str], campaign: Campaign) -> None:
    item.error, item.summary = "", {}
    try:
        protocol = read_protocol_sheet(item.file.path, item.original_name)
        item.proposed_work = propose_work(item.original_name) or ""
        item.proposed_year = propose_year(protocol, item.original_name)
        work = item.work or item.proposed_work
        year = item.year or item.proposed_year
        summary = read_protocol(
            item.file.path,
            name=item.original_name,
            work=procedure_label(work) if work else None,
            year=year,
            scales=scales,
            task_max=_maxima(descriptions.get(work)),
        )
    except (ProtocolError, ScaleError) as error:
        item.error = str(error)
    else:
        item.work, item.year = summary.work, summary.year
        unknown = sorted({s.login for s in summary.schools} - known)
        replaces = SchoolResult.objects.filter(
            school__municipality__region=campaign.region, year=summary.year, procedure=summary.work
        ).count()
        item.summary = {
            "layout": summary.layout,
            "rows": summary.rows,
            "absent": summary.absent,
            "participants": summary.participants,
            "low_count": summary.low_count,
            "schools_count": len(summary.schools),
            "warning_counts": {WARNING_TITLES[k]: n for k, n in summary.warning_counts.items()},
            "warnings_total": summary.warnings_total,
            "warnings": [str(w) for w in summary.warnings[:LISTED_WARNINGS]],
            "task_max": summary.task_max,
            "region_task_shares": summary.region_task_shares,
            "unknown_logins": unknown,
            "replaces": replaces,
            "schools": [school_dict(s) for s in summary.schools],
        }
        if unknown:
            shown = ", ".join(unknown[:LISTED_UNKNOWN]) + (" …" if len(unknown) > LISTED_UNKNOWN else "")
            item.error = (
                f"{counted(len(unknown), 'школы', 'школ', 'школ')} из протокола нет в реестре региона "
                f"«{campaign.region.name}»: {shown}. Загрузите список школ или проверьте файл."
            )
    item.save(update_fields=["error", "summary", "proposed_work", "proposed_year", "work", "year"])


def _maxima(tasks: dict | None) -> dict[str, int] | None:
    return {t: d["max_points"] for t, d in tasks.items() if d.get("max_points")} if tasks else None


@task()
def protocol_batch_store(batch_id: int) -> None:
    """Stores every readable file of the batch, or nothing."""
    batch = ProtocolBatch.objects.select_related("campaign__region").get(pk=batch_id)
    if batch.state != ProtocolBatch.State.STORING:
        return
    files = [f for f in batch.files.all() if f.is_readable]
    try:
        with transaction.atomic():
            for n, item in enumerate(files):
                report(batch, 5 + 90 * n // max(1, len(files)), f"Сохранение «{item.original_name}»")
                _store_one(item, batch)
            report(batch, 100, "", state=ProtocolBatch.State.STORED)
    except Exception:
        report(batch, 100, INTERNAL_ERROR, state=ProtocolBatch.State.ERROR, errors=[INTERNAL_ERROR])
        raise


def _store_one(item: ProtocolFile, batch: ProtocolBatch) -> None:
    schools = item.summary["schools"]
    ids = dict(
        School.objects.filter(
            municipality__region=batch.campaign.region, fis_oko_login__in=[s["login"] for s in schools]
        ).values_list("fis_oko_login", "pk")
    )
    record = ResultsUpload(
        campaign=batch.campaign,
        original_name=item.original_name,
        uploaded_by=batch.uploaded_by,
        status=ResultsUpload.Status.ACCEPTED,
        row_count=len(schools),
        years=[item.year],
    )
    record.file.name = item.file.name  # the kept protocol is the source of these results
    record.save()
    region = batch.campaign.region
    # A re-upload of the same work and year replaces it: schools absent from the new protocol lose theirs.
    SchoolResult.objects.filter(school__municipality__region=region, year=item.year, procedure=item.work).delete()
    TaskResult.objects.filter(school__municipality__region=region, year=item.year, procedure=item.work).delete()
    frame = pl.DataFrame(
        {
            "school_id": [ids[s["login"]] for s in schools],
            "year": [item.year] * len(schools),
            "procedure": [item.work] * len(schools),
            "participants": [s["participants"] for s in schools],
            "low_count": [s["low_count"] for s in schools],
            "low_share": [s["low_share"] for s in schools],
            "high_share": [_high_share(s) for s in schools],
        },
        schema={"school_id": pl.Int64, "year": pl.Int64, "procedure": pl.String, "participants": pl.Int64,
                "low_count": pl.Int64, "low_share": pl.Float64, "high_share": pl.Float64},
    )  # fmt: skip
    services.store_results(frame, upload_id=record.pk)
    TaskResult.objects.bulk_create(
        [
            TaskResult(
                school_id=ids[s["login"]],
                year=item.year,
                procedure=item.work,
                source=item,
                participants=s["participants"],
                marks=s["marks"],
                mean_score=s["mean_score"],
                task_shares=s["task_shares"],
                region_shares=item.summary["region_task_shares"],
                lowered=s["objectivity"]["lowered"],
                confirmed=s["objectivity"]["confirmed"],
                raised=s["objectivity"]["raised"],
            )
            for s in schools
        ],
        batch_size=1000,
    )
    item.results_upload = record
    item.save(update_fields=["results_upload"])


def _high_share(school: dict) -> float | None:
    """Share of «4» and «5»: what the results tables call «% высоких результатов»."""
    n = school["participants"]
    return round(100 * (school["marks"]["4"] + school["marks"]["5"]) / n, 2) if n else None


BATCHES = Kind(ProtocolBatch, "state", tuple(ProtocolBatch.ACTIVE), ProtocolBatch.State.ERROR, since="uploaded_at")


def recover(*, worker_running: bool = True) -> dict[str, list[int]]:
    """Protocol batches whose reading or storing died with the worker, now marked failed (storing is
    one transaction: nothing of such a batch was stored)."""
    return {"загрузки протоколов ФИС ОКО": interrupted(BATCHES, worker_running=worker_running)}
