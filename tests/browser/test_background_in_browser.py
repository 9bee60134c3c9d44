"""Long work in the browser with the worker's queue as in production: a results upload answers at
once with its progress, and the page shows the outcome and the new results when the worker is done;
a national list's file is prepared in the background and downloads itself when built."""

import pytest
from django.urls import reverse

from opora.assessment import jobs
from opora.assessment.models import ResultsUpload, SchoolResult

from .conftest import ARTIFACTS, login

pytestmark = pytest.mark.browser

RESULTS = (
    "Территория;Название ОО;Логин ОО;Год;Процедура;Участников;Получили «2»\n"
    "Северный район;МБОУ «СОШ № 1»;sch420001;2025;ВПР 5 РУ;20;8\n"
    "Южный район;МКОУ «ООШ с. Тохтор»;sch420002;2024;ОГЭ МА;12;5\n"
    "Южный район;МКОУ «ООШ с. Тохтор»;sch420002;2025;ОГЭ МА;12;4\n"
)


def test_upload_shows_its_progress_and_then_the_outcome_with_the_new_results(page, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    results = tmp_path / "vpr-2025.csv"
    results.write_bytes(RESULTS.encode("utf-8"))
    login(page, "operator@example.ru")
    page.get_by_role("link", name="Перечень ШНОР", exact=True).click()
    page.get_by_label("Файл результатов (CSV или XLSX)").set_input_files(results)
    page.get_by_role("button", name="Загрузить результаты").click()

    status = page.get_by_test_id("upload-status")
    assert "Файл «vpr-2025.csv»: в очереди" in status.inner_text()
    assert page.get_by_role("progressbar", name="Обработка файла").is_visible()
    page.screenshot(path=ARTIFACTS / "background-upload-queued.png", full_page=True)
    assert "Результатов пока нет." in page.content()

    record = ResultsUpload.objects.get()
    jobs.results_upload_process.call(record.pk)  # the worker's turn

    page.wait_for_selector("[data-testid=upload-status][data-status=accepted]", timeout=10_000)
    assert "Результаты из «vpr-2025.csv» загружены: 3 строки за 2024, 2025 г." in status.inner_text()
    # The page has reloaded itself: what is loaded now counts the file, its list says «загружен».
    assert "Результатов пока нет." not in page.content()
    assert "vpr-2025.csv — " in page.inner_text("body") and "загружен (3 строк" in page.inner_text("body")
    assert SchoolResult.objects.filter(upload=record).count() == 3
    page.screenshot(path=ARTIFACTS / "background-upload-done.png", full_page=True)


def test_a_national_lists_file_is_prepared_in_the_background_and_downloads_itself(
    page, world, tmp_path, settings, monkeypatch
):
    from opora.assessment import list_export
    from opora.core import prepared
    from opora.core.models import PreparedFile
    from tests.assessment.worlds import add_lists

    settings.MEDIA_ROOT = tmp_path / "media"
    add_lists(world)
    monkeypatch.setattr(list_export, "INLINE_ROWS", 0)  # the test region's list counts as national
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    login(page, "operator@example.ru")
    page.goto(reverse("assessment:identification", args=[world.approved.pk]))
    page.get_by_role("button", name="Скачать XLSX").click()

    status = page.get_by_test_id("prepared-status")
    assert status.get_attribute("data-state") == "queued"
    assert page.get_by_role("progressbar", name="Подготовка файла").is_visible()
    page.screenshot(path=ARTIFACTS / "prepared-file-queued.png", full_page=True)

    with page.expect_download(timeout=10_000) as download:
        prepared.prepare_file.call(PreparedFile.objects.get().pk)  # the worker's turn
    assert download.value.suggested_filename == f"perechen-shnor-{world.campaign.year}-{world.approved.pk}.xlsx"
    assert status.get_attribute("data-state") == "done"
    page.screenshot(path=ARTIFACTS / "prepared-file-done.png", full_page=True)
