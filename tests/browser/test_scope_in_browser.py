import pytest
from django.urls import reverse

from .conftest import ARTIFACTS, login, logout

pytestmark = pytest.mark.browser


def test_municipal_coordinator_and_director_each_see_only_their_own_schools(page, world):
    login(page, "municipal@example.ru")
    assert "Муниципальный координатор" in page.get_by_test_id("roles").inner_text()
    page.get_by_role("button", name="Реестр").click()
    page.get_by_role("link", name="Школы", exact=True).click()
    table = page.locator("#school-table")
    assert "МБОУ «СОШ № 1»" in table.inner_text()
    assert "МБОУ «СОШ № 3»" in table.inner_text()
    assert "Тохтор" not in table.inner_text()
    page.get_by_label("Поиск").fill("СОШ № 3")
    page.wait_for_function("!document.querySelector('#school-table').innerText.includes('СОШ № 1»')")
    assert "МБОУ «СОШ № 3»" in table.inner_text()
    page.screenshot(path=ARTIFACTS / "municipal-schools.png", full_page=True)
    logout(page)

    login(page, "director.a@example.ru")
    assert "МБОУ «СОШ № 1»" in page.get_by_test_id("my-schools").inner_text()
    page.screenshot(path=ARTIFACTS / "director-home.png", full_page=True)
    page.get_by_role("button", name="Реестр").click()
    page.get_by_role("link", name="Школы", exact=True).click()
    names = page.locator("#school-table tbody tr").all_inner_texts()
    assert len(names) == 1 and "МБОУ «СОШ № 1»" in names[0]
    response = page.goto(reverse("registry:school", args=[world.school_b.pk]))
    assert response.status == 404


def test_wrong_password_shows_a_russian_message(page, world):
    page.goto("/accounts/login/")
    page.get_by_label("Эл. почта").fill("municipal@example.ru")
    page.get_by_label("Пароль").fill("неверный-пароль")
    page.get_by_role("button", name="Войти").click()
    assert "Неверная эл. почта или пароль" in page.locator(".alert-danger").inner_text()
