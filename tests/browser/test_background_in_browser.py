"""A results upload in the browser with the worker's queue as in production: the page answers at
once with the upload's progress, and the outcome appears in place when the worker is done."""

import pytest

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


def test_upload_shows_its_progress_and_then_the_outcome_without_reloading(page, world, tmp_path, settings):
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
    page.evaluate("window.notReloaded = true")  # a reload would lose it

    record = ResultsUpload.objects.get()
    jobs.results_upload_process.call(record.pk)  # the worker's turn

    page.wait_for_selector("[data-testid=upload-status][data-status=accepted]", timeout=10_000)
    assert "Результаты из «vpr-2025.csv» загружены: 3 строки за 2024, 2025 г." in status.inner_text()
    assert page.evaluate("window.notReloaded") is True
    assert SchoolResult.objects.filter(upload=record).count() == 3
    page.screenshot(path=ARTIFACTS / "background-upload-done.png", full_page=True)
