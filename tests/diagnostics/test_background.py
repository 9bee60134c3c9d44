"""Diagnostics work in the task worker: answers uploaded from XLSX are stored at once and read by
the worker (progress, then the outcome or the row-numbered errors); the heat map of a large scope
is prepared as a file in the background with its requester's own scope."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook, load_workbook

from opora.core import prepared
from opora.core.background import INTERRUPTED
from opora.core.models import PreparedFile
from opora.diagnostics import heatmap_export, jobs
from opora.diagnostics.models import AnswersUpload, Response, RiskProfile

from .worlds import add_diagnostics

GOOD = [["p1", "p2", "p3", "p4", "p5"], [4, "no", 5, 4, "interest"], [2, "often", 1, 2, "parents"]]


@pytest.fixture
def queued(world, settings, tmp_path):
    """Tasks go to the database queue and wait for a worker, as in production."""
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    add_diagnostics(world)
    return world


def xlsx(rows, name="otvety.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def post(client, world, rows):
    return client.post(
        reverse("diagnostics:upload", args=[world.profile_a.pk]), {"group": "pupils", "file": xlsx(rows)}
    )


def test_the_upload_is_kept_at_once_and_the_page_follows_the_worker_to_the_outcome(queued, client_as):
    director = client_as(queued.users["director_a"])
    response = post(director, queued, GOOD)
    record = AnswersUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('diagnostics:upload', args=[queued.profile_a.pk])}?record={record.pk}"
    assert record.status == "queued" and record.file.read()[:2] == b"PK" and not Response.objects.exists()
    assert DBTaskResult.objects.get(id=record.task_id).status == TaskResultStatus.READY

    page = director.get(response["Location"]).content.decode()
    status_url = reverse("diagnostics:upload_status", args=[record.pk])
    assert "Файл «otvety.xlsx»: в очереди</p>" in page and f'hx-get="{status_url}" hx-trigger="every 1s"' in page

    jobs.answers_upload_process.call(record.pk)  # what the worker does

    polled = director.get(status_url, headers={"HX-Request": "true"})
    fragment = polled.content.decode()
    assert "Файл «otvety.xlsx» загружен: ответов 2" in fragment and "hx-trigger" not in fragment
    # The page reloads: its list of uploads has this one loaded.
    assert polled["HX-Redirect"] == response["Location"]
    assert "otvety.xlsx: загружен, ответов 2" in director.get(polled["HX-Redirect"]).content.decode()
    assert Response.objects.filter(school=queued.school_a, source="upload").count() == 2
    assert RiskProfile.objects.get(pk=queued.profile_a.pk).computed_at is not None  # recomputed


def test_a_refused_file_shows_its_row_numbered_errors_and_loads_nothing(queued, client_as):
    director = client_as(queued.users["director_a"])
    post(director, queued, [GOOD[0], GOOD[1], [9, "no", 5, 4, "interest"]])
    record = AnswersUpload.objects.get()
    jobs.answers_upload_process.call(record.pk)
    fragment = director.get(reverse("diagnostics:upload_status", args=[record.pk])).content.decode()
    assert "не загружен, ничего не изменено" in fragment and "Строка 3, вопрос «p1»: число от 1 до 5" in fragment
    assert not Response.objects.exists()
    record.refresh_from_db()
    assert record.status == "refused" and record.file.read()[:2] == b"PK"  # the file is kept


def test_a_profile_verified_before_the_worker_reads_the_file_takes_no_answers(queued, client_as):
    post(client_as(queued.users["director_a"]), queued, GOOD)
    RiskProfile.objects.filter(pk=queued.profile_a.pk).update(state=RiskProfile.State.VERIFIED)
    record = AnswersUpload.objects.get()
    jobs.answers_upload_process.call(record.pk)
    record.refresh_from_db()
    assert record.status == "refused" and "уже проверен куратором" in record.errors[0]
    assert not Response.objects.exists()


def test_an_upload_cut_off_by_a_crash_is_marked_failed_by_recover(queued, client_as):
    post(client_as(queued.users["director_a"]), queued, GOOD)
    record = AnswersUpload.objects.get()
    DBTaskResult.objects.filter(id=record.task_id).update(status=TaskResultStatus.RUNNING)
    assert jobs.recover(worker_running=False) == {"загрузки ответов анкет": [record.pk]}
    record.refresh_from_db()
    assert record.status == "error" and record.stage == INTERRUPTED and not Response.objects.exists()


def test_the_upload_status_of_school_a_is_404_for_school_b(queued, client_as):
    post(client_as(queued.users["director_a"]), queued, GOOD)
    url = reverse("diagnostics:upload_status", args=[AnswersUpload.objects.get().pk])
    assert client_as(queued.users["director_b"]).get(url).status_code == 404


@pytest.fixture
def large(world, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    add_diagnostics(world)  # profiles of A (municipality M) and B (M2), levels not computed yet
    # The regions of the tests are small: any heat map counts as national here.
    monkeypatch.setattr(heatmap_export, "INLINE_ROWS", 0)
    return world


def cells(client, record) -> str:
    download = client.get(reverse("home:prepared_download", args=[record.pk]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    return "\n".join(str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None)


def test_a_large_heat_map_is_prepared_in_the_worker_with_the_requesters_scope_and_filters(large, client_as):
    operator = client_as(large.users["operator"])
    response = operator.post(f"{reverse('diagnostics:heatmap_export')}?municipality={large.school_b.municipality_id}")
    record = PreparedFile.objects.get()
    assert response["Location"] == reverse("home:prepared_file", args=[record.pk])
    assert record.kind == "diagnostics.heatmap" and record.state == PreparedFile.State.DONE
    text = cells(operator, record)
    assert str(large.school_b) in text and str(large.school_a) not in text  # the page's filter
    # The municipality's coordinator gets its own schools only, as on the page.
    municipal = client_as(large.users["municipal"])
    municipal.post(reverse("diagnostics:heatmap_export"))
    record = PreparedFile.objects.get(owner=large.users["municipal"])
    text = cells(municipal, record)
    assert str(large.school_a) in text and str(large.school_b) not in text


def test_a_get_of_a_large_heat_map_asks_for_the_button_and_builds_nothing(large, client_as):
    response = client_as(large.users["operator"]).get(reverse("diagnostics:heatmap_export"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("diagnostics:heatmap"))
    assert not PreparedFile.objects.exists()


def test_the_builder_refuses_a_campaign_outside_the_requesters_scope(large):
    with pytest.raises(Http404):
        prepared.BUILDERS["diagnostics.heatmap"]({"campaign": large.campaign.pk}, large.users["operator_r2"], print)
