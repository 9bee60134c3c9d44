import datetime
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from opora.accounts.demo import LOGINS, PASSWORD
from opora.accounts.models import Assignment, User
from opora.registry.models import Municipality, School

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")


@pytest.fixture(scope="class")
def demo_loaded_once(django_db_setup, django_db_blocker):
    """The demo loaded once for the tests of a class that only read it (as Django's setUpTestData):
    each test runs in its own savepoint inside this transaction, rolled back when the class is done."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("demo", stdout=open("/dev/null", "w"))
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_loaded_once, db):
    return None


FOREIGN_PLACES = ["Акш", "Забайкал", "Карпинск", "Свердлов", "Ленинск", "Кузнец", "Кузбас", "Кемеров", "Улача"]


class TestTheDemoLoadedOnce:
    """What a newcomer sees in the demo: tests that only read it share one load."""

    def test_demo_region_has_about_350_schools_in_12_municipalities(self, demo):
        assert Municipality.objects.filter(region__name="Демо-область").count() == 12
        assert 330 <= School.objects.count() <= 370
        assert School.objects.filter(fis_oko_login__regex=r"^sch\d{6}$").count() == School.objects.count()

    def test_loading_the_demo_twice_changes_nothing(self, demo):
        counts = (School.objects.count(), Assignment.objects.count(), User.objects.count())
        call_command("demo", stdout=open("/dev/null", "w"))
        assert (School.objects.count(), Assignment.objects.count(), User.objects.count()) == counts

    @pytest.mark.parametrize(("email", "label"), LOGINS)
    def test_every_demo_login_lands_on_its_own_home_page(self, demo, client, email, label):
        response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD}, follow=True)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Здравствуйте" in body
        if "администратор" not in label:
            role = {
                "региональный оператор": "Региональный оператор",
                "куратор двух школ": "Куратор",
                "директор школы (управленческая команда)": "Управленческая команда школы",
            }.get(label)
            assert (role or label.split(" (")[0].capitalize()) in body

    def test_curator_sees_exactly_two_schools(self, demo, client):
        client.post(reverse("accounts:login"), {"username": "curator@demo.opora.ru", "password": PASSWORD})
        response = client.get(reverse("registry:schools"))
        assert response.context["page"].paginator.count == 2

    def test_the_demo_roadmaps_name_only_the_demo_regions_places(self, demo, client):
        _sign_in(client, "operator@demo.opora.ru")
        page = list(client.get(reverse("roadmaps:list")).context["page"])
        # The region's and three municipalities' (imported from real orders); the schools' own follow.
        roadmaps = [r for r in page if r.level != "school"]
        assert len(roadmaps) == 4
        school_roadmap = next(r for r in page if r.level == "school")
        text = client.get(school_roadmap.get_absolute_url()).content.decode()
        assert "Демо-области" in text and [name for name in FOREIGN_PLACES if name in text] == []
        for roadmap in roadmaps:
            for page in (roadmap.get_absolute_url(), reverse("roadmaps:source", args=[roadmap.pk])):
                response = client.get(page)
                text = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
                assert "Демо-области" in text or roadmap.municipality.name[:5] in text, page
                assert [name for name in FOREIGN_PLACES if name in text] == [], page

    def test_the_demo_curators_inbox_has_messages_to_act_on(self, demo, client):
        _sign_in(client, "curator@demo.opora.ru")
        page = client.get(reverse("notifications:inbox")).content.decode()
        assert "Ждёт вашей проверки" in page
        assert 'data-testid="inbox-count"' in page  # the unread count in the navbar

    def test_the_demo_directors_card_shows_their_roadmap_with_an_overdue_item(self, demo, client):
        home = _sign_in(client, "director@demo.opora.ru")
        [school] = home.context["schools"]
        card = client.get(reverse("home:school", args=[school.pk]))
        plan = card.context["card"].plan
        assert plan.roadmap.status == "approved" and plan.roadmap.school == school
        assert plan.total > 10 and 0 < plan.done < plan.total and plan.overdue_count >= 1
        body = card.content.decode()
        assert plan.roadmap.get_absolute_url() in body and plan.overdue[0].action in body
        assert "Отчитаться об исполнении" in body

    def test_the_demo_curator_has_stage_reports_submitted_and_drafted(self, demo, client):
        _sign_in(client, "curator@demo.opora.ru")
        rows = client.get(reverse("reports:home")).context["rows"]
        statuses = [report.status if report else "" for _school, cells in rows for _stage, report in cells]
        assert "submitted" in statuses and "draft" in statuses
        submitted = next(r for _s, cells in rows for _st, r in cells if r and r.status == "submitted")
        assert submitted.facts["general"]["school"] and client.get(submitted.get_absolute_url()).status_code == 200
        _sign_in(client, "operator@demo.opora.ru")
        counts = client.get(reverse("reports:overview") + "?stage=" + str(submitted.stage_id)).context["counts"]
        assert counts["schools"] > 20 and 0 < counts["submitted"] < counts["schools"]

    def test_the_demo_curator_has_visits_a_gap_and_recommendations_in_every_state(self, demo, client):
        from opora.monitoring.models import Recommendation

        _sign_in(client, "curator@demo.opora.ru")
        plan = client.get(reverse("monitoring:visits"))
        rows = plan.context["rows"]
        assert len(rows) == 2 and any(row.last_visit for row in rows)
        assert any(row.gap_days for row in rows) and any(not row.gap_days for row in rows)
        assert plan.context["weeks"]  # a visit planned within days
        recs = Recommendation.objects.filter(visit__school__in=[row.school for row in rows])
        states = {(r.status, bool(r.returned_comment)) for r in recs}
        assert {("open", False), ("open", True), ("done", False), ("confirmed", False)} <= states
        visit = recs.filter(status="done").first().visit
        assert "Выполнено, материалы в протоколе ШМО" in client.get(visit.get_absolute_url()).content.decode()

    def test_the_demo_region_page_lists_schools_whose_public_pages_show_approved_material(self, demo, client):
        from opora.public.models import SchoolPage

        region = client.get("/500plus/demo-oblast/")
        assert region.status_code == 200 and len(region.context["rows"]) == 3
        _page, url, _years = region.context["rows"][0]
        page = client.get(url)
        assert page.status_code == 200 and page.context["documents"] and page.context["sections"]
        assert all(p.document.status == "approved" for p in page.context["documents"])
        first = page.context["documents"][0]
        assert client.get(f"{url}files/{first.slug}/").status_code == 200
        blocked = SchoolPage.objects.get(blocked=True)
        assert blocked.block_reason and blocked.school.short_name not in region.content.decode()

    def test_the_region_sees_the_demos_mismatches_and_each_curators_workload(self, demo, client):
        # The demo appoints a curator to every two supported schools, not to the listed ones: 18 of
        # the 51 listed schools have no curator and 15 curated schools are not listed.
        _sign_in(client, "operator@demo.opora.ru")
        mismatches = client.get(reverse("monitoring:mismatches"))
        assert {code: n for code, _label, n in mismatches.context["tabs"]} == {
            "unassigned": 18,
            "unlisted": 15,
            "own": 0,
        }
        assert "в перечне, но без куратора — 18" in client.get(reverse("accounts:assignments")).content.decode()
        workload = client.get(reverse("monitoring:workload")).context
        assert workload["totals"]["curators"] == 28 and workload["totals"]["schools"] == 48
        assert workload["totals"]["gaps"] > 0

    def test_the_demo_survey_waits_for_the_curator_and_the_director_and_opros_1_has_answers(self, demo, client):
        for email in ("curator@demo.opora.ru", "director@demo.opora.ru", "municipal@demo.opora.ru"):
            body = _sign_in(client, email) and client.get(reverse("surveys:home")).content.decode()
            assert "Опрос 2" in body and "Ответить" in body, email
        _sign_in(client, "operator@demo.opora.ru")
        page = client.get(reverse("surveys:home"))
        first = next(w for w in page.context["page"] if w.title == "Опрос 1")
        rates = client.get(reverse("surveys:wave", args=[first.pk])).context["rates"]
        assert 0 < rates.total.answered < rates.total.audience
        assert len(rates.by_municipality) > 1

    def test_the_demo_events_have_attendance_with_absentees_materials_and_roadmap_items(self, demo, client):
        from opora.monitoring.events import audience_people
        from opora.monitoring.models import Event

        _sign_in(client, "operator@demo.opora.ru")
        page = client.get(reverse("monitoring:events")).context["page"]
        assert page.paginator.count == 5 and {e.kind.name for e in page} >= {"вебинар", "селекторное совещание"}
        held = Event.objects.get(title__startswith="Вебинар для кураторов")
        invited = audience_people(held).count()
        assert 0 < held.attendance.filter(person__isnull=False).count() < invited
        body = client.get(held.get_absolute_url()).content.decode()
        assert "Запись вебинара" in body and "Вебинары для управленческих команд" in body
        _sign_in(client, "municipal@demo.opora.ru")
        assert client.get(reverse("monitoring:events")).context["page"].paginator.count == 5

    def test_the_demo_summary_shows_the_seeded_indicators_and_the_municipality_sees_only_its_own(self, demo, client):
        _sign_in(client, "operator@demo.opora.ru")
        body = client.get(reverse("dashboards:region")).content.decode()
        assert "Доля ШНОР, в которых назначены кураторы" in body and "Доля исполненных мероприятий" in body
        _sign_in(client, "municipal@demo.opora.ru")
        municipal = client.get(reverse("dashboards:region"))
        assert municipal.status_code == 200 and "Доля ШНОР, в которых назначены кураторы" in municipal.content.decode()
        other = Municipality.objects.filter(region__name="Демо-область").exclude(name="Северный район").first()
        assert client.get(reverse("dashboards:municipality", args=[other.pk])).status_code == 404


# How many schools each persona sees, whatever the day the demo is loaded on.
PERSONAS = {
    "operator@demo.opora.ru": 338,
    "coordinator@demo.opora.ru": 338,
    "municipal@demo.opora.ru": 28,
    "curator@demo.opora.ru": 2,
    "director@demo.opora.ru": 1,
    "expert@demo.opora.ru": 338,
    "observer@demo.opora.ru": 338,
}
DAYS = [
    datetime.datetime(2026, 12, 2, 10, tzinfo=MOSCOW),
    datetime.datetime(2027, 1, 1, 9, tzinfo=MOSCOW),
    datetime.datetime(2027, 3, 15, 10, tzinfo=MOSCOW),
    datetime.datetime(2027, 10, 12, 10, tzinfo=MOSCOW),
    datetime.datetime(2028, 9, 1, 10, tzinfo=MOSCOW),
]


def _sign_in(client, email):
    client.logout()
    client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    return client.get(reverse("home:home"))


@pytest.mark.parametrize("day", DAYS, ids=lambda day: day.date().isoformat())
def test_the_demo_loaded_on_any_day_is_that_years_campaign_and_every_persona_sees_their_work(db, client, day):
    with time_machine.travel(day, tick=False):
        call_command("demo", stdout=open("/dev/null", "w"))
        for email, schools in PERSONAS.items():
            home = _sign_in(client, email)
            body = home.content.decode()
            [(region, campaign, school_count)] = home.context["region_rows"]
            assert (region.name, campaign.year, school_count) == ("Демо-область", day.year, schools), email
            assert f"перечень ШНОР {day.year}: приказ от " in body, email
            # The list was calculated before the order approving it, and the order is not from the future.
            identification = home.context["waiting"]["identification"]
            assert identification.run_at.date() < identification.order.date <= day.date()
        # «Мои мероприятия» of the municipal coordinator and the curator: something due within a
        # month and, once the year has run a fortnight, something overdue.
        today = day.date()
        for email in ("municipal@demo.opora.ru", "curator@demo.opora.ru"):
            _sign_in(client, email)
            mine = list(client.get(reverse("roadmaps:mine")).context["page"])
            assert any(item.end and today <= item.end <= today + datetime.timedelta(days=30) for item in mine), email
            if today > datetime.date(today.year, 1, 12):
                assert any(item.is_overdue for item in mine), email
        assert _sign_in(client, "operator@demo.opora.ru").context["waiting"]["overdue"] > 0


def test_a_demo_loaded_again_next_year_moves_everyone_to_the_new_campaign(db, client):
    with time_machine.travel(DAYS[0], tick=False):
        call_command("demo", stdout=open("/dev/null", "w"))
    with time_machine.travel(DAYS[2], tick=False):
        call_command("demo", stdout=open("/dev/null", "w"))
        home = _sign_in(client, "curator@demo.opora.ru")
        assert [a.campaign.year for a in home.context["assignments"]] == [2027]
        assert home.context["region_rows"][0][2] == 2
        assert "перечень ШНОР 2027: приказ от " in home.content.decode()
