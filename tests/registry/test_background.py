"""School imports in the task worker: the request answers at once, the page follows the record to
the outcome; a failed import changes nothing; an import cut off by a crash is marked failed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from opora.registry import jobs, services
from opora.registry.models import School, SchoolImport

from .test_school_import import GOOD_ROWS, csv_text


@pytest.fixture
def queued(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def operator(world, client_as):
    return client_as(world.users["operator"])


def post_import(client, world, text, **data):
    return client.post(
        reverse("registry:school_import"),
        {"region": world.region.pk, "file": SimpleUploadedFile("schools.csv", text.encode()), **data},
    )


def test_import_answers_at_once_and_the_page_follows_the_worker_to_the_outcome(world, operator, queued):
    response = post_import(operator, world, csv_text(*GOOD_ROWS))
    record = SchoolImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('registry:school_import')}?record={record.pk}"
    assert record.status == SchoolImport.Status.QUEUED
    assert DBTaskResult.objects.get(id=record.task_id).status == TaskResultStatus.READY
    assert not School.objects.filter(fis_oko_login="sch420101").exists()

    page = operator.get(response["Location"]).content.decode()
    status_url = reverse("registry:school_import_status", args=[record.pk])
    assert "Файл «schools.csv»: в очереди" in page and f'hx-get="{status_url}" hx-trigger="every 1s"' in page

    jobs.schools_import_process.call(record.pk)

    fragment = operator.get(status_url).content.decode()
    assert "Список школ загружен: добавлено 2, обновлено 0." in fragment and "hx-trigger" not in fragment
    assert School.objects.get(fis_oko_login="sch420101").director.full_name == "Левандовская Елена Леонидовна"


def test_the_choice_to_create_municipalities_reaches_the_worker(world, operator, queued):
    row = GOOD_ROWS[0].replace("Северный район", "Новый район")
    post_import(operator, world, csv_text(row), create_municipalities="on")
    record = SchoolImport.objects.get()
    assert record.create_municipalities
    jobs.schools_import_process.call(record.pk)
    record.refresh_from_db()
    assert record.status == SchoolImport.Status.SUCCEEDED
    assert School.objects.get(fis_oko_login="sch420101").municipality.name == "Новый район"


def test_a_rejected_file_lists_its_errors_and_changes_nothing(world, operator, queued):
    row = GOOD_ROWS[0].replace("Северный район", "Новый район")
    post_import(operator, world, csv_text(row, GOOD_ROWS[1]))
    record = SchoolImport.objects.get()
    jobs.schools_import_process.call(record.pk)
    record.refresh_from_db()
    assert record.status == SchoolImport.Status.FAILED
    assert not School.objects.filter(fis_oko_login__in=["sch420101", "sch420102"]).exists()
    fragment = operator.get(reverse("registry:school_import_status", args=[record.pk])).content.decode()
    assert "в реестре ничего не изменилось" in fragment and "«Новый район» нет в регионе" in fragment


def test_an_import_that_fails_half_way_writes_nothing(world, operator, queued, monkeypatch):
    post_import(operator, world, csv_text(*GOOD_ROWS))
    record = SchoolImport.objects.get()
    write = services._write

    def breaks_after_writing(*args):
        write(*args)
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_write", breaks_after_writing)
    with pytest.raises(RuntimeError):
        jobs.schools_import_process.call(record.pk)
    record.refresh_from_db()
    assert record.status == SchoolImport.Status.ERROR
    assert not School.objects.filter(fis_oko_login__in=["sch420101", "sch420102"]).exists()
    page = operator.get(reverse("registry:school_import")).content.decode()
    assert "ошибка: Внутренняя ошибка при обработке" in page


def test_an_import_cut_off_by_a_crash_is_marked_failed_before_the_worker_restarts(world, operator, queued):
    post_import(operator, world, csv_text(*GOOD_ROWS))
    record = SchoolImport.objects.get()
    DBTaskResult.objects.filter(id=record.task_id).update(status=TaskResultStatus.RUNNING, started_at=timezone.now())
    SchoolImport.objects.filter(pk=record.pk).update(status=SchoolImport.Status.PROCESSING)
    assert jobs.recover(worker_running=True)["загрузки списка школ"] == []  # it may still be running
    assert jobs.recover(worker_running=False)["загрузки списка школ"] == [record.pk]
    record.refresh_from_db()
    assert record.status == SchoolImport.Status.ERROR
    assert record.errors == ["Обработка прервана (сервер перезапущен); загрузите файл ещё раз."]
    fragment = operator.get(reverse("registry:school_import_status", args=[record.pk])).content.decode()
    assert "ошибка: Обработка прервана (сервер перезапущен); загрузите файл ещё раз." in fragment


def test_an_import_leaves_the_planner_statistics_of_the_schools_fresh(world, operator, queued, postgres_only):
    """The region's results are read joined with its schools; planned on stale counts after a large
    import, that read looked results up school by school (twice as slow on a national registry)."""
    from django.db import connection

    def planned_schools() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::int FROM pg_class WHERE relname = %s", [School._meta.db_table])
            return cursor.fetchone()[0]

    post_import(operator, world, csv_text(*GOOD_ROWS))
    record = SchoolImport.objects.get()
    jobs.schools_import_process.call(record.pk)
    assert SchoolImport.objects.get().status == SchoolImport.Status.SUCCEEDED
    assert planned_schools() == School.objects.count() > 2
