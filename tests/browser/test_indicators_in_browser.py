"""Indicators in the browser: the operator opens a value and sees the schools in its numerator,
creates an indicator after previewing its value (htmx under the CSP), and M's coordinator links a
roadmap item to it and sees the live value on the item's page."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from opora.indicators.models import Indicator
from opora.roadmaps.models import Item
from tests.indicators.worlds import build

from .conftest import ARTIFACTS, login

pytestmark = pytest.mark.browser


def test_value_drill_down_new_indicator_with_preview_and_an_item_linked(strict_page, world):
    page = strict_page
    with time_machine.travel(datetime.datetime(2026, 9, 1, 10, 0), tick=True):
        small = build(world)
        Item.objects.filter(pk=small.items[1].pk).update(indicator="Проведено не менее 2 семинаров")
        login(page, "operator@example.ru")
        page.goto(reverse("indicators:home"))
        row = page.locator("tr[data-code='curators']")
        assert "66,7 %" in row.inner_text() and "2 из 3" in row.inner_text()
        page.screenshot(path=ARTIFACTS / "pokazateli-list.png", full_page=True)
        row.get_by_test_id("value").click()
        rows = page.get_by_test_id("rows")
        assert world.school_a.short_name in rows.inner_text() and small.school_d.short_name in rows.inner_text()
        page.get_by_role("link", name="Не вошли в числитель").click()
        assert world.school_b.short_name in page.get_by_test_id("rows").inner_text()
        page.screenshot(path=ARTIFACTS / "pokazateli-value.png", full_page=True)

        page.goto(reverse("indicators:create", args=[world.campaign.pk]))
        page.get_by_label("Название").fill("Количество проведённых семинаров")
        page.get_by_label("Единица").select_option("count")
        page.get_by_label("Числитель (что считаем)").select_option("events_held")
        page.locator("#id_num_kind").select_option("семинар")
        page.get_by_label("Цель на год кампании").fill("2")
        page.get_by_test_id("preview").click()
        preview = page.get_by_test_id("preview-value")
        preview.wait_for()
        assert "Сейчас по региону: 1" in preview.inner_text()
        assert not Indicator.objects.filter(title="Количество проведённых семинаров").exists()
        page.screenshot(path=ARTIFACTS / "pokazateli-preview.png", full_page=True)
        page.get_by_role("button", name="Сохранить").click()
        page.wait_for_url("**/indicators/c/**")
        assert "Количество проведённых семинаров" in page.get_by_test_id("indicators").inner_text()

        # M's coordinator links item 2 of M's roadmap; the suggestion by words comes first.
        page.context.clear_cookies()
        login(page, "municipal@example.ru")
        page.goto(reverse("roadmaps:item_report", args=[small.items[1].pk]))
        page.get_by_role("link", name="Связать с показателем").click()
        first = page.locator("input[name='indicator']").first
        assert (
            page.locator(f"label[for='{first.get_attribute('id')}']").inner_text() == "Количество проведённых семинаров"
        )
        page.get_by_role("button", name="Сохранить").click()
        box = page.get_by_test_id("item-indicator")
        assert "Количество проведённых семинаров" in box.inner_text() and "— 1" in box.inner_text()
        page.screenshot(path=ARTIFACTS / "pokazateli-item.png", full_page=True)
