"""Participant surveys: answering once while open and only in the audience, response rates by role and
municipality, results (from three responses on) as charts and XLSX, forms in the diagnostics engine."""

from __future__ import annotations

import datetime
import io
import json

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from opora.accounts.models import Role
from opora.diagnostics.answers import read_answers
from opora.diagnostics.models import Purpose, Questionnaire
from opora.surveys import selectors
from opora.surveys.models import Participation, SurveyAnswer, SurveyResponse
from opora.surveys.services import AnswerRefused, answer_save
from tests.factories import UserFactory, assign

from .worlds import full_answers, wave_of

NOON = datetime.datetime(2026, 11, 16, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOON, tick=False):
        yield


def _answer(client_as, user, wave, data=None):
    return client_as(user).post(reverse("surveys:answer", args=[wave.pk]), data or full_answers())


def _read(wave, data):
    questions = list(wave.form.questions.prefetch_related("options"))
    return read_answers(questions, {k: v if isinstance(v, list) else [v] for k, v in data.items()})


def test_a_director_answers_once_and_answering_again_is_refused(world, client_as):
    wave = wave_of(world)
    director = world.users["director_a"]
    page = client_as(director).get(reverse("surveys:answer", args=[wave.pk]))
    assert "Насколько полезны для вас вебинары программы?" in page.content.decode()
    response = _answer(client_as, director, wave)
    assert response.status_code == 302
    again = client_as(director).post(reverse("surveys:answer", args=[wave.pk]), full_answers(), follow=True)
    assert "Вы уже ответили на опрос «Опрос 1»: ответить можно один раз." in again.content.decode()
    assert Participation.objects.filter(wave=wave).count() == 1
    assert SurveyResponse.objects.filter(wave=wave).count() == 1
    assert selectors.response_rate(wave) == (1, 4)


def test_two_submits_at_once_leave_one_response_and_a_clear_message(world):
    """The view's check passed for both; the database's one-per-wave constraint refuses the second."""
    wave = wave_of(world)
    director = world.users["director_a"]
    read = _read(wave, full_answers())
    answer_save(wave=wave, user=director, read=read)
    with pytest.raises(AnswerRefused, match="Вы уже ответили на опрос «Опрос 1»"):
        answer_save(wave=wave, user=director, read=read)
    assert (Participation.objects.count(), SurveyResponse.objects.count()) == (1, 1)
    assert SurveyAnswer.objects.count() == 6  # role, three scales, one need, the comment


def test_a_closed_wave_and_a_bad_answer_take_nothing(world, client_as):
    closed = wave_of(world, "Опрос 0", days=(-20, -10))
    response = _answer(client_as, world.users["director_a"], closed)
    assert response.status_code == 422
    assert "сейчас ответить нельзя" in response.content.decode()
    open_wave = wave_of(world)
    response = _answer(client_as, world.users["director_a"], open_wave, {"role": "school", "webinars": "9"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Число от 1 до 5" in body and "Нужен ответ" in body
    assert not Participation.objects.exists() and not SurveyResponse.objects.exists()


def test_people_outside_the_audience_and_another_region_learn_nothing(world, client_as):
    wave = wave_of(world, "Опрос для кураторов", roles=[Role.CURATOR])
    for persona in ("director_a", "operator", "operator_r2"):
        response = client_as(world.users[persona]).get(reverse("surveys:answer", args=[wave.pk]))
        assert response.status_code == 404
        assert "Опрос для кураторов" not in response.content.decode()
    stranger = client_as(world.users["operator_r2"])
    assert "Опрос для кураторов" not in stranger.get(reverse("surveys:home")).content.decode()
    assert stranger.get(reverse("surveys:wave", args=[wave.pk])).status_code == 404
    assert "Опрос для кураторов" in client_as(world.users["curator_a"]).get(reverse("surveys:home")).content.decode()
    with pytest.raises(AnswerRefused, match="адресован другим"):
        answer_save(wave=wave, user=world.users["director_a"], read=_read(wave, full_answers()))


def test_response_rates_by_role_and_municipality(world):
    wave = wave_of(world)
    for persona in ("director_a", "director_b"):
        answer_save(wave=wave, user=world.users[persona], read=_read(wave, full_answers()))
    # Asked: the municipal coordinator of M, the curator and the director of A (M), the director of B (M2).
    assert selectors.response_rate(wave) == (2, 4)
    assert selectors.response_rate(wave, municipality=world.m) == (1, 3)
    assert selectors.response_rate(wave, municipality=world.m2) == (1, 1)
    assert selectors.response_rate(wave, role=Role.SCHOOL_TEAM) == (2, 2)
    assert selectors.response_rate(wave, role=Role.CURATOR) == (0, 1)
    assert set(selectors.answered_people(wave)) == {world.users[p].person for p in ("director_a", "director_b")}
    only_m2 = wave_of(world, "Опрос Южного района")
    only_m2.municipalities.set([world.m2])
    assert selectors.response_rate(only_m2) == (0, 1)
    assert [w.title for w in selectors.waves_for(world.users["director_a"])] == ["Опрос 1"]


def _crowd(world, wave, n: int):
    """n more school teams of school A who answer the wave."""
    for i in range(n):
        user = UserFactory(email=f"team{i}@example.ru", person__region=world.region)
        assign(user, Role.SCHOOL_TEAM, region=world.region, schools=[world.school_a])
        answer_save(
            wave=wave,
            user=user,
            read=_read(wave, full_answers() | {"visits": str(1 + i % 5), "comment": f'=HYPERLINK("x") {i}'}),
        )


def test_the_region_sees_rates_and_charts_with_bounded_queries(world, client_as, django_assert_max_num_queries):
    wave = wave_of(world)
    operator = client_as(world.users["operator"])
    answer_save(wave=wave, user=world.users["director_a"], read=_read(wave, full_answers()))
    few = operator.get(reverse("surveys:wave", args=[wave.pk])).content.decode()
    assert "Результаты показываются, когда ответов не меньше 3" in few
    assert "Всё хорошо" not in few
    _crowd(world, wave, 6)
    with django_assert_max_num_queries(24):
        page = operator.get(reverse("surveys:wave", args=[wave.pk]))
    body = page.content.decode()
    assert "Ответили <strong>7</strong> из 10" in body
    rates = page.context["rates"]
    assert [(r.label, r.answered, r.audience) for r in rates.by_role] == [
        ("Куратор", 0, 1),
        ("Управленческая команда школы", 7, 8),
        ("Муниципальный координатор", 0, 1),
    ]
    assert [(r.label, r.answered, r.audience) for r in rates.by_municipality] == [
        ("Северный район", 7, 9),
        ("Южный район", 0, 1),
    ]
    assert 'data-chart="bar"' in body and 'id="roles-data"' in body and "<script>" not in body
    assert "Всё хорошо" in body
    assert "Насколько полезны выезды куратора в школу?" in body
    # The coordinator reads the results too; a municipal coordinator and a director may not.
    assert client_as(world.users["coordinator"]).get(reverse("surveys:wave", args=[wave.pk])).status_code == 200
    assert client_as(world.users["municipal"]).get(reverse("surveys:wave", args=[wave.pk])).status_code == 403


def test_the_xlsx_has_the_rates_and_the_answers_and_runs_nothing(world, client_as):
    wave = wave_of(world)
    _crowd(world, wave, 3)
    response = client_as(world.users["operator"]).get(reverse("surveys:wave_xlsx", args=[wave.pk]))
    book = load_workbook(io.BytesIO(response.content))
    rates = [row for row in book["Охват"].iter_rows(values_only=True)]
    assert rates[1] == ("Все", 7, 3, 42.9)
    assert ("Северный район", 6, 3, 50.0) in rates
    answers = [row for row in book["Ответы"].iter_rows(values_only=True)]
    assert ("visits. Насколько полезны выезды куратора в школу?", 3, 2.0) in answers
    texts = book["Тексты"]
    assert texts["B2"].value.startswith("=HYPERLINK") and texts["B2"].data_type == "s"
    assert not any("@" in str(c) for row in rates + answers for c in row if c), "no person is named"


def test_the_home_page_block_lists_the_surveys_waiting(world, client_as, django_assert_max_num_queries):
    wave = wave_of(world)
    for n in range(4):
        wave_of(world, f"Опрос {n + 2}")
    director = client_as(world.users["director_a"])
    with django_assert_max_num_queries(16):
        page = director.get(reverse("surveys:home"))
    assert page.content.decode().count("Ответить") == 5
    template = Template("{% load surveys %}{% surveys_waiting %}")
    request = RequestFactory().get("/")
    request.user = world.users["director_a"]
    assert "Опрос 1" in template.render(Context({"request": request}))
    answer_save(wave=wave, user=world.users["director_a"], read=_read(wave, full_answers()))
    assert "Опрос 1" not in template.render(Context({"request": request}))
    request.user = world.users["operator"]
    assert "Опросы, ждущие ответа" not in template.render(Context({"request": request}))


def test_the_operator_creates_a_wave_and_imports_a_form(world, client_as):
    operator = client_as(world.users["operator"])
    data = {
        "campaign": world.campaign.pk,
        "title": "Опрос 2",
        "opens_on": "2026-11-20",
        "closes_on": "2026-11-10",
        "roles": [Role.CURATOR],
    }
    refused = operator.post(reverse("surveys:wave_create"), data)
    assert "Дата окончания раньше даты начала" in refused.content.decode()
    created = operator.post(reverse("surveys:wave_create"), data | {"closes_on": "2026-12-10"})
    wave = wave_of(world, "Опрос 2")
    assert created.status_code == 302 and wave.form.purpose == Purpose.SURVEY and wave.roles == ["curator"]
    exported = json.loads(operator.get(reverse("surveys:form_download", args=[wave.form_id])).content)
    exported["questionnaires"][0]["title"] = "Опрос школ о вебинарах"
    upload = io.BytesIO(json.dumps(exported).encode())
    upload.name = "form.json"
    assert (
        operator.post(reverse("surveys:form_import"), {"campaign": world.campaign.pk, "file": upload}).status_code
        == 302
    )
    imported = Questionnaire.every.get(title="Опрос школ о вебинарах")
    assert imported.questions.count() == 6 and imported.purpose == Purpose.SURVEY
    # The diagnostics pages never see participant survey forms.
    assert not Questionnaire.objects.filter(pk__in=[imported.pk, wave.form_id]).exists()
    assert not world.campaign.questionnaires.filter(purpose=Purpose.SURVEY).exists()
    bad = io.BytesIO(b'{"format": "opora-questionnaires", "questionnaires": [{"title": "X", "questions": [{}]}]}')
    bad.name = "bad.json"
    response = operator.post(reverse("surveys:form_import"), {"campaign": world.campaign.pk, "file": bad})
    assert response.status_code == 422 and "Вопрос 1: нет кода вопроса" in response.content.decode()


def test_the_operator_extends_a_wave_and_the_coordinator_may_not(world, client_as):
    wave = wave_of(world, "Опрос 0", days=(-20, -10))
    data = {"title": "Опрос 0", "opens_on": "2026-10-27", "closes_on": "2026-11-30", "roles": [Role.SCHOOL_TEAM]}
    refused = client_as(world.users["coordinator"]).post(reverse("surveys:wave_change", args=[wave.pk]), data)
    assert refused.status_code == 403 and "изменять волну опроса" in refused.content.decode()
    assert (
        client_as(world.users["operator"]).post(reverse("surveys:wave_change", args=[wave.pk]), data).status_code == 302
    )
    wave.refresh_from_db()
    assert wave.closes_on == datetime.date(2026, 11, 30) and wave.roles == ["school_team"]
    assert [w.title for w in selectors.waves_for(world.users["director_b"])] == ["Опрос 0"]
    assert selectors.waves_for(world.users["curator_a"]) == []
