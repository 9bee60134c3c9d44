"""The monitoring summary in a browser, under the site's Content-Security-Policy: the region opens
it from the menu, sees the charts drawn, drills down to a municipality, then to a school's card."""

import pytest
import time_machine
from django.urls import reverse

from tests.dashboards.dashboard_world import NOON, add_dashboard

from .conftest import ARTIFACTS, login

pytestmark = pytest.mark.browser

CHARTS = ("chart-documents-canvas", "chart-visits-canvas", "chart-execution-canvas")


def drawn(page) -> None:
    """Chart.js drew every chart (dashboards.js marks a canvas once its chart exists)."""
    for canvas in CHARTS:
        page.wait_for_function(f"document.getElementById('{canvas}').dataset.drawn === '1'")


def test_the_region_drills_from_the_summary_to_a_municipality_and_a_school_card(strict_page, world):
    page = strict_page
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    with time_machine.travel(NOON, tick=True):
        add_dashboard(world)
        login(page, "operator@example.ru")
        page.get_by_role("button", name="Мониторинг").or_(page.get_by_role("link", name="Мониторинг")).first.click()
        page.get_by_role("link", name="Сводка", exact=True).click()
        page.wait_for_url(f"**{reverse('dashboards:region')}")
        drawn(page)
        assert page.get_by_test_id("listed-total").inner_text() == "2"
        assert page.get_by_test_id("indicators").is_visible()
        page.screenshot(path=ARTIFACTS / "svodka-region.png", full_page=True)

        # A click on a bar of the documents chart opens that municipality's table of documents.
        page.locator("#chart-documents-canvas").scroll_into_view_if_needed()
        box = page.locator("#chart-documents-canvas").bounding_box()
        bar = page.evaluate(
            "(() => { const b = document.getElementById('chart-documents-canvas').chart"
            ".getDatasetMeta(0).data[0]; return {x: b.x, y: (b.y + b.base) / 2}; })()"
        )
        page.mouse.click(box["x"] + bar["x"], box["y"] + bar["y"])
        table = f"{reverse('programs:table')}?campaign={world.campaign.pk}&municipality={world.m.pk}"
        page.wait_for_url(lambda url: url.endswith(table))
        page.go_back()
        drawn(page)
        page.get_by_test_id("municipality-table").get_by_role("link", name="Северный район").click()
        page.wait_for_url(lambda url: reverse("dashboards:municipality", args=[world.m.pk]) in url)
        drawn(page)
        assert page.get_by_test_id("listed-total").inner_text() == "1"
        assert "Южный район" not in page.get_by_test_id("summary-figures").inner_text()
        page.screenshot(path=ARTIFACTS / "svodka-municipalitet.png", full_page=True)

        page.get_by_test_id("school-table").get_by_role("link", name="МБОУ «СОШ № 1»").click()
        page.wait_for_url(f"**{reverse('home:school', args=[world.school_a.pk])}")
        assert page.get_by_test_id("card-lists").is_visible()
    assert blocked == []
