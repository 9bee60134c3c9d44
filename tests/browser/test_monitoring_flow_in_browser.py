"""The monitoring cycle of issue 11 in one browser session: the regional operator holds a selector
meeting, imports who attended (one row unmatched, resolved by hand), sees «Доля руководителей МОУО,
принявших участие в селекторном совещании» change on the summary, opens its numerator, M's coordinator
links a roadmap item to it, the operator takes a stage snapshot and downloads the analytic note as
DOCX and PDF, both rendered to PNG and read.

The small world of tests/indicators/worlds.py: two municipal coordinators (M and M2); only M's
attended the earlier selector meeting, so the share is 1 of 2 before and 2 of 2 after."""

import datetime
import shutil
import subprocess

import pytest
import time_machine
from django.urls import reverse

from opora.accounts.models import User
from opora.indicators.models import Indicator, ItemIndicatorLink, Snapshot
from tests.indicators.worlds import build

from .conftest import ARTIFACTS, login

pytestmark = pytest.mark.browser

TITLE = "Доля руководителей МОУО, принявших участие в селекторном совещании"


def _indicator_row(page):
    page.goto(reverse("dashboards:region"))
    return page.get_by_test_id("indicator-row").filter(has_text=TITLE).inner_text()


def _download(page, button: str, tmp_path):
    from opora.core import prepared
    from opora.core.models import PreparedFile

    page.goto(reverse("dashboards:note"))
    page.get_by_label("Этап мониторинга").select_option(
        label="Тестовая область, 2026: Промежуточный мониторинг (до 15.08.2026)"
    )
    page.get_by_role("button", name=button).click()
    with page.expect_download(timeout=30_000) as download:
        prepared.prepare_file.call(PreparedFile.objects.latest("pk").pk)  # the worker's turn
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    return path


def test_event_attendance_indicator_item_snapshot_and_note(page, world, tmp_path, settings):
    from tests.conftest import missing
    from tests.documents.printing import read_pages

    if not shutil.which("soffice"):
        missing("LibreOffice не установлен (apt-get install libreoffice-writer-nogui)")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with time_machine.travel(datetime.datetime(2026, 9, 1, 10, 0), tick=True):
        small = build(world)
        m2_head = User.objects.get(email="municipal.m2@example.ru").person
        export = tmp_path / "uchastniki.csv"
        export.write_text(
            "Участник;Почта;Время подключения;Время отключения;Длительность\n"
            f"{m2_head.first_name} {m2_head.last_name};;28.08.2026 10:01;28.08.2026 11:00;00:59:00\n"
            "Сидоров Иван;sidorov@iro.example.ru;28.08.2026 10:05;28.08.2026 10:50;00:45:00\n",
            encoding="cp1251",
        )

        login(page, "operator@example.ru")
        before = _indicator_row(page)
        assert "1 из 2" in before

        # The event and its attendance.
        page.goto(reverse("monitoring:events"))
        page.get_by_role("link", name="Новое мероприятие").click()
        page.locator('[name="kind"]').select_option(label="селекторное совещание")
        page.locator('[name="title"]').fill("Селекторное совещание с руководителями МОУО")
        page.locator('[name="starts_on"]').fill("2026-08-28")
        page.locator('[name="organiser_text"]').fill("Министерство образования")
        page.get_by_label("муниципальные координаторы").check()
        page.locator('[name="items"]').select_option(
            label="Северный район: ДК Северного района: 3 Провести селекторное совещание"
        )
        page.get_by_role("button", name="Сохранить").click()
        page.get_by_role("link", name="Отметить посещаемость / загрузить файл").click()
        page.get_by_label("Файл платформы").set_input_files(export)
        page.get_by_role("button", name="Загрузить").click()
        assert page.get_by_test_id("pending-count").inner_text() == "1"
        page.get_by_label("Кто это: строка 3").select_option(label="не участник системы (гость)")
        page.get_by_role("button", name="Сохранить выбор").click()
        assert page.get_by_test_id("import-status").inner_text() == "учтено"

        # The summary shows the indicator changed; its numerator names M2's coordinator.
        after = _indicator_row(page)
        assert "2 из 2" in after and after != before
        page.screenshot(path=ARTIFACTS / "flow-summary.png", full_page=True)
        page.get_by_test_id("indicator-row").filter(has_text=TITLE).get_by_role("link").last.click()
        assert m2_head.last_name in page.get_by_test_id("rows").inner_text()

        # M's coordinator links an item of M's roadmap to the indicator and sees its live value.
        page.context.clear_cookies()
        login(page, "municipal@example.ru")
        page.goto(reverse("roadmaps:item_report", args=[small.items[1].pk]))
        page.get_by_role("link", name="Связать с показателем").click()
        page.locator("#indicator-all").select_option(label=TITLE)
        page.get_by_role("button", name="Сохранить").click()
        assert TITLE in page.get_by_test_id("item-indicator").inner_text()
        indicator = Indicator.objects.get(campaign=world.campaign, title=TITLE)
        assert ItemIndicatorLink.objects.filter(item=small.items[1], indicator=indicator).exists()

        # The operator takes a snapshot of the stage and downloads the note as DOCX and PDF.
        page.context.clear_cookies()
        login(page, "operator@example.ru")
        page.goto(reverse("indicators:campaign", args=[world.campaign.pk]))
        page.get_by_test_id("take-snapshot").click()
        snapshot = Snapshot.objects.filter(indicator=indicator, municipality=None).latest("pk")
        assert (snapshot.numerator, snapshot.denominator) == (2, 2)
        docx = _download(page, "Справка (DOCX)", tmp_path)
        pdf = _download(page, "Справка (PDF)", tmp_path)

    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "docx-pdf"), str(docx)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    for name, file in (("docx", tmp_path / "docx-pdf" / (docx.stem + ".pdf")), ("pdf", pdf)):
        pages = read_pages(file)
        text = "\n".join(p.text for p in pages)
        assert "АНАЛИТИЧЕСКАЯ СПРАВКА" in pages[0].text, name
        assert "руководителей МОУО" in text, name
        shutil.copy(pages[0].png, ARTIFACTS / f"flow-note-{name}-1.png")
