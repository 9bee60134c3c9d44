"""Approved roadmaps lose nothing: approvals, passport edits and deadlines without dates are
recorded in the roadmap's history, and an approved deadline does not vanish from the overdue list."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from opora.roadmaps import services
from opora.roadmaps.models import Item, Roadmap, RoadmapChange, TargetIndicator
from tests.factories import OrderFactory

from .worlds import add_roadmaps

TODAY = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo("Europe/Moscow"))


@pytest.fixture
def plans(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # The world's items end in February–March 2026: the tests see them from 1 June 2026, whatever
    # the day they run (overdue, the current monitoring stage, reports dated after the end).
    with time_machine.travel(TODAY, tick=False):
        add_roadmaps(world)
        yield world


def edit(item, **changes):
    return services.item_values(item) | changes


def said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


# -- approval -----------------------------------------------------------------------------------


def test_approving_again_by_the_same_order_is_refused_in_russian(plans, client_as):
    regional = plans.regional
    with pytest.raises(ValidationError) as error:
        services.roadmap_approve(roadmap=regional, order=plans.order, user=plans.users["operator"])
    assert error.value.messages == [f"Дорожная карта уже утверждена этим приказом ({plans.order})."]
    client = client_as(plans.users["operator"])
    response = client.post(reverse("roadmaps:approve", args=[regional.pk]), {"order": plans.order.pk})
    assert "уже утверждена этим приказом" in said(response)
    assert not RoadmapChange.objects.exists()


def test_approving_by_a_new_order_keeps_the_old_one_in_the_history(plans, client_as):
    amendment = OrderFactory(issuer=plans.order.issuer, number="150-р", date=datetime.date(2026, 4, 1))
    client = client_as(plans.users["operator"])
    page = client.get(plans.regional.get_absolute_url()).content.decode()
    assert "Утвердить изменённую карту новым приказом" in page
    response = client.post(reverse("roadmaps:approve", args=[plans.regional.pk]), {"order": amendment.pk})
    assert "Прежний приказ записан в историю" in said(response)
    regional = Roadmap.objects.get(pk=plans.regional.pk)
    assert regional.order == amendment
    change = RoadmapChange.objects.get()
    assert (change.field, change.new, change.by) == ("order", str(amendment), plans.users["operator"])
    assert change.old.startswith(f"{plans.order}, утверждена ")
    page = client.get(regional.get_absolute_url()).content.decode()
    assert f"утверждение, приказ об утверждении: «{plans.order}, утверждена" in page


def test_an_order_that_approves_another_roadmap_asks_for_confirmation(plans, client_as):
    client = client_as(plans.users["municipal"])
    url = reverse("roadmaps:approve", args=[plans.roadmap_m.pk])
    response = client.post(url, {"order": plans.order.pk})
    assert response.status_code == 302 and f"confirm_order={plans.order.pk}" in response["Location"]
    assert Roadmap.objects.get(pk=plans.roadmap_m.pk).status == "draft"
    page = client.get(response["Location"]).content.decode()
    assert f"Приказ {plans.order} уже утверждает:" in page
    assert "дорожная карта: Тестовая область: Дорожная карта Тестовой области на 2026 год" in page
    assert "Да, утвердить этим приказом" in page
    client.post(url, {"order": plans.order.pk, "reuse_order": "on"})
    assert Roadmap.objects.get(pk=plans.roadmap_m.pk).order == plans.order


def test_a_fresh_order_approves_without_a_question(plans, client_as):
    fresh = OrderFactory(issuer=plans.order.issuer, number="200-р")
    client = client_as(plans.users["municipal"])
    response = client.post(reverse("roadmaps:approve", args=[plans.roadmap_m.pk]), {"order": fresh.pk})
    assert "confirm_order" not in response["Location"]
    assert "Дорожная карта утверждена" in said(response)
    assert not client.get(response["Location"]).context["confirm_order"]


def test_services_refuse_users_without_the_right(plans):
    with pytest.raises(PermissionDenied):
        services.roadmap_approve(roadmap=plans.roadmap_m2, order=plans.order, user=plans.users["municipal"])
    with pytest.raises(PermissionDenied):
        services.item_update(item=plans.item_m, data=edit(plans.item_m), user=plans.users["curator_a"])


# -- passport -----------------------------------------------------------------------------------


def passport(roadmap, **changes):
    data = {
        "title": roadmap.title,
        "year": roadmap.year,
        "problem": roadmap.problem,
        "goal": roadmap.goal,
        "tasks": roadmap.tasks,
        "working_group": roadmap.working_group,
        "indicators": "",
    }
    return data | changes  # a form leaves «school_year» out when unticked; services get it given


def test_passport_edit_of_an_approved_roadmap_is_recorded_field_by_field(plans, client_as):
    TargetIndicator.objects.create(
        roadmap=plans.regional, name="Доля ШНОР с кураторами", unit="%", values={"2026": "50"}
    )
    client = client_as(plans.users["operator"])
    url = reverse("roadmaps:passport", args=[plans.regional.pk])
    assert "Доля ШНОР с кураторами, % | 2026: 50" in client.get(url).content.decode()
    response = client.post(
        url,
        passport(
            plans.regional,
            goal="Повысить результаты ШНОР",
            indicators="Доля ШНОР с кураторами, % | 2026: 100",
        ),
    )
    assert "Изменения записаны в историю утверждённой карты" in said(response)
    changes = {c.field: (c.old, c.new) for c in RoadmapChange.objects.all()}
    assert changes == {
        "goal": ("", "Повысить результаты ШНОР"),
        "indicators": ("Доля ШНОР с кураторами, % | 2026: 50", "Доля ШНОР с кураторами, % | 2026: 100"),
    }
    page = client.get(plans.regional.get_absolute_url()).content.decode()
    assert "паспорт, цель: «» → «Повысить результаты ШНОР»" in page
    assert "паспорт, целевые показатели:" in page


def test_passport_year_change_is_recorded_and_re_dates_items(plans):
    item = plans.regional_item
    services.item_update(item=item, data=edit(item, deadline_text="март"), user=None)
    RoadmapChange.objects.all().delete()
    data = passport(plans.regional, year=2027, school_year=False, indicators=[])
    services.roadmap_passport_update(roadmap=plans.regional, data=data, user=plans.users["operator"])
    item.refresh_from_db()
    assert item.end == datetime.date(2027, 3, 31)
    assert list(RoadmapChange.objects.values_list("field", "old", "new")) == [("year", "2026", "2027")]


def test_passport_of_a_draft_is_saved_without_history(plans):
    data = passport(plans.roadmap_m, goal="Цель", school_year=False, indicators=[])
    services.roadmap_passport_update(roadmap=plans.roadmap_m, data=data, user=plans.users["municipal"])
    assert Roadmap.objects.get(pk=plans.roadmap_m.pk).goal == "Цель"
    assert not RoadmapChange.objects.exists()


def test_passport_edit_is_one_transaction(plans, client_as, monkeypatch):
    TargetIndicator.objects.create(roadmap=plans.regional, name="Показатель", values={"2026": "1"})

    def broken(*args, **kwargs):
        raise RuntimeError("диск переполнен")

    monkeypatch.setattr(TargetIndicator.objects, "bulk_create", broken)
    data = passport(plans.regional, title="Новое название", year=2027, school_year=False, indicators=[])
    with pytest.raises(RuntimeError):
        services.roadmap_passport_update(roadmap=plans.regional, data=data, user=plans.users["operator"])
    stored = Roadmap.objects.get(pk=plans.regional.pk)
    assert (stored.title, stored.year) == ("Дорожная карта Тестовой области на 2026 год", 2026)
    assert list(stored.target_indicators.values_list("name", flat=True)) == ["Показатель"]
    assert Item.objects.get(pk=plans.regional_item.pk).end == datetime.date(2026, 2, 10)
    assert not RoadmapChange.objects.exists()


# -- deadlines without dates --------------------------------------------------------------------


def test_an_approved_item_given_a_deadline_without_dates_keeps_its_dates_and_stays_overdue(plans, client_as):
    item = plans.regional_item  # approved roadmap, ends 10.02.2026, its report is removed below
    item.reports.all().delete()
    june = datetime.date(2026, 6, 1)
    assert item in Item.objects.overdue(june)
    client = client_as(plans.users["operator"])
    response = client.post(
        reverse("roadmaps:item_edit", args=[item.pk]),
        edit(item, deadline_text="по мере готовности"),
        HTTP_HX_REQUEST="true",
    )
    row = response.content.decode()
    assert "Мероприятие 1.1: в сроке «по мере готовности» нет дат. Для контроля исполнения оставлен прежний срок" in row
    assert "в сроке нет дат: для контроля оставлен прежний срок 01.01.2026 — 10.02.2026" in row
    item.refresh_from_db()
    assert (item.deadline_text, item.end) == ("по мере готовности", datetime.date(2026, 2, 10))
    assert item in Item.objects.overdue(june)
    history = {c.field: (c.old, c.new) for c in RoadmapChange.objects.all()}
    assert history == {
        "deadline_text": ("до 10.02.2026", "по мере готовности"),
        "dates": ("01.01.2026 — 10.02.2026", "01.01.2026 — 10.02.2026 (в новом сроке нет дат, оставлены прежние)"),
    }
    page = client.get(plans.regional.get_absolute_url()).content.decode()
    assert "мероприятие 1.1, даты:" in page and "в сроке нет дат: для контроля оставлен прежний срок" in page
    # A dated deadline replaces the kept dates and the warning.
    services.item_update(item=item, data=edit(item, deadline_text="до 20 марта 2026"), user=None)
    item.refresh_from_db()
    assert item.end == datetime.date(2026, 3, 20) and not services.dates_kept(item)


def test_a_draft_item_given_a_deadline_without_dates_loses_them_and_the_user_is_told(plans, client_as):
    item = plans.item_m  # draft roadmap
    client = client_as(plans.users["municipal"])
    response = client.post(
        reverse("roadmaps:item_edit", args=[item.pk]), edit(item, deadline_text="по мере необходимости")
    )
    assert "Мероприятие 1.1 теперь без дат: в сроке «по мере необходимости» дат нет" in said(response)
    item.refresh_from_db()
    assert item.end is None and item not in Item.objects.overdue(datetime.date(2026, 6, 1))
    assert not RoadmapChange.objects.exists()


def test_saving_an_item_without_touching_its_dates_says_nothing(plans, client_as):
    item = plans.item_m
    response = client_as(plans.users["municipal"]).post(
        reverse("roadmaps:item_edit", args=[item.pk]), edit(item, action="Назначение кураторов ШНОР")
    )
    assert said(response) == ""
