"""Results uploads and identification runs in the task worker: the request answers at once, the
record shows the progress, the outcome or the Russian error; a failed task changes nothing; work
cut off by a crash is marked failed by `opora recover`.

These tests queue into the database backend, as in production, and play the worker by calling the
task (`.call`); tests/assessment/test_worker_crash.py runs a real worker and kills it."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from opora.assessment import jobs, services
from opora.assessment.models import Identification, ListedSchool, ResultsUpload, SchoolResult
from opora.core.background import INTERNAL_ERROR, INTERRUPTED

from .worlds import results_frame

RESULTS = (
    "Логин ОО;Наименование ОО;Муниципалитет;Год;Процедура;Количество участников;Получили «2»\n"
    "sch420001;МБОУ «СОШ № 1»;Северный район;2025;ВПР 5 РУ;20;8\n"
    "sch420001;МБОУ «СОШ № 1»;Северный район;2025;ОГЭ по математике;10;3\n"
    "sch420002;МКОУ «ООШ с. Тохтор»;Южный район;2024;ОГЭ МА;12;5\n"
    "sch420002;МКОУ «ООШ с. Тохтор»;Южный район;2025;ОГЭ МА;12;4\n"
    "sch420003;МБОУ «СОШ № 3»;Северный район;2025;ВПР РУ 5;30;2\n"
)
RUN = {
    "year": 2025,
    "threshold": "30",
    "min_participants": 1,
    "consecutive": "same",
    "combine": "or",
    "near_margin": "5",
}


@pytest.fixture
def queued(settings, tmp_path):
    """Tasks go to the database queue and wait for a worker, as in production."""
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def operator(world, client_as):
    return client_as(world.users["operator"])


def post_upload(client, world, text=RESULTS):
    return client.post(
        reverse("assessment:results_upload", args=[world.campaign.pk]),
        {"file": SimpleUploadedFile("vpr.csv", text.encode())},
    )


def test_upload_answers_at_once_and_the_page_follows_the_worker_to_the_outcome(world, operator, queued):
    response = post_upload(operator, world)
    record = ResultsUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('assessment:campaign', args=[world.campaign.pk])}?upload={record.pk}"
    assert record.status == ResultsUpload.Status.QUEUED and not SchoolResult.objects.exists()
    assert DBTaskResult.objects.get(id=record.task_id).status == TaskResultStatus.READY

    page = operator.get(response["Location"]).content.decode()
    assert "Файл «vpr.csv»: в очереди" in page
    status_url = reverse("assessment:results_upload_status", args=[record.pk])
    assert f'hx-get="{status_url}" hx-trigger="every 1s"' in page

    jobs.results_upload_process.call(record.pk)  # what the worker does

    polled = operator.get(status_url, headers={"HX-Request": "true"})
    fragment = polled.content.decode()
    assert "Результаты из «vpr.csv» загружены: 5 строк за 2024, 2025 г." in fragment
    assert "hx-trigger" not in fragment  # polling stops
    assert SchoolResult.objects.filter(upload=record).count() == 5
    # The page reloads: its summary counts the new results, its list of files has this one loaded.
    assert polled["HX-Redirect"] == response["Location"]
    page = operator.get(polled["HX-Redirect"]).content.decode()
    assert "Результаты из «vpr.csv» загружены" in page and "загружен (5 строк)" in page


def test_the_record_shows_each_stage_while_the_worker_reads(world, operator, queued, monkeypatch):
    post_upload(operator, world)
    record = ResultsUpload.objects.get()
    seen = []
    store = services.store_results

    def watching(frame, *, upload_id):
        seen.append(ResultsUpload.objects.values_list("status", "progress", "stage").get(pk=upload_id))
        return store(frame, upload_id=upload_id)

    monkeypatch.setattr(services, "store_results", watching)
    jobs.results_upload_process.call(record.pk)
    assert seen == [("processing", 60, "Сохранение 5 строк результатов")]
    record.refresh_from_db()
    assert (record.status, record.progress, record.row_count) == ("accepted", 100, 5)


def test_a_task_that_fails_half_way_stores_nothing_and_says_so(world, operator, queued, monkeypatch):
    post_upload(operator, world)
    record = ResultsUpload.objects.get()
    store = services.store_results

    def breaks_after_writing(frame, *, upload_id):
        store(frame, upload_id=upload_id)
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "store_results", breaks_after_writing)
    with pytest.raises(RuntimeError):
        jobs.results_upload_process.call(record.pk)
    record.refresh_from_db()
    assert record.status == ResultsUpload.Status.ERROR and record.errors == [INTERNAL_ERROR]
    assert not SchoolResult.objects.exists()
    fragment = operator.get(reverse("assessment:results_upload_status", args=[record.pk])).content.decode()
    assert f"Файл «vpr.csv» не загружен, ничего не изменилось — ошибка: {INTERNAL_ERROR}" in fragment


def test_a_rejected_file_lists_its_errors_when_the_worker_is_done(world, operator, queued):
    post_upload(operator, world, RESULTS.replace("sch420003", "sch999999"))
    record = ResultsUpload.objects.get()
    jobs.results_upload_process.call(record.pk)
    record.refresh_from_db()
    assert record.status == ResultsUpload.Status.REJECTED and not SchoolResult.objects.exists()
    fragment = operator.get(reverse("assessment:results_upload_status", args=[record.pk])).content.decode()
    assert "не загружен, ничего не изменилось" in fragment and "sch999999" in fragment


def test_a_task_runs_once_even_if_queued_twice(world, operator, queued):
    post_upload(operator, world)
    record = ResultsUpload.objects.get()
    jobs.results_upload_process.call(record.pk)
    SchoolResult.objects.all().delete()
    jobs.results_upload_process.call(record.pk)
    assert not SchoolResult.objects.exists()


def test_run_answers_at_once_and_the_list_appears_when_the_worker_has_made_it(world, operator, queued):
    services.store_results(_frame(world), upload_id=None)
    response = operator.post(reverse("assessment:run", args=[world.campaign.pk]), RUN)
    record = Identification.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "assessment:identification", args=[record.pk]
    )
    assert record.state == Identification.State.QUEUED and not record.schools.exists()

    page = operator.get(response["Location"]).content.decode()
    assert "В очереди — В очереди на расчёт" in page and "marker-matrix" not in page
    assert operator.get(reverse("assessment:export", args=[record.pk, "xlsx"])).status_code == 404
    status_url = reverse("assessment:identification_status", args=[record.pk])
    assert operator.get(status_url).get("HX-Refresh") is None

    jobs.identification_process.call(record.pk)

    assert list(Identification.objects.values_list("pk", flat=True)) == [record.pk]  # the service's draft is merged
    record.refresh_from_db()
    assert record.state == Identification.State.DONE and record.procedures
    assert set(record.schools.on_list().values_list("school__fis_oko_login", flat=True)) == {"sch420001", "sch420002"}
    assert operator.get(status_url)["HX-Refresh"] == "true"
    assert "marker-matrix" in operator.get(response["Location"]).content.decode()


def test_run_whose_results_vanished_before_the_worker_says_why_and_lists_nothing(world, operator, queued):
    services.store_results(_frame(world), upload_id=None)
    operator.post(reverse("assessment:run", args=[world.campaign.pk]), RUN)
    record = Identification.objects.get()
    SchoolResult.objects.all().delete()
    jobs.identification_process.call(record.pk)
    record.refresh_from_db()
    assert record.state == Identification.State.ERROR
    assert record.stage.startswith("Результаты ещё не загружены")
    assert not ListedSchool.objects.exists()
    page = operator.get(reverse("assessment:identification", args=[record.pk])).content.decode()
    assert "Перечень не рассчитан — ошибка: Результаты ещё не загружены" in page


def test_the_same_run_form_sent_twice_queues_one_run(world, operator, queued):
    services.store_results(_frame(world), upload_id=None)
    data = RUN | {"token": "5b0b3f43-6f1f-4c55-9b5a-3f1c6f1d3d11"}
    first = operator.post(reverse("assessment:run", args=[world.campaign.pk]), data)
    second = operator.post(reverse("assessment:run", args=[world.campaign.pk]), data, follow=True)
    assert Identification.objects.count() == 1 and DBTaskResult.objects.count() == 1
    assert second.redirect_chain[-1][0] == first["Location"]


def _frame(world):
    a, b, c = world.school_a.pk, world.school_b.pk, world.school_c.pk
    return results_frame(
        [
            (a, 2025, "vpr5_ru", 20, 8),
            (a, 2025, "oge_ma", 10, 3),
            (b, 2024, "oge_ma", 12, 5),
            (b, 2025, "oge_ma", 12, 4),
            (c, 2025, "vpr5_ru", 30, 2),
        ]
    )


# --- recovery after a crash ------------------------------------------------------------------------


def running_upload(world, *, started: datetime.datetime) -> ResultsUpload:
    """An upload whose worker was killed mid-task: its queue row still says RUNNING."""
    from django.core.files.base import ContentFile

    task = DBTaskResult.objects.create(
        task_path="opora.assessment.jobs.results_upload_process",
        args_kwargs={"args": [0], "kwargs": {}},
        backend_name="default",
        run_after=started,
        status=TaskResultStatus.RUNNING,
        started_at=started,
    )
    return ResultsUpload.objects.create(
        campaign=world.campaign,
        file=ContentFile(b"x", name="vpr.csv"),
        original_name="vpr.csv",
        status=ResultsUpload.Status.PROCESSING,
        task_id=str(task.id),
        progress=60,
        stage="Сохранение 640 000 строк результатов",
    )


def test_recovery_before_the_worker_starts_fails_what_was_running_and_leaves_the_queue(world, queued):
    now = timezone.now()
    cut_off = running_upload(world, started=now)
    operator = world.users["operator"]
    waiting = jobs.results_upload_accept(
        campaign=world.campaign, upload=SimpleUploadedFile("next.csv", RESULTS.encode()), user=operator
    )
    call_command("recover", worker_stopped=True, stdout=io.StringIO())
    cut_off.refresh_from_db()
    waiting.refresh_from_db()
    assert cut_off.status == ResultsUpload.Status.ERROR and cut_off.errors == [INTERRUPTED]
    assert cut_off.stage == "Обработка прервана (сервер перезапущен); загрузите файл ещё раз."
    assert DBTaskResult.objects.get(id=cut_off.task_id).status == TaskResultStatus.FAILED
    assert waiting.status == ResultsUpload.Status.QUEUED  # the worker will take it


def test_recovery_from_cron_fails_only_work_running_for_too_long(world, queued):
    now = timezone.now()
    fresh = running_upload(world, started=now - datetime.timedelta(minutes=1))
    stale = running_upload(world, started=now - datetime.timedelta(hours=2))
    assert jobs.recover(worker_running=True)["загрузки результатов"] == [stale.pk]
    fresh.refresh_from_db()
    assert fresh.status == ResultsUpload.Status.PROCESSING


def test_recovery_fails_an_interrupted_run_with_its_own_message(world, queued):
    services.store_results(_frame(world), upload_id=None)
    record = jobs.identification_request(
        campaign=world.campaign, year=2025, params=Identification(year=2025).rule_params(), user=None
    )
    DBTaskResult.objects.filter(id=record.task_id).update(status=TaskResultStatus.RUNNING, started_at=timezone.now())
    Identification.objects.filter(pk=record.pk).update(state=Identification.State.PROCESSING)
    assert jobs.recover(worker_running=False)["расчёты перечня"] == [record.pk]
    record.refresh_from_db()
    assert record.state == Identification.State.ERROR and record.stage == jobs.RUN_INTERRUPTED
    jobs.identification_process.call(record.pk)  # a late duplicate of the task does nothing
    assert not record.schools.exists()
