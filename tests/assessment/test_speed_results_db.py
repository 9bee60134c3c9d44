"""Results in and out of the database by frames (assessment/results_db.py): what is written on a
re-upload, what is read back for the rule, and the run's schools saved in one go. Runs on SQLite
and, with `python tests/postgres.py`, on PostgreSQL (COPY in and out)."""

from decimal import Decimal

import polars as pl
import pytest
from django.core.files.base import ContentFile

from opora.assessment import jobs, services
from opora.assessment.models import Identification, ListedSchool, ResultsUpload, SchoolResult
from opora.assessment.results_db import has_results, results_coverage, results_frame, store_results
from opora.assessment.rules import RuleParams
from opora.assessment.sheets import ResultsFileError

from .worlds import results_frame as frame_of

pytestmark = pytest.mark.django_db


def upload(world) -> ResultsUpload:
    return ResultsUpload.objects.create(
        campaign=world.campaign, file=ContentFile(b"x", name="vpr.csv"), original_name="vpr.csv"
    )


def stored(world) -> dict[tuple, tuple]:
    return {
        (r.school_id, r.year, r.procedure): (r.participants, r.low_count, r.low_share, r.upload_id)
        for r in SchoolResult.objects.all()
    }


def test_a_re_upload_writes_only_new_and_changed_rows(world):
    a, b = world.school_a.pk, world.school_b.pk
    first, second = upload(world), upload(world)
    rows = [(a, 2025, "vpr5_ru", 20, 8), (a, 2025, "oge_ma", 10, 3), (b, 2025, "oge_ma", 12, 4)]
    assert store_results(frame_of(rows), upload_id=first.pk) == 3
    assert store_results(frame_of(rows), upload_id=second.pk) == 0  # the same file again
    assert {v[3] for v in stored(world).values()} == {first.pk}

    corrected = [(a, 2025, "vpr5_ru", 20, 8), (a, 2025, "oge_ma", 10, 5), (b, 2024, "oge_ma", 12, 6)]
    assert store_results(frame_of(corrected), upload_id=second.pk) == 2
    # 8 of 20 unchanged keeps its upload; 5 of 10 replaces 3 of 10; 2024 is new; b's 2025 stays.
    assert stored(world) == {
        (a, 2025, "vpr5_ru"): (20, 8, Decimal("40.00"), first.pk),
        (a, 2025, "oge_ma"): (10, 5, Decimal("50.00"), second.pk),
        (b, 2024, "oge_ma"): (12, 6, Decimal("50.00"), second.pk),
        (b, 2025, "oge_ma"): (12, 4, Decimal("33.33"), first.pk),
    }


def test_a_share_or_a_missing_figure_counts_as_a_change(world):
    a = world.school_a.pk
    first, second = upload(world), upload(world)
    base = frame_of([(a, 2025, "vpr5_ru", 20, 8), (a, 2025, "oge_ma", 10, 3)])
    store_results(base, upload_id=first.pk)
    edited = base.with_columns(
        pl.when(pl.col("procedure") == "vpr5_ru").then(40.01).otherwise(pl.col("low_share")).alias("low_share"),
        pl.when(pl.col("procedure") == "oge_ma").then(None).otherwise(pl.col("low_count")).alias("low_count"),
    )
    assert store_results(edited, upload_id=second.pk) == 2
    figures = {k: v[:3] for k, v in stored(world).items()}
    assert figures[(a, 2025, "vpr5_ru")][2] == Decimal("40.01")
    assert figures[(a, 2025, "oge_ma")][1] is None


def test_results_frame_reads_the_region_s_results_of_the_years_with_names(world):
    a, b, other = world.school_a, world.school_b, world.school_other_region
    store_results(
        frame_of(
            [
                (a.pk, 2025, "vpr5_ru", 20, 8),
                (b.pk, 2024, "oge_ma", 12, 5),
                (b.pk, 2023, "oge_ma", 12, 5),
                (other.pk, 2025, "vpr5_ru", 10, 9),
            ]
        ),
        upload_id=None,
    )
    frame = results_frame(world.region.pk, [2024, 2025]).sort("year")
    assert frame.columns == [
        "school_id", "login", "name", "municipality", "year", "procedure",
        "participants", "low_count", "low_share", "high_share", "source_row",
    ]  # fmt: skip
    assert frame.select("login", "name", "municipality", "year", "procedure", "participants", "low_count").rows() == [
        (b.fis_oko_login, b.short_name, b.municipality.name, 2024, "oge_ma", 12, 5),
        (a.fis_oko_login, a.short_name, a.municipality.name, 2025, "vpr5_ru", 20, 8),
    ]
    assert frame["low_share"].to_list() == [pytest.approx(41.67), pytest.approx(40.0)]
    assert frame["high_share"].to_list() == [None, None]
    assert results_frame(world.region.pk, [2019]).height == 0
    assert results_coverage(world.region.pk) == {2025: 1, 2024: 1, 2023: 1}
    assert list(results_coverage(world.region.pk)) == [2025, 2024, 2023]
    assert [has_results(world.region.pk, y) for y in (2022, 2023, 2024, 2025, 2026)] == [0, 1, 1, 1, 0]
    # The other region's school has results in 2025 only; this region's years are not its years.
    assert results_coverage(other.municipality.region_id) == {2025: 1}
    assert [has_results(other.municipality.region_id, y) for y in (2023, 2024, 2025)] == [0, 0, 1]


def test_the_worker_fills_the_requested_run_with_its_schools_and_risk_reasons(world):
    a, b, c = world.school_a.pk, world.school_b.pk, world.school_c.pk
    store_results(
        frame_of([(a, 2025, "vpr5_ru", 20, 8), (a, 2025, "oge_ma", 10, 3), (c, 2025, "vpr5_ru", 30, 8)]),
        upload_id=None,
    )
    record = jobs.identification_request(campaign=world.campaign, year=2025, params=RuleParams(), user=None)
    record.refresh_from_db()
    assert Identification.objects.count() == 1  # no draft made and deleted on the way
    assert record.state == Identification.State.DONE and record.schools_checked == 2
    assert record.procedures == ["vpr5_ru", "oge_ma"]
    listed = {s.school_id: s for s in ListedSchool.objects.filter(identification=record)}
    assert set(listed) == {a, c}
    assert listed[a].rule_listed and listed[a].markers == {"2025": ["oge_ma", "vpr5_ru"]}
    assert listed[a].criterion_procedures and not listed[a].criterion_consecutive
    assert not listed[c].rule_listed and listed[c].markers == {}
    assert listed[c].risk_reasons == ["ВПР 5 РУ: доля «2» 26,67 % — не более 5 п. п. до порога 30 %"]
    assert b not in listed


def test_a_run_of_a_year_without_results_names_the_years_that_have_them(world):
    store_results(frame_of([(world.school_a.pk, 2024, "vpr5_ru", 20, 8)]), upload_id=None)
    with pytest.raises(Exception) as refused:
        services.identification_run(campaign=world.campaign, year=2025, params=RuleParams(), user=None)
    assert "За 2025 год результатов нет. Загружены результаты за 2024 гг." in str(refused.value)
    assert not Identification.objects.exists()


def test_results_of_a_school_gone_from_the_registry_are_refused_whole(world):
    """The table has no per-row foreign key checks; the file's schools are checked once instead."""
    a = world.school_a.pk
    gone = world.school_b
    rows = frame_of([(a, 2025, "vpr5_ru", 20, 8), (gone.pk, 2025, "oge_ma", 12, 4)])
    gone.delete()
    with pytest.raises(ResultsFileError, match="1 школа файла удалена из реестра во время загрузки"):
        store_results(rows, upload_id=upload(world).pk)
    assert not SchoolResult.objects.exists()  # nothing of the file, not even the school still there


def test_results_of_a_vanished_upload_record_are_refused(world):
    record = upload(world)
    record_id = record.pk
    record.delete()
    with pytest.raises(ResultsFileError, match="Запись о загрузке удалена"):
        store_results(frame_of([(world.school_a.pk, 2025, "vpr5_ru", 20, 8)]), upload_id=record_id)
    assert not SchoolResult.objects.exists()


def test_a_school_deleted_later_takes_its_results_and_an_upload_deleted_later_leaves_them(world):
    a, b = world.school_a, world.school_b
    record = upload(world)
    store_results(frame_of([(a.pk, 2025, "vpr5_ru", 20, 8), (b.pk, 2025, "oge_ma", 12, 4)]), upload_id=record.pk)
    b.delete()
    record.delete()
    assert list(SchoolResult.objects.values_list("school_id", "upload_id")) == [(a.pk, None)]


@pytest.mark.django_db(transaction=True)
def test_a_large_upload_leaves_the_results_table_vacuumed_and_analysed(world, postgres_only, settings, tmp_path):
    """After the worker's transaction the rewritten rows' old versions are cleared at once."""
    from django.db import connection

    settings.MEDIA_ROOT = tmp_path
    a = world.school_a.pk

    def counts():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT vacuum_count, analyze_count FROM pg_stat_user_tables WHERE relname = %s",
                [SchoolResult._meta.db_table],
            )
            return cursor.fetchone()

    store_results(frame_of([(a, 2025, "vpr5_ru", 20, 8)]), upload_id=None)
    before = counts()
    jobs.analyze_results()
    after = counts()
    for _ in range(50):  # the statistics collector reports with a small delay
        if after != before:
            break
        connection.close()
        import time

        time.sleep(0.1)
        after = counts()
    assert after[0] == before[0] + 1 and after[1] == before[1] + 1
