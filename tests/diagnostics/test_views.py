"""Pages of the risk profile: who sees what, the curator's verification, the school's own forms."""

import pytest
from django.urls import reverse

from opora.diagnostics.models import ActivatedFactor, FactorLevel, Group, Response, RiskFactor, RiskProfile

from .builders import answered_school
from .worlds import add_diagnostics


@pytest.fixture
def dx(world):
    add_diagnostics(world)
    return world


def test_the_profile_page_shows_levels_why_and_counts_in_bounded_queries(dx, client_as, django_assert_max_num_queries):
    answered_school(dx, dx.school_a, pupils=(15, 10))
    client = client_as(dx.users["director_a"])
    with django_assert_max_num_queries(30):
        page = client.get(reverse("diagnostics:profile", args=[dx.profile_a.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Пониженный уровень качества школьной образовательной и воспитательной среды" in text
    assert "За последний месяц тебя обижали или травили в школе? — «Часто»" in text  # the why
    assert 'data-testid="count-pupils"' in text and "Заполнить" not in text  # both own forms filled


def test_a_school_cannot_see_another_schools_profile_or_act_on_it(dx, client_as):
    client = client_as(dx.users["director_b"])
    for name in ("profile", "upload", "qr"):
        assert client.get(reverse(f"diagnostics:{name}", args=[dx.profile_a.pk])).status_code == 404
    assert client.get(reverse("diagnostics:fill", args=[dx.profile_a.pk, "self"])).status_code == 404
    assert client.post(reverse("diagnostics:link_replace", args=[dx.profile_a.pk])).status_code == 404
    index = client.get(reverse("diagnostics:index"), {"state": ""}).content.decode()
    assert str(dx.school_a) not in index


def test_a_curator_cannot_verify_a_school_not_theirs(dx, client_as):
    client = client_as(dx.users["curator_a"])
    assert client.post(reverse("diagnostics:verify", args=[dx.profile_b.pk])).status_code == 404
    assert RiskProfile.objects.get(pk=dx.profile_b.pk).state == "not_verified"
    assert client.post(reverse("diagnostics:verify", args=[dx.profile_a.pk])).status_code == 302
    assert RiskProfile.objects.get(pk=dx.profile_a.pk).is_verified


def test_the_director_fills_the_self_diagnosis_and_a_missing_answer_is_named(dx, client_as):
    client = client_as(dx.users["director_a"])
    url = reverse("diagnostics:fill", args=[dx.profile_a.pk, "self"])
    answers = {"s1": "40", "s2": "no", "s3": "10", "s4": "15", "s5": "60", "s6": "2", "s7": "6", "s8": "8"}
    page = client.post(url, answers)
    assert page.status_code == 200 and "Нужен ответ" in page.content.decode()  # s9 missing
    assert not Response.objects.filter(school=dx.school_a).exists()
    page = client.post(url, answers | {"s9": ["plan", "cons"], "s7": "999"})
    assert "Число от 0 до 20" in page.content.decode()
    assert client.post(url, answers | {"s9": ["plan", "cons"]}).status_code == 302
    assert client.post(url, answers | {"s9": ["none"]}).status_code == 302  # answering again replaces
    response = Response.objects.get(school=dx.school_a, questionnaire__group=Group.SELF)
    assert response.by == dx.users["director_a"] and response.answers.filter(option__code="none").exists()
    # Self-diagnosis alone gives the factors that draw only on it a level.
    levels = {lv.factor.code: lv.computed for lv in FactorLevel.objects.filter(profile=dx.profile_a)}
    assert levels["f11"] == "low" and levels["f07"] == "insufficient"


def test_the_curator_changes_a_level_with_a_reason_verifies_and_confirms_three(dx, client_as):
    answered_school(dx, dx.school_a)
    level = FactorLevel.objects.get(profile=dx.profile_a, factor__code="f02")
    curator = client_as(dx.users["curator_a"])
    curator.post(reverse("diagnostics:level_change", args=[level.pk]), {"level": "high", "reason": ""})
    assert FactorLevel.objects.get(pk=level.pk).changed == ""
    curator.post(reverse("diagnostics:level_change", args=[level.pk]), {"level": "high", "reason": "Две вакансии"})
    level.refresh_from_db()
    assert level.level == "high" and level.change_reason == "Две вакансии"
    curator.post(reverse("diagnostics:verify", args=[dx.profile_a.pk]))
    # Verified: the level can no longer be changed (403 with the rule's message).
    assert (
        curator.post(reverse("diagnostics:level_change", args=[level.pk]), {"level": "low", "reason": "x"}).status_code
        == 403
    )

    factors = RiskFactor.objects.filter(campaign=dx.campaign, code__in=["f02", "f07", "f09"])
    director = client_as(dx.users["director_a"])
    director.post(reverse("diagnostics:propose", args=[dx.profile_a.pk]), {"factor": [f.pk for f in factors]})
    ids = list(ActivatedFactor.objects.filter(profile=dx.profile_a).values_list("pk", flat=True))
    assert len(ids) == 3
    assert director.post(reverse("diagnostics:confirm", args=[dx.profile_a.pk]), {"activation": ids}).status_code == 403
    curator = client_as(dx.users["curator_a"])
    curator.post(reverse("diagnostics:confirm", args=[dx.profile_a.pk]), {"activation": ids})
    assert ActivatedFactor.objects.filter(profile=dx.profile_a, confirmed_at__isnull=False).count() == 3
