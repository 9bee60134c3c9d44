"""Risk profiles in the database: answers to levels, the curator's changes, activation, templates."""

import json

import pytest
from django.core.exceptions import ValidationError

from opora.diagnostics.models import ActivatedFactor, FactorLevel, Group, Question, Questionnaire, RiskFactor
from opora.diagnostics.selectors import activated_factors
from opora.diagnostics.services import (
    factors_confirm,
    factors_propose,
    level_change,
    profile_compute,
    profile_verify,
)
from opora.diagnostics.template_file import TemplateFileError
from opora.diagnostics.templates_service import template_export, template_import

from .builders import PUPIL_BULLIED, answer, answered_school, seeded


def levels(profile):
    return {lv.factor.code: lv for lv in profile.levels.select_related("factor")}


def test_the_default_template_covers_every_factor_and_one_factor_draws_on_three_groups(world):
    seeded(world)
    assert Questionnaire.objects.filter(campaign=world.campaign).count() == 5
    for factor in RiskFactor.objects.filter(campaign=world.campaign):
        assert factor.scoring_items.exists(), factor
    groups = set(
        RiskFactor.objects.get(campaign=world.campaign, code="f07").scoring_items.values_list(
            "question__questionnaire__group", flat=True
        )
    )
    assert groups == {"pupils", "teachers", "parents"}


def test_answers_become_levels_with_the_items_and_shares_behind_them(world):
    profile = answered_school(world, world.school_a, pupils=(20, 10))
    by_code = levels(profile)
    assert len(by_code) == 11 and all(lv.computed != "insufficient" for lv in by_code.values())
    environment = by_code["f07"]
    bullied = next(i for i in environment.explanation["items"] if "травили" in i["label"] and "Часто" in i["label"])
    assert bullied["share"] == pytest.approx(20 / 30, abs=0.001) and bullied["answered"] == 30
    assert environment.score is not None and environment.computed in {"high", "medium", "low"}


def test_too_few_pupils_make_pupil_factors_insufficient_but_not_the_others(world):
    seeded(world)
    for _ in range(3):
        answer(world, world.school_a, Group.PUPILS, PUPIL_BULLIED)
    profile = answered_school(world, world.school_a, pupils=(0, 0))
    by_code = levels(profile)
    assert by_code["f09"].computed == "insufficient" and by_code["f09"].score is None
    assert by_code["f09"].explanation["short_groups"] == ["pupils"]
    assert by_code["f02"].computed != "insufficient"  # from the school's self-diagnosis and director


def test_the_curator_changes_a_level_with_a_reason_and_both_values_are_kept(world):
    profile = answered_school(world, world.school_a)
    level = levels(profile)["f02"]
    with pytest.raises(ValidationError):
        level_change(level=level, to="high", reason="  ", user=world.users["curator_a"])
    target = "low" if level.computed != "low" else "high"
    level_change(level=level, to=target, reason="Вакансии закрыты в сентябре", user=world.users["curator_a"])
    level = FactorLevel.objects.get(pk=level.pk)
    assert level.level == target and level.computed != target and level.change_reason
    profile_verify(profile=profile, user=world.users["curator_a"])
    with pytest.raises(ValidationError):
        profile_verify(profile=profile, user=world.users["curator_a"])
    # A verified profile is not recomputed by later answers.
    answer(world, world.school_a, Group.PUPILS, PUPIL_BULLIED)
    profile_compute(school=world.school_a, campaign=world.campaign)
    assert FactorLevel.objects.get(pk=level.pk).level == target


def test_the_school_proposes_directions_and_the_curator_confirms_them(world):
    profile = answered_school(world, world.school_a)
    factors = list(RiskFactor.objects.filter(campaign=world.campaign).order_by("position"))
    factors_propose(profile=profile, factors=factors[:4], user=world.users["director_a"])
    factors_propose(profile=profile, factors=factors[1:4], user=world.users["director_a"])  # withdraws the first
    with pytest.raises(ValidationError):
        factors_propose(profile=profile, factors=factors[:6], user=world.users["director_a"])
    proposed = list(ActivatedFactor.objects.filter(profile=profile))
    assert [a.factor.code for a in proposed] == ["f02", "f03", "f04"]
    assert not activated_factors(world.school_a, world.campaign).exists()
    factors_confirm(profile=profile, activations=proposed, user=world.users["curator_a"])
    assert [f.code for f in activated_factors(world.school_a, world.campaign)] == ["f02", "f03", "f04"]


def test_a_template_exported_and_imported_elsewhere_is_the_same_and_bad_files_name_every_problem(world):
    from tests.factories import CampaignFactory

    seeded(world)
    data = template_export(world.campaign)
    other = CampaignFactory(region=world.region, year=world.campaign.year + 1)
    from opora.diagnostics.catalogue import seed_catalogue

    seed_catalogue(other)
    template_import(campaign=other, data=data)
    assert template_export(other) == data
    assert (
        Question.objects.filter(questionnaire__campaign=other).count()
        == Question.objects.filter(questionnaire__campaign=world.campaign).count()
    )

    broken = json.loads(data)
    broken["questionnaires"][0]["questions"][0]["kind"] = "essay"
    broken["questionnaires"][1]["questions"][1]["scoring"][0]["factor"] = "f99"
    with pytest.raises(TemplateFileError) as caught:
        template_import(campaign=other, data=json.dumps(broken).encode())
    assert any("Анкета 1, вопрос 1: тип «essay»" in e for e in caught.value.errors)
    assert any("Анкета 2, вопрос 2: фактора «f99» нет" in e for e in caught.value.errors)
    with pytest.raises(TemplateFileError):
        template_import(campaign=other, data=b"\x89PNG not json")


def test_a_questionnaire_with_answers_is_not_replaced_by_an_import(world):
    seeded(world)
    answer(world, world.school_a, Group.PUPILS, PUPIL_BULLIED)
    with pytest.raises(TemplateFileError) as caught:
        template_import(campaign=world.campaign, data=template_export(world.campaign))
    assert "уже получила ответы" in caught.value.errors[0]
    assert Questionnaire.objects.filter(campaign=world.campaign).count() == 5
