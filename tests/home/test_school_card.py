"""The school card: one page with the school's whole situation, for everyone who may see the school."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opora.accounts.models import Assignment
from opora.assessment.models import Identification, ListedSchool, SchoolResult
from opora.diagnostics.models import RiskProfile
from opora.monitoring.models import Recommendation, Visit
from opora.programs.models import DocumentKind, SchoolDocument
from opora.reports.models import StageReport
from opora.roadmaps.models import Item, ItemReport, MonitoringStage, Roadmap
from tests.factories import CampaignFactory, OrderFactory, Role, UserFactory, assign

from .worlds import MAY_2026, add_school_history


@pytest.fixture
def card_world(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(MAY_2026, tick=False):
        add_school_history(world)
        yield world


def text(page: str) -> str:
    """What the reader sees: the page without its tags and with single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def card(client_as, user, school):
    return client_as(user).get(reverse("home:school", args=[school.pk]))


def test_the_director_sees_their_schools_whole_situation_and_each_part_links_to_its_page(card_world, client_as):
    w = card_world
    with time_machine.travel(MAY_2026, tick=False):
        response = card(client_as, w.users["director_a"], w.school_a)
    assert response.status_code == 200
    page = response.content.decode()
    # The list: listed in 2026 by the order of 27-р, with its markers and criteria.
    assert "2026: в перечне" in page and "приказом" in page and "№ 27-р" in page
    assert "Маркеры: 2025 — ВПР 5 РУ, ОГЭ МА" in page and "маркеры по двум и более процедурам" in page
    assert reverse("assessment:identification", args=[w.approved.pk]) in page
    # The curator and the team with the order that appointed them.
    curator = w.users["curator_a"].person
    assert curator.full_name in page and "№ 112-р" in page
    # Results: the chart's data and the table, a link to all results.
    assert 'id="card-datasets"' in page and "ВПР 5 РУ" in page
    assert reverse("assessment:school_results", args=[w.school_a.pk]) in page
    # The risk profile: verified, two high factors, the activated directions.
    profile = RiskProfile.objects.get(school=w.school_a)
    assert "проверен" in page and w.high_factor.name in page and profile.get_absolute_url() in page
    assert all(f.name in page for f in w.factors_a)
    # Documents and their statuses.
    assert "ОДОБРЕНО" in page and "на доработку" in page and "на проверке" in page
    assert reverse("programs:school", args=[w.school_a.pk]) in page
    # The roadmap: its execution and the overdue item (due 15 March, not done by May).
    assert w.roadmap_a.get_absolute_url() in page and "Самодиагностика" in page
    assert "0 % выполнено (0 из 1) 1 мероприятие просрочено" in text(page)
    # Visits: the last one in March, a gap over the norm by May, its open recommendation.
    assert "06.03.2026" in page and "без визита (норма — 28)" in page and "Ввести разноуровневые задания" in page
    assert reverse("monitoring:school_visits", args=[w.school_a.pk]) in page
    # Reports: the school's team sees the submitted one, not the curator's draft.
    assert w.report_submitted_a.get_absolute_url() in page and w.report_draft_a.get_absolute_url() not in page
    # The director reports on their roadmap; they do not appoint people.
    assert "Отчитаться об исполнении" in page and "Назначить" not in page


def test_the_region_sees_the_same_card_with_its_own_buttons(card_world, client_as):
    w = card_world
    with time_machine.travel(MAY_2026, tick=False):
        page = card(client_as, w.users["operator"], w.school_a).content.decode()
        expert = card(client_as, w.users["expert"], w.school_a).content.decode()
    assert "№ 27-р" in page and "Самодиагностика" in page and "Назначить" in page
    assert "Отчитаться об исполнении" in page  # the region's team keeps the roadmaps of its schools
    assert w.report_draft_a.get_absolute_url() in page  # the region sees the curator's drafts too
    # The expert reads everything and acts on nothing here.
    assert "Самодиагностика" in expert
    for button in ("Назначить", "Отчитаться об исполнении", "Загрузить документы", "Проверить профиль"):
        assert button not in expert


def test_the_curator_plans_visits_and_writes_reports_from_the_card(card_world, client_as):
    w = card_world
    with time_machine.travel(MAY_2026, tick=False):
        page = card(client_as, w.users["curator_a"], w.school_a).content.decode()
        director = card(client_as, w.users["director_a"], w.school_a).content.decode()
    assert "Запланировать визит" in page and "Продолжить" in page and w.report_draft_a.get_absolute_url() in page
    assert "Запланировать визит" not in director and "Продолжить" not in director


def test_another_schools_director_and_another_region_get_404_and_learn_nothing(card_world, client_as):
    w = card_world
    for persona in ("director_b", "operator_r2"):
        response = card(client_as, w.users[persona], w.school_a)
        assert response.status_code == 404, persona
        body = response.content.decode()
        assert "СОШ № 1" not in body and "Самодиагностика" not in body and "27-р" not in body


def test_a_school_never_listed_says_so_and_a_listed_one_without_a_curator_is_flagged(card_world, client_as):
    w = card_world
    # B's curator left in April: B stays on the list with nobody.
    Assignment.objects.filter(person=w.curator_b.person).update(valid_to=datetime.date(2026, 4, 1))
    with time_machine.travel(MAY_2026, tick=False):
        other = card(client_as, w.users["operator"], w.school_c).content.decode()
        b = card(client_as, w.users["operator"], w.school_b).content.decode()
    assert "2026: в зоне риска" in other and "У школы нет своей дорожной карты на 2026 год" in other
    assert 'data-testid="listed-now"' not in other and 'data-testid="listed-now"' in b
    assert "Школа в перечне ШНОР 2026, но куратор не назначен." in b
    assert "по 01.04.2026 завершено" in text(b)


def test_the_old_school_address_shows_the_same_card(card_world, client_as):
    w = card_world
    with time_machine.travel(MAY_2026, tick=False):
        page = client_as(w.users["director_a"]).get(w.school_a.get_absolute_url()).content.decode()
    assert 'data-testid="card-roadmap"' in page and "№ 27-р" in page
    home = client_as(w.users["director_a"]).get(reverse("home:home")).content.decode()
    assert reverse("home:school", args=[w.school_a.pk]) in home


def _grow(w, n: int) -> None:
    """n more years of the school's history: campaigns with approved lists, results, past
    appointments, old roadmaps and stage reports; n more items (half of them done, all past), n
    documents and n visits with a recommendation each."""
    a = w.school_a
    base = 2025 - 2 * n - len(Identification.objects.filter(campaign__region=w.region))
    stage = MonitoringStage.for_campaign(w.campaign)[0]
    kind = DocumentKind.objects.filter(campaign=w.campaign, per="school", required=False).first()
    for k in range(n):
        year = base + k
        campaign = CampaignFactory(region=w.region, year=year)
        order = OrderFactory(issuer=w.order.issuer, number=f"{year}-р")
        run = Identification.objects.create(campaign=campaign, year=year - 1, status="approved", order=order)
        ListedSchool.objects.create(
            identification=run, school=a, markers={str(year - 1): ["vpr5_ru", "oge_ma"]}, rule_listed=True
        )
        SchoolResult.objects.create(school=a, year=year, procedure="vpr6_ma", participants=20, low_count=k)
        user = UserFactory(person__region=w.region)
        assign(
            user, Role.CURATOR, region=w.region, campaign=campaign, schools=[a], valid_to=datetime.date(year, 12, 31)
        )
        old = Roadmap.objects.create(campaign=campaign, level="school", school=a, title=f"План {year}", year=year)
        Item.objects.create(roadmap=old, position=1, action="Мероприятие", end=datetime.date(year, 5, 1))
        RiskProfile.objects.create(school=a, campaign=campaign)
        item = Item.objects.create(
            roadmap=w.roadmap_a, position=100 + k, number=f"9.{k}", action=f"Семинар {k}", end=datetime.date(2026, 4, 1)
        )
        if k % 2:
            ItemReport.objects.create(item=item, stage=stage, status="done")
        SchoolDocument.objects.create(school=a, campaign=w.campaign, kind=kind, title=f"Положение {year}")
        curator = w.users["curator_a"].person
        day = datetime.date(2026, 4, 1) + datetime.timedelta(days=k + 10 * n)
        visit = Visit.objects.create(
            school=a, campaign=w.campaign, curator=curator, status="held", planned_on=day, held_on=day
        )
        Recommendation.objects.create(visit=visit, number=1, text=f"Рекомендация {year}", deadline=day)
        old_stage = MonitoringStage.objects.create(
            campaign=campaign, number=1, title="Этап", due=datetime.date(year, 8, 15)
        )
        StageReport.objects.create(school=a, campaign=campaign, stage=old_stage, curator=curator, status="submitted")


def test_the_card_runs_the_same_number_of_queries_whatever_the_schools_history(
    card_world, client_as, django_assert_max_num_queries
):
    w = card_world
    client = client_as(w.users["director_a"])
    url = reverse("home:school", args=[w.school_a.pk])
    counts = []
    with time_machine.travel(MAY_2026, tick=False):
        for n in (3, 6):
            _grow(w, n)
            client.get(url)  # the first request of a session also saves the session
            with CaptureQueriesContext(connection) as queries:
                page = client.get(url).content.decode()
            counts.append(len(queries))
        assert "Семинар 4" in page and "План" in page and "Рекомендация" in page
        with django_assert_max_num_queries(45):
            client.get(url)
    assert counts[0] == counts[1], counts
