"""The region's view of curators in the browser: the operator sees a curator's flagged gap
between visits, opens the curator's schools and hands the flagged school to another curator by order."""

import zoneinfo

import pytest
from django.utils import timezone

from opora.accounts.models import Assignment
from tests.assessment.worlds import add_lists
from tests.factories import OrderFactory
from tests.monitoring.workload_worlds import add_curators

from .conftest import ARTIFACTS, login

pytestmark = pytest.mark.browser


def test_the_region_sees_a_flagged_gap_and_hands_the_school_to_another_curator(page, world):
    # The day in the region's zone, as the server counts it (a zone another test activated in this
    # thread must not shift it).
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(world.region.timezone))
    add_lists(world)
    add_curators(world, today=today)
    order = OrderFactory(issuer=world.order.issuer, number="215-р", title="О закреплении кураторов", date=today)

    login(page, "operator@example.ru")
    page.goto("/visits/curators/")
    row = page.get_by_test_id("curator-row").filter(has_text="Петрова Ольга Сергеевна")
    assert row.get_by_test_id("gaps").inner_text() == "1 школа"
    # The flagged curator comes first (the table sorts by flagged gaps).
    assert "Петрова" in page.get_by_test_id("curator-row").first.inner_text()
    assert "куратор назначен, а школы нет в перечне — 1" in page.get_by_test_id("mismatch-alert").inner_text()
    page.screenshot(path=ARTIFACTS / "workload.png", full_page=True)

    row.get_by_role("link", name="Петрова Ольга Сергеевна").click()
    flagged = page.get_by_test_id("school-row").filter(has_text="СОШ № 3")
    assert "50 дней — больше нормы" in flagged.get_by_test_id("gap-flag").inner_text()
    page.screenshot(path=ARTIFACTS / "workload-curator.png", full_page=True)

    flagged.get_by_test_id("reassign").click()
    page.get_by_label("Новый куратор").select_option(label="Сидоров Игорь Павлович — Учитель-методист")
    page.get_by_label("Приказ").select_option(label=f"{order} — О закреплении кураторов")
    assert page.get_by_label("С какого дня").input_value() == today.isoformat()
    page.screenshot(path=ARTIFACTS / "workload-reassign.png", full_page=True)
    page.get_by_role("button", name="Передать школу").click()

    message = page.locator(".alert-success").inner_text()
    assert "Новый куратор школы МБОУ «СОШ № 3»" in message and "— Сидоров Игорь Павлович" in message
    assert page.get_by_role("heading", level=1).inner_text() == "Сидоров Игорь Павлович"
    assert page.get_by_test_id("school-row").count() == 1
    assert Assignment.objects.get(person=world.sidorov).order == order
    page.screenshot(path=ARTIFACTS / "workload-reassigned.png", full_page=True)
