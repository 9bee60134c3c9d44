"""Results uploads, identification runs, manual decisions and approval of the list."""

from __future__ import annotations

import datetime
from decimal import Decimal

import polars as pl
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from opora.registry.models import Campaign, Municipality, Order, School

from .models import Identification, ListDecision, ListedSchool, ResultsUpload, SchoolResult
from .results_reader import read_results
from .rules import RuleParams, identify_frame
from .sheets import ResultsFileError

MAX_LISTED_ERRORS = 200


def results_upload(*, campaign: Campaign, upload, user) -> ResultsUpload:
    """Stores the file first (kept whatever happens), then all its results or none of them."""
    record = ResultsUpload.objects.create(
        campaign=campaign, file=upload, original_name=upload.name[:255], uploaded_by=user
    )
    try:
        frame = read_results(record.file.path, name=record.original_name)
        frame = _with_school_ids(frame, campaign, record.original_name)
        with transaction.atomic():
            store_results(frame, upload_id=record.pk)
    except ResultsFileError as error:
        record.status = ResultsUpload.Status.REJECTED
        lines = [str(e) for e in error.errors]
        if len(lines) > MAX_LISTED_ERRORS:
            lines = [*lines[:MAX_LISTED_ERRORS], f"… и ещё {len(lines) - MAX_LISTED_ERRORS}."]
        record.errors = lines
    else:
        record.status = ResultsUpload.Status.ACCEPTED
        record.row_count = frame.height
        record.years = sorted(frame["year"].unique().to_list())
    record.save(update_fields=["status", "errors", "row_count", "years"])
    return record


def _with_school_ids(frame: pl.DataFrame, campaign: Campaign, name: str) -> pl.DataFrame:
    from .sheets import CellError

    logins = frame["login"].unique().to_list()
    known = pl.DataFrame(
        list(
            School.objects.filter(municipality__region_id=campaign.region_id, fis_oko_login__in=logins).values_list(
                "fis_oko_login", "pk"
            )
        ),
        schema={"login": pl.String, "school_id": pl.Int64},
        orient="row",
    )
    joined = frame.join(known, on="login", how="left")
    unknown = joined.filter(pl.col("school_id").is_null()).sort("source_row")
    if unknown.height:
        region = campaign.region.name
        raise ResultsFileError(
            [
                CellError(name, row, "«Логин ОО»", f"школы с логином {login} нет в реестре региона «{region}»")
                for login, row in unknown.select("login", "source_row").iter_rows()
            ]
        )
    return joined


RESULT_COLUMNS = ("school_id", "year", "procedure", "participants", "low_count", "low_share", "high_share")


def store_results(frame: pl.DataFrame, *, upload_id: int | None) -> int:
    """Inserts or replaces (school, year, procedure) results. PostgreSQL gets COPY into a temporary
    table and one upsert — a national file in seconds; other databases a batched upsert."""
    data = frame.select(*RESULT_COLUMNS).with_columns(pl.col("low_share").round(2), pl.col("high_share").round(2))
    if connection.vendor == "postgresql":
        return _store_postgres(data, upload_id)
    objects = [
        SchoolResult(
            school_id=r[0],
            year=r[1],
            procedure=r[2],
            participants=r[3],
            low_count=r[4],
            low_share=_decimal(r[5]),
            high_share=_decimal(r[6]),
            upload_id=upload_id,
        )
        for r in data.iter_rows()
    ]
    SchoolResult.objects.bulk_create(
        objects,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["school", "year", "procedure"],
        update_fields=["participants", "low_count", "low_share", "high_share", "upload"],
    )
    return len(objects)


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _store_postgres(data: pl.DataFrame, upload_id: int | None) -> int:
    table = SchoolResult._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS pg_temp.incoming_results")
        cursor.execute(
            "CREATE TEMP TABLE incoming_results (school_id bigint, year smallint, procedure varchar(20), "
            "participants integer, low_count integer, low_share numeric(5,2), high_share numeric(5,2)) "
            "ON COMMIT DROP"
        )
        with cursor.connection.cursor().copy("COPY incoming_results FROM STDIN WITH (FORMAT csv, NULL '')") as copy:
            copy.write(data.write_csv(include_header=False, null_value=""))
        cursor.execute(
            f"INSERT INTO {table} (school_id, year, procedure, participants, low_count, low_share, high_share, "
            f"upload_id) SELECT school_id, year, procedure, participants, low_count, low_share, high_share, %s "
            f"FROM incoming_results ON CONFLICT (school_id, year, procedure) DO UPDATE SET "
            f"participants = EXCLUDED.participants, low_count = EXCLUDED.low_count, "
            f"low_share = EXCLUDED.low_share, high_share = EXCLUDED.high_share, upload_id = EXCLUDED.upload_id",
            [upload_id],
        )
        return cursor.rowcount


def results_frame(campaign: Campaign, years: list[int]) -> pl.DataFrame:
    """The region's results for the given years, in the rule's frame shape, plus school ids.
    Read with one plain SQL query: building model rows for a national data set costs seconds."""
    as_float = "double precision" if connection.vendor == "postgresql" else "REAL"
    sql = (
        f"SELECT s.id, s.fis_oko_login, s.short_name, m.name, r.year, r.procedure, r.participants, r.low_count, "
        f"CAST(r.low_share AS {as_float}), CAST(r.high_share AS {as_float}) "
        f"FROM {SchoolResult._meta.db_table} r JOIN {School._meta.db_table} s ON s.id = r.school_id "
        f"JOIN {Municipality._meta.db_table} m ON m.id = s.municipality_id "
        f"WHERE m.region_id = %s AND r.year IN ({', '.join(['%s'] * len(years))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [campaign.region_id, *years])
        rows = cursor.fetchall()
    schema = {
        "school_id": pl.Int64,
        "login": pl.String,
        "name": pl.String,
        "municipality": pl.String,
        "year": pl.Int64,
        "procedure": pl.String,
        "participants": pl.Int64,
        "low_count": pl.Int64,
        "low_share": pl.Float64,
        "high_share": pl.Float64,
    }
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    return frame.with_columns(pl.lit(None, pl.Int64).alias("source_row"))


@transaction.atomic
def identification_run(*, campaign: Campaign, year: int, params: RuleParams, user) -> Identification:
    frame = results_frame(campaign, [year - 1, year])
    result = identify_frame(frame, year, params)
    run = Identification.objects.create(
        campaign=campaign,
        year=year,
        threshold=params.threshold,
        min_participants=params.min_participants,
        consecutive=params.consecutive,
        combine=params.combine,
        near_margin=params.near_margin,
        procedures=result.procedures,
        schools_checked=result.schools_checked,
        warnings=result.warnings,
        run_by=user,
    )
    school_ids = dict(frame.select("login", "school_id").unique().iter_rows())
    rows = [
        ListedSchool(
            identification=run,
            school_id=school_ids[s.login],
            rule_listed=True,
            markers={str(y): codes for y, codes in s.markers.items()},
            criterion_procedures=s.criteria["two_or_more_procedures"],
            criterion_consecutive=s.criteria["consecutive_years"],
        )
        for s in result.identified
    ] + [
        ListedSchool(
            identification=run,
            school_id=school_ids[s.login],
            rule_listed=False,
            markers={str(y): codes for y, codes in s.markers.items()},
            risk_reasons=s.reasons,
        )
        for s in result.risk_zone
    ]
    ListedSchool.objects.bulk_create(rows, batch_size=2000)
    return run


def _require_draft(identification: Identification) -> None:
    if not identification.is_draft:
        raise ValidationError("Перечень уже утверждён приказом; для изменений выполните новый расчёт.")


def _require_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if len(reason) < 5:
        raise ValidationError("Укажите основание решения (не короче 5 символов).")
    return reason


@transaction.atomic
def listed_school_decide(*, listed: ListedSchool, action: str, reason: str, user) -> ListedSchool:
    """Include, exclude or undo a manual decision; the decision is kept in the history."""
    _require_draft(listed.identification)
    reason = _require_reason(reason)
    manual = {
        ListDecision.Action.INCLUDE: ListedSchool.Manual.INCLUDED,
        ListDecision.Action.EXCLUDE: ListedSchool.Manual.EXCLUDED,
        ListDecision.Action.RESTORE: ListedSchool.Manual.NONE,
    }[action]
    listed.manual, listed.manual_reason = manual, reason if manual else ""
    listed.save(update_fields=["manual", "manual_reason"])
    ListDecision.objects.create(listed_school=listed, action=action, reason=reason, by=user)
    return listed


@transaction.atomic
def school_include(*, identification: Identification, school: School, reason: str, user) -> ListedSchool:
    """Adds by hand a school the rule did not select (e.g. on the municipality's request)."""
    _require_draft(identification)
    if school.municipality.region_id != identification.campaign.region_id:
        raise ValidationError("Школа относится к другому региону.")
    listed, _ = ListedSchool.objects.get_or_create(identification=identification, school=school)
    return listed_school_decide(listed=listed, action=ListDecision.Action.INCLUDE, reason=reason, user=user)


@transaction.atomic
def identification_approve(*, identification: Identification, order: Order, user) -> Identification:
    _require_draft(identification)
    if order.region_id != identification.campaign.region_id:
        raise ValidationError("Приказ издан в другом регионе.")
    Identification.objects.filter(campaign=identification.campaign, status=Identification.Status.APPROVED).update(
        status=Identification.Status.SUPERSEDED
    )
    identification.status = Identification.Status.APPROVED
    identification.order, identification.approved_by, identification.approved_at = order, user, timezone.now()
    identification.save(update_fields=["status", "order", "approved_by", "approved_at"])
    return identification


def previous_approved(identification: Identification) -> Identification | None:
    return Identification.objects.filter(
        campaign__region_id=identification.campaign.region_id,
        campaign__year=identification.campaign.year - 1,
        status=Identification.Status.APPROVED,
    ).first()


def list_dynamics(identification: Identification, visible_schools) -> dict | None:
    """Entered / stayed / left against last year's approved list, within the schools the user sees."""
    previous = previous_approved(identification)
    if previous is None:
        return None
    now = set(
        ListedSchool.objects.filter(identification=identification, school__in=visible_schools)
        .on_list()
        .values_list("school_id", flat=True)
    )
    before = set(
        ListedSchool.objects.filter(identification=previous, school__in=visible_schools)
        .on_list()
        .values_list("school_id", flat=True)
    )
    # Short names repeat across municipalities («МБОУ «СОШ № 1»»), so the municipality goes with them.
    names = {
        pk: f"{name} ({municipality})"
        for pk, name, municipality in School.objects.filter(pk__in=now | before).values_list(
            "pk", "short_name", "municipality__name"
        )
    }

    def named(ids):
        return sorted(((pk, names[pk]) for pk in ids), key=lambda item: item[1])

    return {
        "previous": previous,
        "entered": named(now - before),
        "stayed": named(now & before),
        "left": named(before - now),
    }


def default_year(campaign: Campaign) -> int:
    """Results of year N select the schools supported in the campaign of year N+1… or of N itself:
    regions differ, so the run form proposes the latest year that has results."""
    latest = SchoolResult.objects.filter(school__municipality__region_id=campaign.region_id).order_by("-year")
    first = latest.values_list("year", flat=True).first()
    return first or campaign.year or datetime.date.today().year
