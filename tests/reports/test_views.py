"""Stage reports over HTTP: the curator drafts from the facts, submits (facts frozen), the school
reads the submitted one, the region returns it; the lists and the overview of who has not submitted."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from docx import Document

from opora.monitoring.models import Recommendation, Visit
from opora.programs.models import SchoolDocument
from opora.reports.models import StageReport
from tests.assessment.worlds import add_lists
from tests.factories import SchoolFactory, UserFactory, assign
from tests.programs.access import make_document
from tests.programs.worlds import activate
from tests.roadmaps.worlds import add_roadmaps

from .worlds import make_report, stages

NOW = datetime.datetime(2026, 8, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def w(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        add_lists(world)
        add_roadmaps(world)
        activate(world.school_a, world.campaign)
        world.concept_a = make_document(world.campaign, world.school_a, "submitted")
        visit = Visit.objects.create(
            school=world.school_a,
            campaign=world.campaign,
            curator=world.users["curator_a"].person,
            status="held",
            planned_on=datetime.date(2026, 4, 14),
            held_on=datetime.date(2026, 4, 14),
            purpose="Посещение уроков русского языка в 5 классах",
            findings="Уроки проходят без дифференциации заданий",
        )
        Recommendation.objects.create(
            visit=visit, number=1, text="Разработать разноуровневые задания", deadline=datetime.date(2026, 5, 20)
        )
        later = Visit.objects.create(
            school=world.school_a,
            campaign=world.campaign,
            curator=world.users["curator_a"].person,
            status="held",
            planned_on=datetime.date(2026, 10, 6),
            held_on=datetime.date(2026, 10, 6),
        )
        Recommendation.objects.create(visit=later, number=1, text="Провести педагогический совет по итогам ВПР")
        yield world


def _write(w):
    return reverse("reports:write", args=[w.school_a.pk, stages(w)[0].pk])


def test_the_curator_drafts_from_the_facts_submits_and_the_facts_are_frozen(w, client_as):
    client = client_as(w.users["curator_a"])
    with time_machine.travel(NOW, tick=False):
        page = client.get(_write(w)).content.decode()
        # The facts the system knows, pre-filled: the visit, the document, the profile, the roadmap, the results.
        for fact in (
            "Уроки проходят без дифференциации",
            "Разработать разноуровневые задания",
            "Концепция",
            "на проверке",
            "Пониженный уровень качества",
            "Самодиагностика",
            "ВПР 5 РУ",
            "40,0",
        ):
            assert fact in page, fact
        assert "Провести педагогический совет" not in page  # given after the stage: the next report's
        saved = client.post(_write(w), {"revision": "", "note_visits": "Один визит в апреле.", "then": "save"})
        assert saved.status_code == 302
        report = StageReport.objects.get(school=w.school_a)
        assert report.status == "draft" and report.note_visits == "Один визит в апреле."
        refused = client.post(reverse("reports:submit", args=[report.pk]), {"revision": report.revision}, follow=True)
        assert "Заполните раздел «Выводы и рекомендации куратора»" in refused.content.decode()
        client.post(_write(w), {"revision": report.revision, "note_visits": "Один визит в апреле.",
                                "conclusions": "Школе нужна методическая помощь.", "then": "submit"})  # fmt: skip
        report.refresh_from_db()
        confirm = client.get(reverse("reports:submit", args=[report.pk])).content.decode()
        assert "нельзя изменить" in confirm
        done = client.post(reverse("reports:submit", args=[report.pk]), {"revision": report.revision})
        assert done.status_code == 302 and done["Location"] == report.get_absolute_url()
    report.refresh_from_db()
    assert report.status == "submitted" and report.submitted_by == w.users["curator_a"]
    assert report.changes.get().to_status == "submitted"
    # Later the document is approved: the submitted report still shows what was true at submission.
    SchoolDocument.objects.filter(pk=w.concept_a.pk).update(status="approved")
    shown = client.get(report.get_absolute_url()).content.decode()
    assert "на проверке" in shown and "Школе нужна методическая помощь." in shown
    assert client.post(_write(w), {"conclusions": "Иначе"}).status_code == 403
    assert client.get(_write(w))["Location"] == report.get_absolute_url()


def test_a_form_opened_before_another_save_does_not_overwrite_it(w, client_as):
    report = make_report(w, "A")
    client = client_as(w.users["curator_a"])
    response = client.post(_write(w), {"revision": report.revision - 1, "conclusions": "Старый текст"}, follow=True)
    assert "Ваш текст не сохранён" in response.content.decode()
    report.refresh_from_db()
    assert report.conclusions == "Выводы по школе A."


def test_the_school_reads_only_its_submitted_reports(w, client_as):
    draft = make_report(w, "A")
    submitted_b = make_report(w, "B", "submitted")
    director_a = client_as(w.users["director_a"])
    assert director_a.get(draft.get_absolute_url()).status_code == 404
    assert director_a.get(submitted_b.get_absolute_url()).status_code == 404
    make_report(w, "A", "submitted", stage_number=2)
    submitted_a = StageReport.objects.get(school=w.school_a, stage__number=2)
    listed = client_as(w.users["director_a"]).get(reverse("reports:home")).context["about_mine"]
    assert listed == [submitted_a]
    page = client_as(w.users["director_a"]).get(submitted_a.get_absolute_url()).content.decode()
    assert "Выводы по школе A." in page and "Редактировать" not in page and "Вернуть" not in page
    for persona in ("director_b", "operator_r2", "observer_m2"):
        assert client_as(w.users[persona]).get(reverse("reports:docx", args=[submitted_a.pk])).status_code == 404


def test_the_region_returns_a_report_with_a_reason_and_the_curator_writes_again(w, client_as):
    report = make_report(w, "A", "submitted")
    operator = client_as(w.users["operator"])
    empty = operator.post(reverse("reports:reopen", args=[report.pk]), {"reason": ""}, follow=True)
    assert "Укажите, почему отчёт возвращается куратору." in empty.content.decode()
    operator.post(reverse("reports:reopen", args=[report.pk]), {"reason": "Нет сведений о визитах за июль"})
    report.refresh_from_db()
    assert report.status == "draft" and report.facts == {}
    change = report.changes.first()
    assert change.comment == "Нет сведений о визитах за июль" and change.facts["general"]["short_name"]
    assert client_as(w.users["curator_a"]).post(_write(w), {"revision": report.revision, "conclusions": "Новые"})[
        "Location"
    ] == _write(w)


def test_the_docx_names_the_school_the_stage_and_holds_the_curators_text(w, client_as):
    report = make_report(w, "A", "submitted")
    response = client_as(w.users["municipal"]).get(reverse("reports:docx", args=[report.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "otchet-kuratora-sch420001-etap-1-2026.docx" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "ОТЧЁТ КУРАТОРА" in text and "Промежуточный мониторинг" in text
    assert "Выводы по школе A." in text and "Куратор" in cells


def test_the_curators_list_shows_their_schools_by_stage_in_bounded_queries(w, client_as, django_assert_max_num_queries):
    make_report(w, "A", "submitted")
    more = [SchoolFactory(municipality=w.m, short_name=f"МБОУ «Школа № {n}»") for n in range(30, 38)]
    w.users["curator_a"].person.assignments.get().schools.add(*more)
    client = client_as(w.users["curator_a"])
    with django_assert_max_num_queries(15):
        page = client.get(reverse("reports:home"))
    rows = page.context["rows"]
    assert rows[0][0] == w.school_a and len(rows) == 9
    assert w.school_b not in [school for school, _cells in rows]
    assert [(stage.number, report.status if report else None) for stage, report in rows[0][1]] == [
        (1, "submitted"),
        (2, None),
    ]


def test_the_overview_counts_who_has_not_submitted_and_filters_in_bounded_queries(
    w, client_as, django_assert_max_num_queries
):
    make_report(w, "B", "submitted")
    make_report(w, "A")
    curator_c = UserFactory(email="curator.c@example.ru", person__region=w.region, person__last_name="Васильева")
    extra = [SchoolFactory(municipality=w.m, short_name=f"МБОУ «СОШ № {n}»") for n in range(10, 22)]
    assign(curator_c, "curator", region=w.region, campaign=w.campaign, schools=[w.school_c, *extra])
    operator = client_as(w.users["operator"])
    with django_assert_max_num_queries(20):
        page = operator.get(reverse("reports:overview"))
    assert page.context["counts"] == {"schools": 15, "submitted": 1, "draft": 1, "none": 13}
    missing = operator.get(reverse("reports:overview") + f"?state=missing&municipality={w.m.pk}").context
    assert {school.pk for school, _c, _r in missing["rows"]} == {w.school_a.pk, w.school_c.pk, *(s.pk for s in extra)}
    municipal = client_as(w.users["municipal"]).get(reverse("reports:overview")).context
    assert w.school_b.pk not in {school.pk for school, _c, _r in municipal["rows"]}
    assert municipal["counts"]["schools"] == 14
    assert client_as(w.users["operator_r2"]).get(reverse("reports:overview")).context["counts"]["schools"] == 0
    names = {curator.last_name for _s, curator, _r in page.context["rows"]}
    assert "Борисова" in names


def test_the_school_card_reads_the_reports_the_user_may_see(w):
    from opora.reports.selectors import school_reports

    make_report(w, "A")
    make_report(w, "A", "submitted", stage_number=2)
    seen = {
        p: [r.stage.number for r in school_reports(user, w.school_a, w.campaign)] for p, user in w.users.items() if user
    }
    assert seen["curator_a"] == [1, 2] and seen["municipal"] == [1, 2] and seen["director_a"] == [2]
    assert seen["director_b"] == [] and seen["operator_r2"] == []
