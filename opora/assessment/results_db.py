"""School results in and out of the database at national scale (640,000 rows).

Rows move as Polars frames, never as model instances: on PostgreSQL they are written with COPY
and read back with COPY … TO STDOUT into `pl.read_csv`; other databases (SQLite: tests, a trial)
take the ORM's batched statements. A re-upload writes only what changed: a row whose figures are
the same stays as it is, with the upload that brought them.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal

import polars as pl
from django.db import connection, transaction

from opora.core.russian import counted
from opora.registry.models import Municipality, School

from .models import ListedSchool, ResultsUpload, SchoolResult
from .sheets import ResultsFileError

KEY = ("school_id", "year", "procedure")
VALUES = ("participants", "low_count", "low_share", "high_share")
RESULT_COLUMNS = (*KEY, *VALUES)
RESULT_SCHEMA: dict[str, pl.DataType] = {
    "school_id": pl.Int64(),
    "year": pl.Int64(),
    "procedure": pl.String(),
    "participants": pl.Int64(),
    "low_count": pl.Int64(),
    "low_share": pl.Float64(),
    "high_share": pl.Float64(),
}
# Writers of results take turns (uploads of one region touch the same rows): the rows compared
# with the file are the rows then written over.
_WRITE_LOCK = 0x5C0_0001


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def query_frame(sql: str, params: list, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The rows of a query as a frame: PostgreSQL sends them as CSV (COPY … TO STDOUT), which
    Polars parses in native code; building 640,000 Python tuples first would cost seconds."""
    with connection.cursor() as cursor:
        if not _postgres():
            cursor.execute(sql, params)
            return pl.DataFrame(cursor.fetchall(), schema=schema, orient="row")
        raw = cursor.connection.cursor()
        out = io.BytesIO()
        with raw.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy:
            for block in copy:
                out.write(block)
    if not out.tell():
        return pl.DataFrame(schema=schema)
    out.seek(0)
    return pl.read_csv(out, has_header=False, schema=schema, quote_char='"')


def _as_float(column: str) -> str:
    """A share as a float: SQLite hands decimals over as text; PostgreSQL's COPY writes numerics as
    text that Polars parses as floats itself (a cast in the query costs a third of its time)."""
    return column if _postgres() else f"CAST({column} AS REAL)"


def stored_results(school_ids: list[int], years: list[int]) -> pl.DataFrame:
    """The stored results of these schools in these years (key, figures and the upload)."""
    sql = (
        f"SELECT school_id, year, procedure, participants, low_count, {_as_float('low_share')}, "
        f"{_as_float('high_share')}, upload_id FROM {SchoolResult._meta.db_table} WHERE "
    )
    if _postgres():
        sql += "school_id = ANY(%s) AND year = ANY(%s)"
        params: list = [school_ids, years]
    else:  # SQLite has no arrays; its variable limit is 32,766 (tests and trials are small)
        sql += f"school_id IN (SELECT value FROM json_each(%s)) AND year IN ({', '.join(['%s'] * len(years))})"
        params = [json.dumps(school_ids), *years]
    return query_frame(sql, params, RESULT_SCHEMA | {"upload_id": pl.Int64()})


def store_results(frame: pl.DataFrame, *, upload_id: int | None) -> int:
    """Inserts new (school, year, procedure) results and replaces changed ones; a result whose
    figures are unchanged is left alone (and keeps the upload that brought them). Returns how many
    rows were written. All or nothing: one transaction."""
    data = frame.select(*RESULT_COLUMNS).with_columns(pl.col("low_share").round(2), pl.col("high_share").round(2))
    with transaction.atomic():
        if _postgres():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_WRITE_LOCK])
        schools = data.get_column("school_id").unique().to_list()
        years = data.get_column("year").unique().to_list()
        _hold_references(schools, upload_id)
        stored = stored_results(schools, years) if schools else pl.DataFrame(schema=RESULT_SCHEMA)
        new, changed = _changes(data, stored)
        if _postgres():
            _copy_in(SchoolResult._meta.db_table, new.with_columns(pl.lit(upload_id, pl.Int64).alias("upload_id")))
            _update_postgres(changed, upload_id)
        else:
            _upsert_orm(pl.concat([new, changed]), upload_id)
    return new.height + changed.height


def _hold_references(school_ids: list[int], upload_id: int | None) -> None:
    """The table's foreign keys, checked once per file (the table has no per-row checks): every
    school and the upload exist, and on PostgreSQL they are locked against deletion until commit,
    as a foreign key check would lock them."""
    school_table, upload_table = School._meta.db_table, ResultsUpload._meta.db_table
    with connection.cursor() as cursor:
        if _postgres():
            cursor.execute(f"SELECT id FROM {school_table} WHERE id = ANY(%s) FOR KEY SHARE", [school_ids])
            found = cursor.rowcount
            if upload_id is not None:
                cursor.execute(f"SELECT id FROM {upload_table} WHERE id = %s FOR KEY SHARE", [upload_id])
                upload_found = cursor.rowcount
        else:
            cursor.execute(
                f"SELECT COUNT(*) FROM {school_table} WHERE id IN (SELECT value FROM json_each(%s))",
                [json.dumps(school_ids)],
            )
            found = cursor.fetchone()[0]
            if upload_id is not None:
                cursor.execute(f"SELECT COUNT(*) FROM {upload_table} WHERE id = %s", [upload_id])
                upload_found = cursor.fetchone()[0]
    if found != len(school_ids):
        missing = len(school_ids) - found
        raise ResultsFileError(
            f"{counted(missing, 'школа файла удалена', 'школы файла удалены', 'школ файла удалены')} из реестра "
            "во время загрузки: загрузите файл ещё раз."
        )
    if upload_id is not None and not upload_found:
        raise ResultsFileError("Запись о загрузке удалена во время обработки: загрузите файл ещё раз.")


def _changes(data: pl.DataFrame, stored: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows of the file not yet stored, and stored rows whose figures the file changes."""
    old = stored.select(*KEY, *[pl.col(v).alias(f"{v}:old") for v in VALUES], pl.lit(True).alias(":stored"))
    joined = data.join(old, on=list(KEY), how="left")
    is_new = pl.col(":stored").is_null()
    differs = pl.any_horizontal(pl.col(v).ne_missing(pl.col(f"{v}:old")) for v in VALUES)
    new, changed = pl.collect_all(
        [
            joined.lazy().filter(is_new).select(RESULT_COLUMNS),
            joined.lazy().filter(~is_new & differs).select(RESULT_COLUMNS),
        ]
    )
    return new, changed


def _copy_in(table: str, frame: pl.DataFrame) -> None:
    """COPY the frame's columns into the table's columns of the same names."""
    if not frame.height:
        return
    columns = ", ".join(frame.columns)
    with connection.cursor() as cursor:
        with cursor.connection.cursor().copy(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '')") as copy:
            copy.write(frame.write_csv(include_header=False, null_value=""))


def _update_postgres(changed: pl.DataFrame, upload_id: int | None) -> None:
    if not changed.height:
        return
    table = SchoolResult._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS pg_temp.changed_results")
        cursor.execute(
            "CREATE TEMP TABLE changed_results (school_id bigint, year smallint, procedure varchar(20), "
            "participants integer, low_count integer, low_share numeric(5,2), high_share numeric(5,2)) "
            "ON COMMIT DROP"
        )
        _copy_in("changed_results", changed)
        cursor.execute(
            f"UPDATE {table} AS r SET participants = c.participants, low_count = c.low_count, "
            f"low_share = c.low_share, high_share = c.high_share, upload_id = %s FROM changed_results c "
            f"WHERE r.school_id = c.school_id AND r.year = c.year AND r.procedure = c.procedure",
            [upload_id],
        )


def _upsert_orm(rows: pl.DataFrame, upload_id: int | None) -> None:
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
        for r in rows.iter_rows()
    ]
    SchoolResult.objects.bulk_create(
        objects,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["school", "year", "procedure"],
        update_fields=["participants", "low_count", "low_share", "high_share", "upload"],
    )


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def results_frame(region_id: int, years: list[int]) -> pl.DataFrame:
    """The region's results for the given years, in the rule's frame shape, plus school ids.
    The results (numbers and codes) and the schools (40,000 names) are read apart and joined here:
    a name read once per school, not once per result."""
    school, municipality = School._meta.db_table, Municipality._meta.db_table
    schools = query_frame(
        f"SELECT s.id, s.fis_oko_login, s.short_name, m.name FROM {school} s "
        f"JOIN {municipality} m ON m.id = s.municipality_id WHERE m.region_id = %s",
        [region_id],
        {"school_id": pl.Int64(), "login": pl.String(), "name": pl.String(), "municipality": pl.String()},
    )
    # The region's schools as a semi-join: a result row is not widened by its school and municipality.
    results = query_frame(
        f"SELECT r.school_id, r.year, r.procedure, r.participants, r.low_count, {_as_float('r.low_share')}, "
        f"{_as_float('r.high_share')} FROM {SchoolResult._meta.db_table} r "
        f"WHERE r.year IN ({', '.join(['%s'] * len(years))}) AND r.school_id IN (SELECT s.id FROM {school} s "
        f"JOIN {municipality} m ON m.id = s.municipality_id WHERE m.region_id = %s)",
        [*years, region_id],
        RESULT_SCHEMA,
    )
    return results.join(schools, on="school_id", how="inner").select(
        "school_id",
        "login",
        "name",
        "municipality",
        "year",
        "procedure",
        *VALUES,
        pl.lit(None, pl.Int64).alias("source_row"),
    )


def results_coverage(region_id: int) -> dict[int, int]:
    """Year → how many of the region's schools have results that year, newest first. Per year, each
    school is looked up in the unique (school, year, procedure) index; joining and de-duplicating
    the region's 640,000 results took a second."""
    result, school, municipality = SchoolResult._meta.db_table, School._meta.db_table, Municipality._meta.db_table
    sql = (
        f"SELECT y.year, (SELECT COUNT(*) FROM {school} s JOIN {municipality} m ON m.id = s.municipality_id "
        f"WHERE m.region_id = %s AND EXISTS (SELECT 1 FROM {result} r WHERE r.school_id = s.id AND r.year = y.year)) "
        f"FROM (SELECT DISTINCT year FROM {result}) y ORDER BY y.year DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [region_id])
        return {year: count for year, count in cursor.fetchall() if count}


def has_results(region_id: int, year: int) -> bool:
    """Whether some school of the region has results in the year: what the sent run form checks,
    stopping at the first such result (counting them is for the page)."""
    result, school, municipality = SchoolResult._meta.db_table, School._meta.db_table, Municipality._meta.db_table
    sql = (
        f"SELECT EXISTS (SELECT 1 FROM {result} r JOIN {school} s ON s.id = r.school_id "
        f"JOIN {municipality} m ON m.id = s.municipality_id WHERE m.region_id = %s AND r.year = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [region_id, year])
        return bool(cursor.fetchone()[0])


def save_listed(identification_id: int, rows: list[tuple]) -> None:
    """Saves a run's schools, given as (school_id, rule_listed, markers, criterion_procedures,
    criterion_consecutive, risk_reasons): COPY on PostgreSQL (Django's bulk insert quotes every JSON
    value of 12,000 rows through Python), the ORM elsewhere. No manual decisions yet."""
    if not _postgres():
        ListedSchool.objects.bulk_create(
            [
                ListedSchool(
                    identification_id=identification_id,
                    school_id=school_id,
                    rule_listed=listed,
                    markers=markers,
                    criterion_procedures=procedures,
                    criterion_consecutive=consecutive,
                    risk_reasons=reasons,
                )
                for school_id, listed, markers, procedures, consecutive, reasons in rows
            ],
            batch_size=2000,
        )
        return
    table = ListedSchool._meta.db_table
    columns = (
        "identification_id, school_id, rule_listed, markers, criterion_procedures, criterion_consecutive, "
        "risk_reasons, manual, manual_reason"
    )
    with connection.cursor() as cursor, cursor.connection.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for school_id, listed, markers, procedures, consecutive, reasons in rows:
            copy.write_row(
                (
                    identification_id,
                    school_id,
                    listed,
                    json.dumps(markers, ensure_ascii=False),
                    procedures,
                    consecutive,
                    json.dumps(reasons, ensure_ascii=False),
                    "",
                    "",
                )
            )
