"""The diagnostics story in a browser: a pupil answers through the school's anonymous link, the
director fills in the self-diagnosis, the curator changes one level with a reason, verifies the
profile and confirms three directions the school proposed, and the region sees the heat map."""

import pytest

from opora.diagnostics.models import ActivatedFactor, FactorLevel, Group, Response, RiskProfile
from tests.diagnostics.builders import DIRECTOR, PARENT, PUPIL_BULLIED, PUPIL_FINE, TEACHER, answer
from tests.diagnostics.worlds import add_diagnostics

from .conftest import ARTIFACTS, login, logout

pytestmark = pytest.mark.browser


def test_pupil_director_curator_and_region_work_through_the_risk_profile(page, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    add_diagnostics(world)
    a = world.school_a
    # 19 pupils answered already: the pupil below makes the minimum of 20.
    for n in range(19):
        answer(world, a, Group.PUPILS, PUPIL_BULLIED if n % 2 else PUPIL_FINE)
    for _ in range(6):
        answer(world, a, Group.TEACHERS, TEACHER)
    for _ in range(10):
        answer(world, a, Group.PARENTS, PARENT)
    answer(world, a, Group.DIRECTOR, DIRECTOR, by=world.users["director_a"], source=Response.Source.ACCOUNT)

    # A pupil, without an account, through the link the school hands out.
    page.goto(world.link_a.get_absolute_url())
    page.get_by_role("link", name="Обучающиеся").click()
    page.get_by_role("radio", name="4").first.check()  # «Мне интересно на уроках»
    page.get_by_label("Один-два раза").check()
    page.locator("#q-p3").get_by_role("radio", name="3").check()
    page.locator("#q-p4").get_by_role("radio", name="4").check()
    page.get_by_label("Хочу поступить туда, куда мечтаю").check()
    page.screenshot(path=ARTIFACTS / "diagnostics-pupil.png", full_page=True)
    page.get_by_role("button", name="Отправить ответы").click()
    assert "Спасибо! Ваши ответы приняты." in page.locator(".alert-success").inner_text()
    assert "вы уже ответили" in page.get_by_text("Обучающиеся").inner_text()
    pupil = Response.objects.filter(school=a, questionnaire__group=Group.PUPILS).order_by("-pk").first()
    assert pupil.by is None and Response.objects.filter(school=a, questionnaire__group=Group.PUPILS).count() == 20

    # The director fills in the self-diagnosis.
    login(page, "director.a@example.ru")
    page.get_by_role("link", name="Диагностика").click()
    page.get_by_role("link", name="Заполнить: самодиагностика школы").click()
    numbers = {"s1": "45", "s3": "12", "s4": "20", "s5": "55", "s6": "3", "s7": "7", "s8": "9"}
    for code, value in numbers.items():
        page.locator(f"#{code}-value").fill(value)
    page.locator("#s2-no").check()
    page.locator("#s9-cons").check()
    page.get_by_role("button", name="Сохранить ответы").click()
    assert "Ответы сохранены" in page.locator(".alert-success").inner_text()
    assert FactorLevel.objects.filter(profile=world.profile_a).exclude(computed="insufficient").count() == 11
    page.get_by_test_id("level-f07").get_by_text("почему").click()
    page.screenshot(path=ARTIFACTS / "diagnostics-profile.png", full_page=True)
    for code in ("f02", "f07", "f09"):
        page.locator(f"#factor-{world.profile_a.levels.get(factor__code=code).factor_id}").check()
    page.get_by_role("button", name="Предложить куратору").click()
    assert "Направления предложены куратору." in page.locator(".alert-success").inner_text()
    logout(page)

    # The curator changes one level with a reason, verifies, confirms the three directions.
    login(page, "curator@example.ru")
    page.get_by_role("link", name="Диагностика").click()
    row = page.get_by_test_id("level-f02")
    row.get_by_text("почему").click()
    change = page.get_by_test_id("change-f02")
    computed = FactorLevel.objects.get(profile=world.profile_a, factor__code="f02").computed
    target = "высокий" if computed != "high" else "средний"
    change.get_by_label("Уровень куратора").select_option(label=target)
    change.get_by_label("Основание (обязательно)").fill("По итогам посещения: не хватает двух учителей математики")
    change.get_by_role("button", name="Изменить уровень").click()
    assert target in page.get_by_test_id("level-f02").inner_text()
    assert "не хватает двух учителей" in page.get_by_test_id("level-f02").inner_text()
    page.get_by_role("button", name="Профиль проверен").click()
    assert page.get_by_test_id("profile-state").inner_text() == "проверен"
    page.get_by_role("button", name="Подтвердить отмеченные").click()
    assert "Подтверждено направлений: 3." in page.locator(".alert-success").inner_text()
    page.screenshot(path=ARTIFACTS / "diagnostics-verified.png", full_page=True)
    assert ActivatedFactor.objects.filter(profile=world.profile_a, confirmed_at__isnull=False).count() == 3
    assert RiskProfile.objects.get(pk=world.profile_a.pk).is_verified
    logout(page)

    # The region sees the heat map with the counts per factor, and downloads it.
    login(page, "operator@example.ru")
    page.goto("/diagnostics/heatmap/")
    heatmap = page.get_by_test_id("heatmap")
    assert str(a) in heatmap.inner_text()
    assert str(world.school_b) in heatmap.inner_text()  # B's profile, not computed yet: dashes
    page.screenshot(path=ARTIFACTS / "diagnostics-heatmap.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_test_id("heatmap-export").click()
    assert download.value.suggested_filename.endswith(".xlsx")
