"""Events in the browser: the regional operator creates a webinar for curators, uploads the
participant list the platform exported (one participant is found in the registry, one is not),
and resolves the unmatched row as «не участник системы»; the event then counts both."""

import pytest

from opora.monitoring.models import AttendanceImport, Event

from .conftest import ARTIFACTS, login

pytestmark = pytest.mark.browser


def test_create_an_event_import_attendance_and_resolve_the_unmatched_row(page, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    curator = world.users["curator_a"].person
    export = tmp_path / "telemost-uchastniki.csv"
    export.write_text(
        "Участник;Почта;Время подключения;Время отключения;Длительность\n"
        f"{curator.first_name} {curator.last_name};;12.03.2026 10:01;12.03.2026 11:00;00:59:00\n"
        "Сидоров Иван;sidorov@iro.example.ru;12.03.2026 10:05;12.03.2026 10:50;00:45:00\n",
        encoding="cp1251",
    )

    login(page, "operator@example.ru")
    page.get_by_role("button", name="Мониторинг").click()
    page.get_by_role("link", name="Мероприятия и посещаемость").click()
    page.get_by_role("link", name="Новое мероприятие").click()
    page.locator('[name="kind"]').select_option(label="вебинар")
    page.locator('[name="title"]').fill("Вебинар для кураторов: анализ результатов ВПР")
    page.locator('[name="starts_on"]').fill("2026-03-12")
    page.locator('[name="start_time"]').fill("10:00")
    page.locator('[name="organiser_text"]').fill("Институт развития образования")
    page.get_by_label("кураторы").check()
    page.screenshot(path=ARTIFACTS / "events-create.png", full_page=True)
    page.get_by_role("button", name="Сохранить").click()
    assert page.get_by_test_id("event-title").inner_text() == "Вебинар для кураторов: анализ результатов ВПР"
    assert "кураторы" in page.get_by_test_id("audience").inner_text().lower()

    page.get_by_role("link", name="Отметить посещаемость / загрузить файл").click()
    assert curator.full_name in page.get_by_test_id("audience-list").inner_text()
    page.screenshot(path=ARTIFACTS / "events-attendance.png", full_page=True)
    page.get_by_label("Файл платформы").set_input_files(export)
    page.get_by_role("button", name="Загрузить").click()
    assert page.get_by_test_id("pending-count").inner_text() == "1"
    assert "Яндекс Телемост" in page.locator("main, body").first.inner_text()
    page.get_by_label("Кто это: строка 3").select_option(label="не участник системы (гость)")
    page.screenshot(path=ARTIFACTS / "events-import-resolve.png", full_page=True)
    page.get_by_role("button", name="Сохранить выбор").click()
    assert page.get_by_test_id("import-status").inner_text() == "учтено"
    assert AttendanceImport.objects.get().pending_rows == []

    page.get_by_role("link", name="Вебинар для кураторов: анализ результатов ВПР").first.click()
    assert page.get_by_test_id("attendance-count").inner_text() == "2"
    table = page.get_by_test_id("attendance").inner_text()
    assert curator.full_name in table and "Сидоров Иван" in table and "не участник системы" in table
    page.screenshot(path=ARTIFACTS / "events-event.png", full_page=True)
    assert Event.objects.get().attendance.count() == 2
