"""The public «500+» page in the browser: the school's director sees what the page shows and
saves it; an anonymous visitor, on a phone, finds the school on the region's page, sees only the
published approved material and downloads the published document."""

import pytest

from tests.programs.worlds import PDF_BYTES
from tests.public.worlds import add_pages

from .conftest import ARTIFACTS, login, logout

pytestmark = pytest.mark.browser


def test_an_anonymous_visitor_sees_only_published_approved_material(page, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = add_pages(world)

    # The director finds the page's settings through the menu and keeps the choice as it is.
    login(page, "director.a@example.ru")
    page.get_by_role("button", name="Реестр").click()
    page.get_by_role("link", name="Публичные страницы «500+»").click()
    page.get_by_role("link", name="Настроить").click()
    assert page.get_by_label("Концепция развития").is_checked()
    assert not page.get_by_label("Среднесрочная программа развития").is_checked()
    page.get_by_role("button", name="Сохранить").click()
    assert "Публичная страница сохранена" in page.locator(".alert-success").inner_text()
    public_url = page.get_by_test_id("public-url").inner_text()
    page.screenshot(path=ARTIFACTS / "public-settings.png", full_page=True)
    logout(page)

    # An anonymous visitor on a phone: the region's page, then the school's.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/500plus/{w.region_page.slug}/")
    page.get_by_role("link", name=w.school_a.short_name).click()
    assert page.url == public_url
    text = page.locator("main").inner_text()
    assert "Концепция развития" in text and "Взаимопосещение уроков математики" in text
    for absent in ("Среднесрочная программа", "План работы с родителями", "Программа наставничества", "Иванова"):
        assert absent not in text, absent
    assert page.get_by_test_id("user-menu").count() == 0
    page.screenshot(path=ARTIFACTS / "public-school-phone.png", full_page=True)

    with page.expect_download() as info:
        page.get_by_role("link", name="Концепция развития").click()
    download = info.value
    assert download.suggested_filename == "Концепция развития — МБОУ СОШ № 1 (2026).pdf"
    assert open(download.path(), "rb").read() == PDF_BYTES
