"""The analytic note in a browser: the municipal coordinator opens it from the menu, orders the PDF
of their municipality's note, the file is built by the worker (as in production: queued, then the
worker's turn) and downloads itself; the PDF is rendered to PNG and read."""

import pytest
import time_machine
from django.urls import reverse

from tests.dashboards.dashboard_world import NOON, add_dashboard

from .conftest import ARTIFACTS, login

pytestmark = pytest.mark.browser


def test_the_municipal_coordinator_orders_the_note_and_the_pdf_downloads_itself(page, world, tmp_path, settings):
    import shutil

    from opora.core import prepared
    from opora.core.models import PreparedFile
    from tests.conftest import missing
    from tests.documents.printing import read_pages

    if not shutil.which("soffice"):
        missing("LibreOffice не установлен (apt-get install libreoffice-writer-nogui)")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with time_machine.travel(NOON, tick=True):
        add_dashboard(world)
        login(page, "municipal@example.ru")
        page.get_by_role("button", name="Мониторинг").or_(page.get_by_role("link", name="Мониторинг")).first.click()
        page.get_by_role("link", name="Аналитическая справка").click()
        page.wait_for_url(f"**{reverse('dashboards:note')}")
        # Only their municipality is offered: not the region, not the neighbour.
        options = page.get_by_label("Уровень").locator("option").all_inner_texts()
        assert options == ["Северный район"]
        page.get_by_label("Этап мониторинга").select_option(
            label="Тестовая область, 2026: Промежуточный мониторинг (до 15.08.2026)"
        )
        page.screenshot(path=ARTIFACTS / "spravka-order.png", full_page=True)
        page.get_by_role("button", name="Справка (PDF)").click()

        status = page.get_by_test_id("prepared-status")
        assert status.get_attribute("data-state") == "queued"
        with page.expect_download(timeout=30_000) as download:
            prepared.prepare_file.call(PreparedFile.objects.get().pk)  # the worker's turn
        assert download.value.suggested_filename == f"spravka-2026-m{world.m.pk}.pdf"
        page.screenshot(path=ARTIFACTS / "spravka-ready.png", full_page=True)
    pdf = tmp_path / "spravka.pdf"
    download.value.save_as(pdf)
    pages = read_pages(pdf)
    text = "\n".join(p.text for p in pages)
    assert "АНАЛИТИЧЕСКАЯ СПРАВКА" in pages[0].text and "Северный район" in pages[0].text
    assert "МБОУ «СОШ № 1»" in text and "Тохтор" not in text
    shutil.copy(pages[0].png, ARTIFACTS / "spravka-page-1.png")
