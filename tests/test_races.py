"""Two people at once (issue #8): the same draft approved twice, two drafts of one campaign approved
together, an appointment form sent twice, two imports of the same new school. The simultaneous
cases run real threads, each with its own database connection, on PostgreSQL
(`python tests/postgres.py tests/test_races.py`); SQLite has no row locks, so there they are
skipped. What the database itself guarantees (one approved list per campaign) and the sequential
double submission are checked on any database."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connections, transaction

from opora.accounts import services as accounts
from opora.accounts.models import Assignment, Role
from opora.assessment.models import Identification
from opora.assessment.rules import RuleParams
from opora.assessment.services import identification_approve, identification_run
from opora.registry.models import Person, School, SchoolImport
from opora.registry.services import schools_import
from tests.assessment.worlds import add_lists
from tests.factories import OrderFactory

TRIES = 5


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
        thread.join(timeout=120)
    return results


@pytest.fixture
def lists(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    add_lists(world)
    return world


def new_draft(world) -> Identification:
    return identification_run(campaign=world.campaign, year=2025, params=RuleParams(), user=world.users["operator"])


def new_order(world, number: str):
    return OrderFactory(issuer=world.order.issuer, number=number, title="Об утверждении перечня ШНОР")


def approved(world) -> list[int]:
    return list(
        Identification.objects.filter(campaign=world.campaign, status=Identification.Status.APPROVED).values_list(
            "pk", flat=True
        )
    )


# -- approval --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_database_refuses_a_second_approved_list_of_a_campaign(lists):
    with pytest.raises(IntegrityError), transaction.atomic():
        Identification.objects.filter(pk=lists.draft.pk).update(status=Identification.Status.APPROVED)
    assert approved(lists) == [lists.approved.pk]


@pytest.mark.django_db(transaction=True)
def test_the_same_draft_approved_twice_at_once_is_approved_once(lists, postgres_only):
    operator = lists.users["operator"]
    for attempt in range(TRIES):
        draft, order = new_draft(lists), new_order(lists, f"50-{attempt}")
        previous = approved(lists)
        results = at_once(
            *[
                lambda draft=draft, order=order: identification_approve(
                    identification=Identification.objects.get(pk=draft.pk), order=order, user=operator
                )
            ]
            * 2
        )
        refusals = [r for r in results if isinstance(r, ValidationError)]
        assert len(refusals) == 1 and sum(isinstance(r, Identification) for r in results) == 1, results
        assert refusals[0].messages == ["Перечень уже утверждён приказом; для изменений выполните новый расчёт."]
        assert approved(lists) == [draft.pk]
        assert Identification.objects.get(pk=previous[0]).status == Identification.Status.SUPERSEDED


@pytest.mark.django_db(transaction=True)
def test_two_drafts_of_one_campaign_approved_at_once_leave_one_list_in_force(lists, postgres_only):
    operator = lists.users["operator"]
    for attempt in range(TRIES):
        first, second = new_draft(lists), new_draft(lists)
        orders = new_order(lists, f"60-{attempt}"), new_order(lists, f"61-{attempt}")
        in_force = approved(lists)[0]
        results = at_once(
            *[
                lambda draft=draft, order=order, in_force=in_force: identification_approve(
                    identification=Identification.objects.get(pk=draft.pk),
                    order=order,
                    user=operator,
                    replacing=in_force,
                )
                for draft, order in zip((first, second), orders, strict=True)
            ]
        )
        winners = [r for r in results if isinstance(r, Identification)]
        refusals = [r for r in results if isinstance(r, ValidationError)]
        assert len(winners) == 1 and len(refusals) == 1, results
        assert refusals[0].messages == [
            "Пока вы подтверждали, утверждённый перечень кампании изменился. Проверьте замену ещё раз."
        ]
        assert approved(lists) == [winners[0].pk]
        loser = first if winners[0].pk == second.pk else second
        loser.refresh_from_db()
        assert loser.status == Identification.Status.DRAFT and loser.order_id is None and loser.approved_at is None
        assert Identification.objects.get(pk=in_force).status == Identification.Status.SUPERSEDED


@pytest.mark.django_db(transaction=True)
def test_two_drafts_approved_at_once_without_a_confirmed_replacement_still_leave_one_list(lists, postgres_only):
    """Scripts approve «whatever is in force» (replacing=ANY): both may pass in turn, never both at once."""
    operator = lists.users["operator"]
    for attempt in range(TRIES):
        first, second = new_draft(lists), new_draft(lists)
        orders = new_order(lists, f"70-{attempt}"), new_order(lists, f"71-{attempt}")
        at_once(
            *[
                lambda draft=draft, order=order: identification_approve(
                    identification=Identification.objects.get(pk=draft.pk), order=order, user=operator
                )
                for draft, order in zip((first, second), orders, strict=True)
            ]
        )
        assert len(approved(lists)) == 1


# -- appointments ----------------------------------------------------------------------------------


def appointment(world, **changes):
    fields = {
        "person": None,
        "new_person": {
            "last_name": "Петрова",
            "first_name": "Анна",
            "middle_name": "Сергеевна",
            "position": "Методист",
            "email": "petrova@example.ru",
        },
        "role": Role.CURATOR,
        "region": world.region,
        "schools": [world.school_a],
        "valid_from": datetime.date(2026, 1, 1),
        "created_by": world.users["operator"],
    }
    return accounts.appoint(**(fields | changes))


@pytest.mark.django_db
def test_an_appointment_sent_twice_makes_one_person_and_one_assignment(world):
    first, created = appointment(world)
    again, created_again = appointment(world)
    assert (created, created_again) == (True, False) and again.pk == first.pk
    assert Person.objects.filter(last_name="Петрова").count() == 1
    assert Assignment.objects.filter(person__last_name="Петрова").count() == 1
    # Another school is another appointment.
    other, created_other = appointment(world, person=first.person, new_person=None, schools=[world.school_c])
    assert created_other and other.pk != first.pk


@pytest.mark.django_db
def test_the_view_shows_the_existing_appointment_when_the_form_is_sent_again(world, client_as):
    from django.urls import reverse

    client = client_as(world.users["operator"])
    form = {
        "region": world.region.pk,
        "last_name": "Петрова",
        "first_name": "Анна",
        "role": Role.CURATOR,
        "school_logins": world.school_a.fis_oko_login,
        "valid_from": "2026-01-01",
    }
    client.post(reverse("accounts:assignment_create"), form)
    response = client.post(reverse("accounts:assignment_create"), form, follow=True)
    assert "Это назначение уже сохранено" in response.content.decode()
    assert "Второе такое же не создано." in response.content.decode()
    assert Person.objects.filter(last_name="Петрова").count() == 1
    assert Assignment.objects.filter(person__last_name="Петрова").count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_appointment_double_submitted_at_once_makes_one_person(world, postgres_only):
    for attempt in range(TRIES):
        new_person = {
            "last_name": f"Петрова{attempt}",
            "first_name": "Анна",
            "middle_name": "",
            "position": "",
            "email": "",
        }
        results = at_once(*[lambda new_person=new_person: appointment(world, new_person=new_person)] * 2)
        assert sorted(created for _assignment, created in results) == [False, True], results
        assert results[0][0].pk == results[1][0].pk
        assert Person.objects.filter(last_name=f"Петрова{attempt}").count() == 1
        assert Assignment.objects.filter(person__last_name=f"Петрова{attempt}").count() == 1


# -- school imports --------------------------------------------------------------------------------

SCHOOL_FILE = (
    "Логин ОО;Наименование ОО;Муниципалитет;Тип;Сельская\r\n"
    "sch42{n:04d};МБОУ «СОШ № {n}»;Северный район;СОШ;нет\r\n"
    "sch43{n:04d};МБОУ «Гимназия № {n}»;Южный район;гимназия;нет\r\n"
)


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_new_school_at_once_both_finish_without_a_server_error(
    world, settings, tmp_path, postgres_only
):
    settings.MEDIA_ROOT = tmp_path
    operator = world.users["operator"]
    for attempt in range(TRIES):
        n = 7000 + attempt
        content = SCHOOL_FILE.format(n=n).encode()
        results = at_once(
            *[
                lambda content=content: schools_import(
                    region=world.region, upload=SimpleUploadedFile("schools.csv", content), user=operator
                )
            ]
            * 2
        )
        assert all(isinstance(r, SchoolImport) for r in results), results
        statuses = sorted(r.status for r in results)
        # The later one either updated the schools the other had just added, or was told why not.
        assert statuses in (["succeeded", "succeeded"], ["failed", "succeeded"]), results
        for record in results:
            if record.status == "failed":
                assert record.errors[0].startswith("Пока файл обрабатывался, эти же школы добавила другая загрузка")
        assert School.objects.filter(fis_oko_login__in=[f"sch42{n:04d}", f"sch43{n:04d}"]).count() == 2
        assert not SchoolImport.objects.filter(status=SchoolImport.Status.RECEIVED).exists()
