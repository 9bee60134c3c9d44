import os
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def _pages(chromium_path, live_server, *, bypass_csp: bool):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        from tests.conftest import missing

        missing("Python-пакет playwright не установлен")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        context = browser.new_context(
            base_url=live_server.url, locale="ru-RU", viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(chromium_path, live_server):
    """A Playwright page in Debian's Chromium, pointed at the live test server. Playwright's own
    waiting helpers evaluate code in the page, which our Content-Security-Policy forbids: this
    page lets them (the pages' own scripts are checked under the policy by `strict_page`)."""
    yield from _pages(chromium_path, live_server, bypass_csp=True)


@pytest.fixture
def strict_page(chromium_path, live_server):
    """A page under the site's Content-Security-Policy as a user's browser applies it."""
    yield from _pages(chromium_path, live_server, bypass_csp=False)


def login(page, email: str, password: str = "correct-horse-battery") -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Эл. почта").fill(email)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/")


def logout(page) -> None:
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Выйти").click()
    page.wait_for_url("**/accounts/login/")
