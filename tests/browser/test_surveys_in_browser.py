"""Participant surveys in a browser: the operator sees the wave's response rate, a director answers the
open wave (a second tab's submit is refused), the operator sees the rate change and downloads XLSX."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from opora.accounts.models import Role
from opora.surveys.models import Participation, SurveyResponse
from opora.surveys.services import answer_save
from tests.factories import UserFactory, assign
from tests.surveys.test_surveys import _read
from tests.surveys.worlds import full_answers, wave_of

from .conftest import ARTIFACTS, login, logout

pytestmark = pytest.mark.browser


def test_a_director_answers_once_and_the_operator_sees_the_rate_change(page, world):
    wave = wave_of(world)
    for n in range(2):
        user = UserFactory(email=f"team{n}@example.ru", person__region=world.region)
        assign(user, Role.SCHOOL_TEAM, region=world.region, schools=[world.school_b])
        answer_save(wave=wave, user=user, read=_read(wave, full_answers() | {"visits": str(3 + n)}))

    login(page, "operator@example.ru")
    page.goto("/surveys/")
    # A wave for the experts, through the form (the standard form is chosen by default).
    page.get_by_role("link", name="Новая волна").click()
    page.get_by_label("Название").fill("Опрос экспертов")
    today = timezone.localdate()
    page.get_by_label("Открыт с").fill(today.isoformat())
    page.get_by_label("Открыт по").fill((today + datetime.timedelta(days=14)).isoformat())
    page.get_by_label("Эксперт", exact=True).check()
    page.screenshot(path=ARTIFACTS / "surveys-new-wave.png", full_page=True)
    page.get_by_role("button", name="Сохранить").click()
    assert "Волна «Опрос экспертов» создана." in page.locator(".alert-success").inner_text()
    assert "Ответили 0 из 1" in page.locator("#total-rate").inner_text()
    page.get_by_role("link", name="← Опросы").click()
    page.get_by_role("link", name="Опрос 1").click()
    assert "Ответили 2 из 6" in page.locator("#total-rate").inner_text()
    logout(page)

    login(page, "director.a@example.ru")
    page.goto("/surveys/")
    page.get_by_role("link", name="Ответить").click()
    second_tab = page.context.new_page()
    second_tab.goto(page.url)
    page.get_by_label("Управленческая команда школы").check()
    for code, point in (("webinars", "4"), ("visits", "5"), ("docs", "3")):
        page.locator(f"#{code}-{point}").check()
    page.get_by_label("Обмена опытом между школами").check()
    page.locator("#comment-text").fill("Больше встреч со школами-наставниками")
    page.screenshot(path=ARTIFACTS / "surveys-answer.png", full_page=True)
    page.get_by_role("button", name="Отправить ответы").click()
    assert "Спасибо! Ответы на опрос «Опрос 1» сохранены." in page.locator(".alert-success").inner_text()
    assert "вы ответили" in page.locator("#my-surveys").inner_text()
    # The form left open in another tab: its submit is refused, nothing is added.
    second_tab.locator("#role-curator").check()
    for code in ("webinars", "visits", "docs"):
        second_tab.locator(f"#{code}-1").check()
    second_tab.get_by_role("button", name="Отправить ответы").click()
    assert "ответить можно один раз" in second_tab.locator(".alert-danger").inner_text()
    second_tab.close()
    assert (Participation.objects.filter(wave=wave).count(), SurveyResponse.objects.filter(wave=wave).count()) == (3, 3)
    logout(page)

    login(page, "operator@example.ru")
    page.goto(wave.get_absolute_url())
    assert "Ответили 3 из 6" in page.locator("#total-rate").inner_text()
    page.wait_for_function("document.querySelectorAll('canvas[data-chart]').length > 0")
    page.wait_for_timeout(500)  # the charts' animation
    page.screenshot(path=ARTIFACTS / "surveys-results.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать XLSX").click()
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    assert book["Охват"]["A2"].value == "Все" and book["Охват"]["C2"].value == 3
    texts = [row[1] for row in book["Тексты"].iter_rows(min_row=2, values_only=True)]
    assert "Больше встреч со школами-наставниками" in texts
