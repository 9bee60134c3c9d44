"""The inbox in the browser: the school sends a document, its curator sees the count in the navbar, opens the
message and lands on the document; then chooses which letters to get."""

import pytest

from tests.programs.worlds import upload

from .conftest import ARTIFACTS, login

pytestmark = pytest.mark.browser


def test_the_curator_opens_a_message_and_chooses_letters(page, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    document = upload(world, world.school_a, "concept")  # the director sends it for review
    login(page, world.users["curator_a"].email)
    assert page.get_by_test_id("inbox-count").inner_text() == "1"
    page.get_by_test_id("inbox-link").click()
    page.wait_for_url("**/inbox/")
    page.screenshot(path=ARTIFACTS / "inbox.png", full_page=True)
    page.get_by_test_id("message").first.click()
    page.wait_for_url(f"**{document.get_absolute_url()}")
    assert "Концепция развития" in page.locator("h1").inner_text()
    assert page.get_by_test_id("inbox-count").count() == 0  # read: no count left

    page.goto("/inbox/settings/")
    page.get_by_label("Документ одобрен: не присылать").check()
    page.get_by_role("button", name="Сохранить").click()
    assert "Настройки уведомлений сохранены." in page.locator(".alert-success").inner_text()
    assert page.get_by_label("Документ одобрен: не присылать").is_checked()
    page.screenshot(path=ARTIFACTS / "inbox-settings.png", full_page=True)
