"""Curator visits in the browser: the curator plans a visit from the plan page and records it
with a recommendation and a file; the school acknowledges it and marks the recommendation done;
the curator confirms it."""

import datetime

import pytest
from playwright.sync_api import expect

from opora.monitoring.models import Recommendation, RecommendationStatus, Visit, VisitStatus
from opora.registry.models import Person
from tests.programs.worlds import PDF_BYTES

from .conftest import ARTIFACTS, login, logout

pytestmark = pytest.mark.browser


def test_plan_record_acknowledge_done_confirm(page, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    Person.objects.create(
        region=world.region, last_name="Петрова", first_name="Ольга", middle_name="Ивановна",
        position="учитель математики", school=world.school_a,
    )  # fmt: skip
    protocol = tmp_path / "protokol-vizita.pdf"
    protocol.write_bytes(PDF_BYTES)
    deadline = datetime.date.today() + datetime.timedelta(days=14)

    # The curator sees school A flagged (no visit since the appointment) and plans a visit in one click.
    login(page, "curator@example.ru")
    page.get_by_role("button", name="Кураторы").click()
    page.get_by_role("link", name="Визиты", exact=True).click()
    row = page.locator("tr", has=page.get_by_role("link", name="МБОУ «СОШ № 1»"))
    assert "без визита" in row.get_by_test_id("gap").inner_text()
    row.get_by_role("button", name="Запланировать").click()
    assert "запланирован" in page.locator(".alert-success").inner_text()
    page.screenshot(path=ARTIFACTS / "visits-plan.png", full_page=True)

    # The visit took place (today): the curator records it.
    page.get_by_test_id("planned").get_by_role("link").first.click()
    page.get_by_role("link", name="Записать итоги визита").click()
    page.get_by_label("дистанционно").check()
    page.get_by_label("Петрова Ольга Ивановна").check()
    page.get_by_label("Другие участники").fill("Сидоров И.И., методист ЦНППМ")
    page.get_by_label("посещение урока").check()
    page.get_by_label("встреча с управленческой командой").check()
    page.get_by_label("Выводы и наблюдения").fill("На уроках математики не используются разноуровневые задания.")
    page.locator('[name="rec-0-text"]').fill("Включить разноуровневые задания в планы уроков 5–7 классов")
    page.locator('[name="rec-0-deadline"]').fill(deadline.isoformat())
    page.locator('[name="rec-0-actor_person"]').select_option(label="Петрова Ольга Ивановна")
    page.get_by_role("button", name="Добавить строку").click()  # a third row; what was typed stays
    expect(page.locator('[name="rec-2-text"]')).to_have_count(1)
    assert "разноуровневые" in page.locator('[name="rec-0-text"]').input_value()
    page.get_by_label("дистанционно").check()  # radios and checkboxes are kept too
    assert page.get_by_label("посещение урока").is_checked()
    page.locator('[name="rec-1-text"]').fill("Составить график взаимопосещения уроков")
    page.get_by_label("Файлы (протокол, листы наблюдения уроков)").set_input_files(protocol)
    page.screenshot(path=ARTIFACTS / "visits-record.png", full_page=True)
    page.get_by_role("button", name="Сохранить итоги визита").click()
    assert "записан как проведённый" in page.locator(".alert-success").inner_text()
    assert page.get_by_test_id("visit-status").inner_text() == "проведён"
    assert page.get_by_test_id("recommendation").count() == 2
    assert "protokol-vizita.pdf" in page.get_by_test_id("attachments").inner_text()
    logout(page)

    # The school reads it, acknowledges it and marks the first recommendation done.
    login(page, "director.a@example.ru")
    page.get_by_role("button", name="Кураторы").click()
    page.get_by_role("link", name="Визиты", exact=True).click()
    page.get_by_role("link", name="МБОУ «СОШ № 1»").click()
    assert "Включить разноуровневые задания" in page.get_by_test_id("open-recommendations").inner_text()
    page.get_by_test_id("visits").get_by_role("link").first.click()
    page.get_by_role("button", name="С итогами визита ознакомлены").click()
    assert "Школа ознакомлена" in page.get_by_test_id("acknowledgement").inner_text()
    first = page.get_by_test_id("recommendation").first
    first.get_by_placeholder("Что сделано").fill("Задания включены в планы, проверено на ШМО")
    first.get_by_role("button", name="Выполнено").click()
    assert page.get_by_test_id("rec-status").first.inner_text() == "выполнено школой"
    logout(page)

    # The curator confirms it.
    login(page, "curator@example.ru")
    page.get_by_role("button", name="Кураторы").click()
    page.get_by_role("link", name="Визиты", exact=True).click()
    page.get_by_role("link", name="МБОУ «СОШ № 1»").first.click()
    page.get_by_test_id("visits").get_by_role("link").first.click()
    first = page.get_by_test_id("recommendation").first
    assert "Задания включены в планы" in first.inner_text()
    first.get_by_role("button", name="Подтвердить выполнение").click()
    assert page.get_by_test_id("rec-status").first.inner_text() == "выполнение подтверждено"
    page.screenshot(path=ARTIFACTS / "visits-visit.png", full_page=True)

    visit = Visit.objects.get()
    assert visit.status == VisitStatus.HELD and visit.format == "remote" and visit.acknowledged_at
    assert visit.observations == ["lesson", "team_meeting"]
    assert [r.status for r in Recommendation.objects.order_by("number")] == [
        RecommendationStatus.CONFIRMED,
        RecommendationStatus.OPEN,
    ]
