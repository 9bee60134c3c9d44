"""In a browser, with the worker's queue as in production: the director's answers file shows its
progress and then its outcome; the operator adds a review criterion and retires a kind of documents."""

import io

import pytest
from openpyxl import Workbook

from opora.diagnostics import jobs
from opora.diagnostics.models import AnswersUpload, Response
from opora.programs.models import DocumentKind
from tests.browser import conftest as browser
from tests.browser.conftest import ARTIFACTS, login, logout

from .worlds import add_diagnostics

pytestmark = pytest.mark.browser
page = browser.page  # the Playwright page fixture of tests/browser


def test_an_answers_file_shows_its_progress_and_the_operator_edits_kinds_and_criteria(page, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    add_diagnostics(world)
    book = Workbook()
    for row in (["p1", "p2", "p3", "p4", "p5"], [4, "no", 5, 4, "interest"], [2, "often", 1, 2, "parents"]):
        book.active.append(row)
    file = tmp_path / "otvety-5a.xlsx"
    buffer = io.BytesIO()
    book.save(buffer)
    file.write_bytes(buffer.getvalue())

    login(page, "director.a@example.ru")
    page.goto(f"/diagnostics/profiles/{world.profile_a.pk}/upload/")
    page.get_by_label("Чьи ответы").select_option("pupils")
    page.get_by_label("Файл XLSX").set_input_files(file)
    page.get_by_role("button", name="Загрузить").click()
    status = page.get_by_test_id("upload-status")
    assert "Файл «otvety-5a.xlsx»: в очереди" in status.inner_text()
    assert page.get_by_role("progressbar", name="Обработка файла").is_visible()
    page.screenshot(path=ARTIFACTS / "diagnostics-upload-queued.png", full_page=True)

    jobs.answers_upload_process.call(AnswersUpload.objects.get().pk)  # the worker's turn
    page.wait_for_selector("[data-testid=upload-status][data-status=loaded]", timeout=10_000)
    assert "Файл «otvety-5a.xlsx» загружен: ответов 2" in status.inner_text()
    assert Response.objects.filter(school=world.school_a, source="upload").count() == 2
    page.screenshot(path=ARTIFACTS / "diagnostics-upload-done.png", full_page=True)
    logout(page)

    login(page, "operator@example.ru")
    page.goto("/documents/")
    page.get_by_test_id("kinds-link").click()
    page.get_by_label("Вывести «Другой документ»").check()
    page.get_by_role("button", name="Сохранить виды").click()
    assert "Виды документов кампании сохранены." in page.locator(".alert-success").inner_text()
    concept = DocumentKind.objects.get(campaign=world.campaign, code="concept")
    form = page.get_by_test_id("criteria-concept")
    form.get_by_label("Новый критерий вида «Концепция развития»").fill("Концепция обсуждена с педагогами")
    form.get_by_label("Наибольший балл нового критерия").fill("2")
    form.get_by_role("button", name="Сохранить критерии").click()
    assert "Добавлен критерий «Концепция обсуждена с педагогами»" in page.locator(".alert-success").inner_text()
    assert concept.criteria.filter(text="Концепция обсуждена с педагогами", max_points=2).exists()
    assert DocumentKind.objects.get(campaign=world.campaign, code="other").retired
    page.screenshot(path=ARTIFACTS / "documents-kinds.png", full_page=True)
