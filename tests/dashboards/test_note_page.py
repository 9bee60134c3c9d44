"""The page that orders the analytic note: the levels a person may choose, a wrong period refused
with a Russian message, an order prepared by the worker under the requester's name."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from opora.core.models import PreparedFile
from opora.roadmaps.models import MonitoringStage
from tests.assessment.worlds import add_lists

NOON = datetime.datetime(2026, 8, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def page_world(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    add_lists(world)
    world.stage = MonitoringStage.for_campaign(world.campaign)[0]
    return world


def test_a_municipal_coordinator_is_offered_only_their_municipality(page_world, client_as):
    response = client_as(page_world.users["municipal"]).get(reverse("dashboards:note"))
    places = [label for _, label in response.context["form"].fields["place"].choices]
    assert places == ["Северный район"]
    operator = client_as(page_world.users["operator"]).get(reverse("dashboards:note"))
    places = [label for _, label in operator.context["form"].fields["place"].choices]
    assert places == ["Тестовая область (весь регион)", "Северный район", "Южный район"]


def test_a_period_ending_before_it_starts_is_refused_and_nothing_is_ordered(page_world, client_as):
    w = page_world
    response = client_as(w.users["operator"]).post(
        reverse("dashboards:note"),
        {"stage": w.stage.pk, "place": "region", "start": "2026-08-01", "end": "2026-03-01", "fmt": "pdf"},
    )
    assert response.status_code == 200
    assert "Начало периода позже его окончания." in response.content.decode()
    assert not PreparedFile.objects.exists()


def test_the_consolidated_xlsx_is_prepared_for_its_requester(page_world, client_as, django_capture_on_commit_callbacks):
    w = page_world
    with time_machine.travel(NOON, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client_as(w.users["coordinator"]).post(
            reverse("dashboards:note"), {"stage": w.stage.pk, "place": str(w.m2.pk), "fmt": "xlsx"}
        )
    record = PreparedFile.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("home:prepared_file", args=[record.pk])
    assert record.owner == w.users["coordinator"] and record.state == PreparedFile.State.DONE, record.stage
    assert record.filename == f"svod-spravka-2026-m{w.m2.pk}.xlsx"
    assert (
        record.title
        == "Сводная выгрузка мониторинга: Южный район, промежуточный мониторинг 2026 (сводная выгрузка, XLSX)"
    )
