import datetime

import pytest
from playwright.sync_api import expect

from opora.roadmaps.models import Roadmap
from tests.paths import ROADMAP_FIXTURES

from .conftest import ARTIFACTS, login

pytestmark = pytest.mark.browser

KARPINSK = ROADMAP_FIXTURES / "karpinsk-2022-municipal.md"


def test_coordinator_imports_fixes_approves_reports_sees_overdue_and_downloads(page, world, tmp_path, settings):
    from opora.core.background import report
    from opora.roadmaps import jobs
    from opora.roadmaps.models import RoadmapImport

    settings.MEDIA_ROOT = tmp_path / "media"
    # The document is read by the task worker, as in production; the test plays the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    login(page, "municipal@example.ru")
    page.get_by_role("button", name="Дорожные карты").click()
    page.get_by_role("link", name="Все дорожные карты").click()
    page.get_by_role("link", name="Загрузить документ").click()
    page.get_by_label("Уровень").select_option("municipality")
    page.get_by_label("Муниципалитет").select_option(label="Северный район")
    page.get_by_label("Документ с дорожной картой").set_input_files(KARPINSK)
    page.get_by_role("button", name="Прочитать документ").click()

    # The form answers at once: the page shows the reading's progress while the worker reads.
    assert page.get_by_role("heading", level=1).inner_text() == "Чтение документа…"
    status = page.get_by_test_id("import-status")
    assert "В очереди на чтение" in status.inner_text()
    assert page.get_by_role("progressbar", name="Чтение документа").is_visible()
    record = RoadmapImport.objects.get()
    report(record, 70, "Разбор мероприятий и сроков", status="processing")  # as the worker writes it
    page.wait_for_selector("[data-testid=import-status][data-status=processing]", timeout=10_000)
    assert "Разбор мероприятий и сроков" in status.inner_text() and "70 %" in status.inner_text()
    page.screenshot(path=ARTIFACTS / "roadmap-import-progress.png", full_page=True)
    RoadmapImport.objects.filter(pk=record.pk).update(status="queued")
    jobs.roadmap_import_process.call(record.pk)  # the worker's turn
    # The page goes to the preview by itself.
    page.wait_for_selector("[data-testid=warnings]", timeout=10_000)
    assert page.get_by_role("heading", level=1).inner_text() == "Проверьте, что прочитано"

    warnings = page.get_by_test_id("warnings")
    assert "Пункт 5.5: срок не указан" in warnings.inner_text()
    page.get_by_label("Сроки 5.5").fill("декабрь 2022")
    page.get_by_role("button", name="Перечитать сроки").click()
    expect(page.get_by_test_id("warnings")).to_have_count(0)  # waits for the page read again
    assert "01.12.2022" in page.locator("tr[data-number='5.5']").inner_text()
    page.screenshot(path=ARTIFACTS / "roadmap-preview.png")
    # A 2022 order in the 2026 campaign: the preview asks what to do with its dates before saving.
    mismatch = page.get_by_test_id("year-mismatch")
    assert "Документ на 2022 год, а кампания — 2026 года." in mismatch.inner_text()
    page.get_by_role("button", name="Сохранить дорожную карту").click()
    assert "выберите, что делать со сроками" in page.locator(".alert-danger").first.inner_text()
    page.get_by_role("button", name="Оставить сроки 2022 года").click()
    expect(page.get_by_test_id("year-mismatch")).to_have_count(0)
    page.get_by_role("button", name="Сохранить дорожную карту").click()
    assert "Дорожная карта сохранена: 40 мероприятий." in page.locator(".alert-success").inner_text()

    page.get_by_label("Приказ об утверждении").select_option(label=str(world.order))
    page.get_by_role("button", name="Утвердить").click()
    assert page.get_by_test_id("status").inner_text() == "утверждена"

    # 1.1 ends in January 2022: long past. A partial report keeps it overdue; «выполнено» clears it.
    row = page.locator("tr[data-number='1.1']")
    assert "просрочено" in row.inner_text()
    row.get_by_role("link", name="Отчёт").click()
    page.get_by_label("выполнено частично").check()
    page.get_by_label("Комментарий").fill("Список кураторов сформирован не для всех школ")
    page.get_by_role("button", name="Сохранить отчёт").click()
    assert "выполнено частично" in page.locator("tr[data-number='1.1']").inner_text()
    page.locator("tr[data-number='1.2']").get_by_role("link", name="Отчёт").click()
    page.get_by_label("выполнено", exact=True).check()
    page.get_by_role("button", name="Сохранить отчёт").click()

    page.get_by_role("button", name="Дорожные карты").click()
    page.get_by_role("link", name="Все дорожные карты").click()
    page.get_by_role("link", name="Просроченные").click()
    overdue = page.get_by_test_id("item-list").inner_text()
    assert "Формирование списка муниципального координатора" in overdue  # 1.1, partly done
    assert "Отбор и назначение кураторов" not in overdue  # 1.2, done
    page.screenshot(path=ARTIFACTS / "roadmap-overdue.png")

    roadmap = Roadmap.objects.get(municipality=world.m)
    page.goto(roadmap.get_absolute_url())
    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать DOCX").click()
    assert download.value.suggested_filename == f"dorozhnaya-karta-{roadmap.pk}.docx"
    assert roadmap.items.get(number="5.5").end == datetime.date(2022, 12, 31)


def test_item_is_edited_in_place(page, world, tmp_path, settings):
    from tests.roadmaps.worlds import add_roadmaps

    settings.MEDIA_ROOT = tmp_path / "media"
    add_roadmaps(world)
    login(page, "municipal@example.ru")
    page.goto(world.roadmap_m.get_absolute_url())
    row = page.locator("tr[data-number='1.1']")
    row.get_by_role("button", name="Изменить").click()
    editor = page.locator(f"#item-{world.item_m.pk}")
    editor.get_by_label("Сроки").fill("до 15 апреля 2026")
    editor.get_by_role("button", name="Сохранить").click()
    page.wait_for_selector("tr[data-number='1.1'] >> text=15.04.2026")
    world.item_m.refresh_from_db()
    assert world.item_m.end == datetime.date(2026, 4, 15)


def test_item_given_a_deadline_without_dates_keeps_them_with_a_warning(page, world, tmp_path, settings):
    from tests.roadmaps.worlds import add_roadmaps

    settings.MEDIA_ROOT = tmp_path / "media"
    add_roadmaps(world)
    world.regional_item.reports.all().delete()
    login(page, "operator@example.ru")
    page.goto(world.regional.get_absolute_url())
    page.locator("tr[data-number='1.1']").get_by_role("button", name="Изменить").click()
    editor = page.locator(f"#item-{world.regional_item.pk}")
    editor.get_by_label("Сроки").fill("по мере готовности")
    editor.get_by_role("button", name="Сохранить").click()
    notice = page.get_by_test_id("saved-notice")
    assert "в сроке «по мере готовности» нет дат" in notice.inner_text()
    row = page.locator("tr[data-number='1.1']")
    assert "10.02.2026" in row.inner_text() and "просрочено" in row.inner_text()
    page.reload()
    assert "мероприятие 1.1, даты" in page.get_by_test_id("changes").inner_text()


LONG_TITLE = "Дорожная" + "карта" * 59  # 303 letters and no space to break at


@pytest.mark.parametrize("width", [1280, 390])
def test_a_long_unbroken_title_does_not_widen_the_page(page, world, tmp_path, settings, width):
    from tests.roadmaps.worlds import add_roadmaps

    settings.MEDIA_ROOT = tmp_path / "media"
    add_roadmaps(world)
    roadmap = world.roadmap_m
    Roadmap.objects.filter(pk=roadmap.pk).update(title=LONG_TITLE)
    world.item_m.action = LONG_TITLE
    world.item_m.save(update_fields=["action"])
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "municipal@example.ru")
    for url in (roadmap.get_absolute_url(), "/roadmaps/", "/roadmaps/mine/"):
        page.goto(url)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{url}: {scroll_width} px при окне {width} px"
    page.goto(roadmap.get_absolute_url())
    assert LONG_TITLE in page.locator("h1").inner_text().replace("\n", "")
    page.screenshot(path=ARTIFACTS / f"roadmap-long-title-{width}.png", full_page=True)
