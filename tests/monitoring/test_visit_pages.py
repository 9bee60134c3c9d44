"""The visit pages as the curator, the school and the region use them (client tests)."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opora.monitoring.models import Recommendation, RecommendationStatus, Visit, VisitAttachment, VisitStatus
from opora.registry.models import Person
from tests.monitoring.worlds import TODAY, add_visits
from tests.programs.worlds import PDF_BYTES


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 16, 9, 0), tick=False):
        yield


@pytest.fixture
def visits(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    add_visits(world)
    return world


def test_the_curator_sees_their_schools_with_the_last_visit_and_plans_one_in_a_click(visits, client_as):
    client = client_as(visits.users["curator_a"])
    page = client.get(reverse("monitoring:visits")).content.decode()
    assert "МБОУ «СОШ № 1»" in page and "06.03.2026" in page
    assert "Тохтор" not in page  # school B is someone else's
    response = client.post(
        reverse("monitoring:visit_plan", args=[visits.school_a.pk]),
        {"planned_on": "2026-03-25", "format": "on_site", "back": reverse("monitoring:visits")},
    )
    assert response.status_code == 302 and response["Location"] == reverse("monitoring:visits")
    visit = Visit.objects.get(planned_on=datetime.date(2026, 3, 25))
    assert visit.curator == visits.users["curator_a"].person and visit.status == VisitStatus.PLANNED


def test_the_region_sees_the_gap_flag_of_a_school_not_visited_for_40_days(visits, client_as):
    page = client_as(visits.users["operator"]).get(reverse("monitoring:visits")).content.decode()
    assert "40 дней без визита" in page and "Тохтор" in page
    flagged = client_as(visits.users["operator"]).get(reverse("monitoring:visits") + "?flagged=1").content.decode()
    table = flagged.split('data-testid="schools"')[1].split("Запланированные")[0]
    assert "Тохтор" in table and "МБОУ «СОШ № 1»" not in table


def test_the_municipality_sees_its_schools_only(visits, client_as):
    page = client_as(visits.users["municipal"]).get(reverse("monitoring:visits")).content.decode()
    assert "МБОУ «СОШ № 1»" in page and "Тохтор" not in page


def test_the_curator_records_a_visit_with_observations_recommendations_and_a_file(visits, client_as):
    teacher = Person.objects.create(
        region=visits.region, last_name="Петрова", first_name="Ольга", school=visits.school_a
    )
    client = client_as(visits.users["curator_a"])
    url = reverse("monitoring:visit_record", args=[visits.planned_a.pk])
    form = client.get(url).content.decode()
    assert "Петрова" in form and "посещение урока" in form
    data = {
        "held_on": "2026-03-16",
        "format": "remote",
        "participants": [teacher.pk],
        "other_participants": "Сидоров И.И., методист",
        "observations": ["lesson", "documents"],
        "findings": "Работа с низкими результатами ведётся.",
        "rec-TOTAL_FORMS": "2",
        "rec-INITIAL_FORMS": "0",
        "rec-0-text": "Провести диагностику читательской грамотности",
        "rec-0-deadline": "2026-04-10",
        "rec-0-actor_person": teacher.pk,
        "rec-1-text": "",
        "files": SimpleUploadedFile("protokol.pdf", PDF_BYTES, content_type="application/pdf"),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    visit = Visit.objects.get(pk=visits.planned_a.pk)
    assert visit.status == VisitStatus.HELD and visit.format == "remote"
    assert visit.observations == ["lesson", "documents"]
    assert list(visit.participants.all()) == [teacher]
    rec = visit.recommendations.get()
    assert rec.actor_person == teacher and rec.deadline == datetime.date(2026, 4, 10)
    attachment = visit.attachments.get()
    assert attachment.filetype == "pdf" and len(attachment.sha256) == 64
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "Провести диагностику читательской грамотности" in page and "посещение урока" in page
    download = client.get(reverse("monitoring:visit_attachment", args=[attachment.pk]))
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_add_a_row_keeps_what_was_typed(visits, client_as):
    client = client_as(visits.users["curator_a"])
    url = reverse("monitoring:visit_record", args=[visits.planned_a.pk])
    page = client.post(
        url,
        {
            "findings": "Набранный текст",
            "rec-TOTAL_FORMS": "1",
            "rec-INITIAL_FORMS": "0",
            "rec-0-text": "Первая",
            "more": "1",
        },
    ).content.decode()
    assert "Набранный текст" in page and "Первая" in page and 'name="rec-1-text"' in page
    assert Visit.objects.get(pk=visits.planned_a.pk).status == VisitStatus.PLANNED


def test_a_renamed_executable_is_refused_and_nothing_is_recorded(visits, client_as):
    client = client_as(visits.users["curator_a"])
    url = reverse("monitoring:visit_record", args=[visits.planned_a.pk])
    response = client.post(
        url,
        {
            "held_on": "2026-03-16",
            "format": "on_site",
            "rec-TOTAL_FORMS": "1",
            "rec-INITIAL_FORMS": "0",
            "rec-0-text": "Рекомендация",
            "files": SimpleUploadedFile("prikaz.pdf", b"MZ\x90\x00" + b"\x00" * 100),
        },
    )
    assert response.status_code == 200 and "prikaz.pdf" in response.content.decode()
    assert Visit.objects.get(pk=visits.planned_a.pk).status == VisitStatus.PLANNED
    assert not VisitAttachment.objects.exists() and not Recommendation.objects.filter(text="Рекомендация").exists()


def test_a_visit_cannot_be_recorded_before_its_day(visits, client_as):
    response = client_as(visits.users["curator_a"]).post(
        reverse("monitoring:visit_record", args=[visits.planned_a.pk]),
        {"held_on": "2026-03-20", "format": "on_site", "rec-TOTAL_FORMS": "0", "rec-INITIAL_FORMS": "0"},
    )
    assert "ещё не наступила" in response.content.decode()


def test_the_school_acknowledges_and_marks_done_then_the_curator_returns_and_confirms(visits, client_as):
    director = client_as(visits.users["director_a"])
    page = director.get(visits.visit_a.get_absolute_url()).content.decode()
    assert "С итогами визита ознакомлены" in page and "Подтвердить выполнение" not in page
    director.post(reverse("monitoring:visit_acknowledge", args=[visits.visit_a.pk]))
    visits.visit_a.refresh_from_db()
    assert visits.visit_a.acknowledged_by == visits.users["director_a"]
    director.post(reverse("monitoring:recommendation_done", args=[visits.rec_a.pk]), {"comment": "Задания введены"})
    visits.rec_a.refresh_from_db()
    assert visits.rec_a.status == RecommendationStatus.DONE and visits.rec_a.done_comment == "Задания введены"

    curator = client_as(visits.users["curator_a"])  # the same client, now as the curator
    refused = curator.post(reverse("monitoring:recommendation_confirm", args=[visits.rec_a.pk]), {"decision": "return"})
    assert refused.status_code == 302
    visits.rec_a.refresh_from_db()
    assert visits.rec_a.status == RecommendationStatus.DONE  # a return needs a comment
    curator.post(
        reverse("monitoring:recommendation_confirm", args=[visits.rec_a.pk]),
        {"decision": "return", "comment": "Нет заданий для 7-х классов"},
    )
    visits.rec_a.refresh_from_db()
    assert visits.rec_a.status == RecommendationStatus.OPEN
    director = client_as(visits.users["director_a"])  # one test client: log in again as each
    assert "Нет заданий для 7-х классов" in director.get(visits.visit_a.get_absolute_url()).content.decode()
    director.post(reverse("monitoring:recommendation_done", args=[visits.rec_a.pk]))
    curator = client_as(visits.users["curator_a"])
    curator.post(reverse("monitoring:recommendation_confirm", args=[visits.rec_a.pk]), {"decision": "confirm"})
    visits.rec_a.refresh_from_db()
    assert (
        visits.rec_a.status == RecommendationStatus.CONFIRMED and visits.rec_a.confirmed_by == visits.users["curator_a"]
    )
    assert [c.to_status for c in visits.rec_a.changes.order_by("at", "pk")] == ["done", "open", "done", "confirmed"]


def test_the_director_cannot_record_and_the_curator_cannot_mark_done(visits, client_as):
    director = client_as(visits.users["director_a"])
    assert director.get(reverse("monitoring:visit_record", args=[visits.planned_a.pk])).status_code == 403
    curator = client_as(visits.users["curator_a"])
    assert curator.post(reverse("monitoring:recommendation_done", args=[visits.rec_a.pk])).status_code == 403


def test_nobody_records_a_visit_to_a_school_they_are_not_curator_of(visits, client_as):
    # The curator of A sees nothing of school B: its visits are 404, planning there is 404.
    curator = client_as(visits.users["curator_a"])
    assert curator.get(visits.visit_b.get_absolute_url()).status_code == 404
    assert curator.get(reverse("monitoring:visit_record", args=[visits.visit_b.pk])).status_code == 404
    assert (
        curator.post(
            reverse("monitoring:visit_plan", args=[visits.school_b.pk]),
            {"planned_on": "2026-03-20", "format": "on_site"},
        ).status_code
        == 404
    )
    # The region's operator sees school B's visit but may not record it.
    operator = client_as(visits.users["operator"])
    assert "Тохтор: выводы визита" in operator.get(visits.visit_b.get_absolute_url()).content.decode()
    assert operator.get(reverse("monitoring:visit_record", args=[visits.visit_b.pk])).status_code == 403
    assert (
        operator.post(
            reverse("monitoring:visit_plan", args=[visits.school_a.pk]),
            {"planned_on": "2026-03-20", "format": "on_site"},
        ).status_code
        == 403
    )


def test_school_b_sees_nothing_of_school_a(visits, client_as):
    director_b = client_as(visits.users["director_b"])
    assert director_b.get(visits.visit_a.get_absolute_url()).status_code == 404
    assert director_b.get(reverse("monitoring:school_visits", args=[visits.school_a.pk])).status_code == 404
    page = director_b.get(reverse("monitoring:visits")).content.decode()
    assert "СОШ № 1" not in page and "Ввести разноуровневые" not in page
    own = director_b.get(reverse("monitoring:school_visits", args=[visits.school_b.pk])).content.decode()
    assert "Тохтор: рекомендация" in own


def test_the_school_list_shows_visits_and_open_recommendations(visits, client_as):
    page = client_as(visits.users["director_a"]).get(reverse("monitoring:school_visits", args=[visits.school_a.pk]))
    text = page.content.decode()
    assert "Ввести разноуровневые задания" in text and "Провести педсовет" in text
    assert "16.03.2026" in text  # the rec's deadline; today it is not yet overdue
    assert "18.03.2026" in text  # the planned visit


def test_pages_run_a_bounded_number_of_queries(visits, client_as, django_assert_max_num_queries):
    for day in range(12):
        v = Visit.objects.create(
            school=visits.school_a,
            campaign=visits.campaign,
            curator=visits.users["curator_a"].person,
            status="held",
            planned_on=TODAY - datetime.timedelta(days=day),
            held_on=TODAY - datetime.timedelta(days=day),
        )
        Recommendation.objects.create(visit=v, number=1, text=f"Рекомендация {day}")
        Visit.objects.create(
            school=visits.school_a,
            campaign=visits.campaign,
            curator=visits.users["curator_a"].person,
            planned_on=TODAY + datetime.timedelta(days=day),
        )
    for number in range(3, 15):
        Recommendation.objects.create(visit=visits.visit_a, number=number, text=f"Ещё {number}", status="done")
    for user in ("operator", "curator_a", "director_a"):
        client = client_as(visits.users[user])
        for url in (
            reverse("monitoring:visits"),
            reverse("monitoring:school_visits", args=[visits.school_a.pk]),
            visits.visit_a.get_absolute_url(),
        ):
            with django_assert_max_num_queries(20):
                assert client.get(url).status_code == 200


def test_the_region_sets_the_norm_and_the_flags_follow_it(visits, client_as):
    operator = client_as(visits.users["operator"])
    url = reverse("monitoring:visit_norm", args=[visits.campaign.pk])
    assert "изменить норму" in operator.get(reverse("monitoring:visits")).content.decode()
    assert "Не более 365 дней" in operator.post(url, {"visit_norm_days": "400"}).content.decode()
    operator.post(url, {"visit_norm_days": "7"})
    page = operator.get(reverse("monitoring:visits")).content.decode()
    assert "не реже раза в 7 дней" in page and "10 дней без визита" in page  # school A is flagged now
    curator = client_as(visits.users["curator_a"])
    assert "изменить норму" not in curator.get(reverse("monitoring:visits")).content.decode()
    assert curator.post(url, {"visit_norm_days": "60"}).status_code == 403


def test_a_curator_on_the_schools_own_team_neither_plans_nor_records_there(visits, client_as):
    from tests.factories import assign

    curator = visits.users["curator_a"]
    assign(curator, "school_team", region=visits.region, schools=[visits.school_a])
    client = client_as(curator)
    response = client.get(reverse("monitoring:visit_record", args=[visits.planned_a.pk]))
    assert response.status_code == 403 and "другой куратор" in response.content.decode()
    plan = {"planned_on": "2026-03-25", "format": "on_site"}
    assert client.post(reverse("monitoring:visit_plan", args=[visits.school_a.pk]), plan).status_code == 403
    assert not Visit.objects.filter(planned_on=datetime.date(2026, 3, 25)).exists()
