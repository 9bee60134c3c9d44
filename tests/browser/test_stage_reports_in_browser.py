"""Stage reports in the browser: the curator drafts a report from the facts, submits it after the
confirmation and downloads its DOCX; the region sees it submitted in the overview."""

import io

import pytest
from docx import Document

from opora.reports.models import StageReport
from tests.assessment.worlds import add_lists
from tests.roadmaps.worlds import add_roadmaps

from .conftest import ARTIFACTS, login, logout

pytestmark = pytest.mark.browser


def test_the_curator_drafts_submits_and_downloads_and_the_region_sees_it(page, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    add_lists(world)
    add_roadmaps(world)

    login(page, "curator@example.ru")
    page.get_by_role("button", name="Кураторы").click()
    page.get_by_role("link", name="Отчёты кураторов").click()
    page.get_by_test_id(f"write-{world.school_a.pk}-1").click()
    assert "ВПР 5 РУ" in page.get_by_test_id("facts-results").inner_text()
    assert "План мероприятий МБОУ «СОШ № 1»" in page.get_by_test_id("facts-roadmap").inner_text()
    page.locator("textarea[name=note_visits]").fill("Визиты проведены в марте и апреле.")
    page.get_by_role("button", name="Сохранить черновик").click()
    assert "Черновик отчёта сохранён" in page.locator(".alert-success").inner_text()
    page.get_by_label("Выводы и рекомендации куратора").fill("Школе нужна помощь методиста по математике.")
    page.screenshot(path=ARTIFACTS / "stage-report-form.png", full_page=True)
    page.get_by_role("button", name="Сохранить и перейти к отправке").click()
    assert "нельзя изменить" in page.locator("main").inner_text()
    page.screenshot(path=ARTIFACTS / "stage-report-confirm.png")
    page.get_by_test_id("confirm-submit").click()
    assert "отправлен" in page.get_by_test_id("status").inner_text()
    assert StageReport.objects.get(school=world.school_a).status == "submitted"

    with page.expect_download() as download:
        page.get_by_test_id("docx").click()
    assert download.value.suggested_filename == "otchet-kuratora-sch420001-etap-1-2026.docx"
    document = Document(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "ОТЧЁТ КУРАТОРА" in text and "Школе нужна помощь методиста по математике." in text
    page.screenshot(path=ARTIFACTS / "stage-report-submitted.png", full_page=True)
    logout(page)

    login(page, "operator@example.ru")
    page.get_by_role("button", name="Кураторы").click()
    page.get_by_role("link", name="Отчёты кураторов").click()
    page.get_by_role("link", name="Кто не отправил отчёт").click()
    page.get_by_label("Этап мониторинга").select_option(label="Промежуточный мониторинг (до 15.08.2026)")
    page.wait_for_url("**stage=*")
    row = page.get_by_test_id("overview").locator("tr", has_text="МБОУ «СОШ № 1»")
    assert "отправлен" in row.inner_text()
    assert "отправлено: 1" in page.get_by_test_id("counts").inner_text()
    page.screenshot(path=ARTIFACTS / "stage-report-overview.png", full_page=True)
