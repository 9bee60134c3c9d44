"""Pages work under the Content-Security-Policy: no inline script, nothing from elsewhere."""

import pytest
from django.urls import reverse

from tests.assessment.worlds import add_lists
from tests.roadmaps.worlds import add_roadmaps

from .conftest import login

pytestmark = pytest.mark.browser


def test_pages_with_charts_filters_and_in_place_editing_run_without_policy_violations(strict_page, world):
    page = strict_page
    add_lists(world)
    add_roadmaps(world)
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    login(page, "operator@example.ru")
    page.goto(reverse("assessment:school_results", args=[world.school_a.pk]))
    # Chart.js drew the chart: a canvas it sized itself.
    page.wait_for_function("document.querySelector('canvas#chart').style.boxSizing === 'border-box'")
    page.goto(reverse("roadmaps:roadmap", args=[world.roadmap_m.pk]))
    page.get_by_role("button", name="Изменить").first.click()  # htmx swaps the row for its form
    page.wait_for_selector(f"#item-{world.item_m.pk} textarea")
    page.goto(reverse("roadmaps:list"))
    page.get_by_label("Уровень").select_option("municipality")  # the filter submits itself
    page.wait_for_url("**level=municipality**")
    assert blocked == []
