"""The school card in a browser, under the site's Content-Security-Policy: the director and the
region open it and see every part (the chart drawn); another school's director gets 404."""

import pytest
import time_machine
from django.urls import reverse

from tests.home.worlds import MAY_2026, add_school_history

from .conftest import ARTIFACTS, login, logout

pytestmark = pytest.mark.browser

PARTS = [
    "card-lists",
    "card-team",
    "card-results",
    "card-risk",
    "card-documents",
    "card-roadmap",
    "card-visits",
    "card-reports",
]


def test_director_and_region_see_the_whole_card_and_another_director_gets_404(strict_page, world, settings, tmp_path):
    page = strict_page
    settings.MEDIA_ROOT = tmp_path
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    with time_machine.travel(MAY_2026, tick=True):
        add_school_history(world)
        login(page, "director.a@example.ru")
        page.get_by_test_id("my-schools").get_by_role("link").first.click()
        page.wait_for_url(f"**{reverse('home:school', args=[world.school_a.pk])}")
        for part in PARTS:
            assert page.get_by_test_id(part).is_visible(), part
        # Chart.js drew the chart: a canvas it sized itself.
        page.wait_for_function("document.querySelector('canvas#card-chart').style.boxSizing === 'border-box'")
        assert "Самодиагностика" in page.get_by_test_id("overdue-items").inner_text()
        assert "27-р" in page.get_by_test_id("card-lists").inner_text()
        page.screenshot(path=ARTIFACTS / "kartochka-shkoly.png", full_page=True)
        # The roadmap part leads to the roadmap's page.
        page.get_by_test_id("card-roadmap").get_by_role("link", name="План мероприятий").click()
        page.wait_for_url(f"**{world.roadmap_a.get_absolute_url()}")
        logout(page)

        login(page, "operator@example.ru")
        page.goto(reverse("registry:schools"))
        page.locator("#school-table").get_by_role("link", name="МБОУ «СОШ № 1»").click()
        for part in PARTS:
            assert page.get_by_test_id(part).is_visible(), part
        assert page.get_by_role("link", name="Назначить").is_visible()
        page.screenshot(path=ARTIFACTS / "kartochka-shkoly-region.png", full_page=True)
        logout(page)

        login(page, "director.b@example.ru")
        response = page.goto(reverse("home:school", args=[world.school_a.pk]))
        assert response.status == 404
        assert "СОШ № 1" not in page.content()
    assert blocked == []
