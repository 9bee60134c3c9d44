"""Two people at once: saving the same item, reporting on the same item and stage, saving the same
import preview twice, approving the same roadmap twice. The simultaneous cases run real threads,
each with its own database connection, on PostgreSQL (`python tests/postgres.py tests/roadmaps`);
SQLite has no row locks, so there they are skipped. What one person sees after the other has
saved is checked on any database."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.urls import reverse

from opora.roadmaps import services
from opora.roadmaps.models import Item, ItemReport, MonitoringStage, Roadmap, RoadmapImport
from tests.factories import OrderFactory

from .worlds import add_roadmaps


def item_data(item, **changes) -> dict:
    return services.item_values(item) | {"version": item.version} | changes


def at_once(*calls):
    """Runs the calls in threads released together; returns each one's result or exception."""
    start = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            results[index] = call()
        except Exception as error:  # the losing side's refusal is the result
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def plans(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    add_roadmaps(world)
    return world


# -- the same item saved by two people -----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_people_saving_the_same_item_one_wins_the_other_is_told(plans, postgres_only):
    operator, coordinator = plans.users["operator"], plans.users["coordinator"]
    mine, theirs = Item.objects.get(pk=plans.item_m.pk), Item.objects.get(pk=plans.item_m.pk)
    results = at_once(
        lambda: services.item_update(item=mine, data=item_data(mine, deadline_text="до 10 апреля"), user=operator),
        lambda: services.item_update(item=theirs, data=item_data(theirs, deadline_text="до 20 мая"), user=coordinator),
    )
    conflicts = [r for r in results if isinstance(r, services.ItemConflict)]
    saved = [r for r in results if isinstance(r, Item)]
    assert len(conflicts) == 1 and len(saved) == 1, results
    item = Item.objects.get(pk=plans.item_m.pk)
    winner = operator if item.deadline_text == "до 10 апреля" else coordinator
    assert item.version == 2 and item.updated_by == winner
    message = conflicts[0].messages[0]
    assert f"изменил(а) {winner.get_full_name()}" in message
    assert f"сроки: «{item.deadline_text}»" in message
    assert "Ваши изменения не сохранены" in message


def test_an_edit_begun_before_anothers_save_is_refused_on_the_page_and_can_then_be_saved_over(plans, client_as):
    url = reverse("roadmaps:item_edit", args=[plans.item_m.pk])
    municipal = client_as(plans.users["municipal"])
    form = municipal.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'name="version" value="1"' in form
    stale = item_data(plans.item_m, deadline_text="до 10 апреля", executors="Куратор")
    # Meanwhile the operator changes the deadline and saves.
    operator = plans.users["operator"]
    services.item_update(item=plans.item_m, data=item_data(plans.item_m, deadline_text="до 20 мая"), user=operator)

    response = municipal.post(url, stale, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert f"Мероприятие 1.1 изменил(а) {operator.get_full_name()}" in page
    assert "Сейчас в нём: сроки: «до 20 мая»; ответственные: «Муниципальный координатор»." in page
    assert "Ваши изменения не сохранены" in page
    assert 'value="до 10 апреля"' in page  # what the user typed is still in the form
    assert 'name="version" value="2"' in page
    assert Item.objects.get(pk=plans.item_m.pk).deadline_text == "до 20 мая"

    # Pressing «Сохранить» again writes over, knowingly.
    municipal.post(url, stale | {"version": 2}, headers={"HX-Request": "true"})
    item = Item.objects.get(pk=plans.item_m.pk)
    assert (item.deadline_text, item.executors, item.version) == ("до 10 апреля", ["Куратор"], 3)


# -- two current reports -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_reports_at_once_leave_one_current_and_one_in_history(plans, postgres_only):
    stage = MonitoringStage.for_campaign(plans.campaign)[0]
    item = plans.item_m

    def report(status, comment, user):
        return lambda: services.report_create(item=item, stage=stage, status=status, comment=comment, user=user)

    results = at_once(
        report("done", "", plans.users["municipal"]),
        report("partly", "Не все школы", plans.users["operator"]),
    )
    assert all(isinstance(r, ItemReport) for r in results), results
    reports = ItemReport.objects.filter(item=item, stage=stage)
    assert reports.count() == 2
    assert reports.filter(is_current=True).count() == 1


def test_the_database_refuses_a_second_current_report_for_the_same_stage(plans):
    stage = MonitoringStage.for_campaign(plans.campaign)[0]
    ItemReport.objects.create(item=plans.item_m, stage=stage, status="done")
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemReport.objects.create(item=plans.item_m, stage=stage, status="partly")
    ItemReport.objects.create(item=plans.item_m, stage=stage, status="partly", is_current=False)  # history is fine


# -- a double-clicked «Сохранить дорожную карту» ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_saving_the_same_preview_twice_at_once_makes_one_roadmap(plans, postgres_only):
    record = plans.roadmap_import
    record.parsed = record.parsed | {
        "items": [
            {
                "number": "1",
                "section": "",
                "action": "Совещание",
                "deadline": {"text": "до 1 марта", "start": None, "end": None, "recurrence": None, "periods": []},
                "executors": [],
                "result": "",
                "indicator": "",
                "info": "",
            }
        ]
    }
    record.save()
    operator = plans.users["operator"]
    first, second = RoadmapImport.objects.get(pk=record.pk), RoadmapImport.objects.get(pk=record.pk)
    results = at_once(
        lambda: services.roadmap_import_save(record=first, title="Карта", user=operator),
        lambda: services.roadmap_import_save(record=second, title="Карта", user=operator),
    )
    assert all(isinstance(r, Roadmap) for r in results), results
    assert results[0].pk == results[1].pk
    assert Roadmap.objects.filter(title="Карта").count() == 1
    assert Item.objects.filter(roadmap=results[0]).count() == 1


def test_the_second_click_lands_on_the_saved_roadmap(plans, client_as):
    client = client_as(plans.users["operator"])
    url = reverse("roadmaps:preview", args=[plans.roadmap_import.pk])
    plans.roadmap_import.parsed["items"] = [
        {"number": "1", "section": "", "action": "Совещание", "executors": [], "result": "", "indicator": "",
         "info": "", "deadline": {"text": "", "start": None, "end": None, "recurrence": None, "periods": []}}
    ]  # fmt: skip
    plans.roadmap_import.save()
    first = client.post(url, {"title": "Карта", "year": "2026", "save": "1"})
    second = client.post(url, {"title": "Карта", "year": "2026", "save": "1"})
    roadmap = Roadmap.objects.get(title="Карта")
    assert first["Location"] == second["Location"] == roadmap.get_absolute_url()
    # The service itself, asked again, answers with the same roadmap rather than an error.
    record = RoadmapImport.objects.get(pk=plans.roadmap_import.pk)
    assert services.roadmap_import_save(record=record, title="", user=None) == roadmap


# -- approving twice -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("same_order", [True, False])
def test_approving_the_same_roadmap_twice_at_once_one_wins(plans, postgres_only, same_order):
    orders = [plans.order, plans.order if same_order else OrderFactory(issuer=plans.order.issuer, number="7-р")]
    users = [plans.users["operator"], plans.users["coordinator"]]
    copies = [Roadmap.objects.select_related("campaign").get(pk=plans.roadmap_m.pk) for _ in range(2)]
    results = at_once(
        *(
            lambda n=n: services.roadmap_approve(roadmap=copies[n], order=orders[n], user=users[n], again=False)
            for n in range(2)
        )
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    approved = [r for r in results if isinstance(r, Roadmap)]
    assert len(refused) == 1 and len(approved) == 1, results
    assert "Дорожная карта уже утверждена" in refused[0].messages[0]
    stored = Roadmap.objects.get(pk=plans.roadmap_m.pk)
    assert stored.status == "approved" and stored.order == approved[0].order
    assert not stored.changes.filter(field="order").exists()  # not recorded as a re-approval


def test_approving_a_roadmap_someone_approved_meanwhile_says_so(plans, client_as):
    page_seen_as_draft = Roadmap.objects.get(pk=plans.roadmap_m.pk)
    other = OrderFactory(issuer=plans.order.issuer, number="7-р")
    services.roadmap_approve(roadmap=Roadmap.objects.get(pk=plans.roadmap_m.pk), order=other, user=None)
    with pytest.raises(ValidationError) as error:
        services.roadmap_approve(roadmap=page_seen_as_draft, order=plans.order, user=None, again=False)
    assert error.value.messages[0].startswith(f"Дорожная карта уже утверждена: {other}.")
