"""Operations on risk profiles: answers in, the profile computed, verified, factors activated."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from .answers import ReadAnswers
from .models import (
    ActivatedFactor,
    Answer,
    DiagnosticsSettings,
    FactorLevel,
    Group,
    Level,
    Questionnaire,
    Response,
    RiskFactor,
    RiskProfile,
    ScoringItem,
)
from .scoring import Item, Tally, score_profile

MAX_PROPOSED = 5


def response_save(*, questionnaire: Questionnaire, school, read: ReadAnswers, source: str, by=None) -> Response:
    """One respondent's answers, already read without errors (see `answers.read_answers`)."""
    if read.errors:
        raise ValidationError("В ответах есть ошибки")
    response = Response.objects.create(
        questionnaire=questionnaire,
        school=school,
        source=source,
        by=None if questionnaire.is_anonymous else by,
    )
    rows = [Answer(response=response, question_id=q, option_id=o) for q, ids in read.options.items() for o in ids]
    rows += [Answer(response=response, question_id=q, value=v) for q, v in read.numbers.items()]
    rows += [Answer(response=response, question_id=q, text=t) for q, t in read.texts.items()]
    Answer.objects.bulk_create(rows)
    return response


def tally_of(school, campaign) -> Tally:
    """The school's answers in the campaign, counted in three queries."""
    responses = Response.objects.filter(school=school, questionnaire__campaign=campaign)
    # The school's responses by their ids (a few hundred at most), not by a subquery or a join: on
    # PostgreSQL, with tables just written and not yet analysed (the demo, an import), the planner
    # scanned the whole answers table per response (13–25 s a school); ids go by the index.
    ids = list(responses.values_list("pk", flat=True))
    answers = Answer.objects.filter(response_id__in=ids)
    tally = Tally()
    for row in responses.values("questionnaire__group").annotate(n=Count("id")):
        tally.respondents[row["questionnaire__group"]] = row["n"]
    for row in answers.values("question_id").annotate(n=Count("response_id", distinct=True), total=Sum("value")):
        tally.answered[row["question_id"]] = row["n"]
        tally.totals[row["question_id"]] = float(row["total"] or 0)
    for row in answers.filter(option__isnull=False).values("question_id", "option_id").annotate(n=Count("id")):
        tally.chosen[(row["question_id"], row["option_id"])] = row["n"]
    return tally


def scoring_items(campaign) -> list[Item]:
    groups = dict(Group.choices)
    out = []
    for s in ScoringItem.objects.filter(factor__campaign=campaign, factor__retired=False).select_related(
        "factor", "question__questionnaire", "option"
    ):
        q = s.question
        what = f" — «{s.option.text}»" if s.option_id else " (среднее)"
        out.append(
            Item(
                factor=s.factor.code,
                group=q.questionnaire.group,
                question=q.pk,
                option=s.option_id,
                weight=float(s.weight),
                direction=s.direction,
                label=f"{groups[q.questionnaire.group]}: {q.text}{what}",
                low=float(q.low or 0),
                high=float(q.high if q.high is not None else 1),
            )
        )
    return out


@transaction.atomic
def profile_compute(*, school, campaign) -> RiskProfile:
    """Scores every factor from the answers so far. A verified profile stays as the curator left it."""
    profile, _ = RiskProfile.objects.get_or_create(school=school, campaign=campaign)
    if profile.is_verified:
        return profile
    settings_, _ = DiagnosticsSettings.objects.get_or_create(campaign=campaign)
    factors = list(RiskFactor.objects.filter(campaign=campaign, retired=False))
    results = score_profile(
        [f.code for f in factors],
        scoring_items(campaign),
        tally_of(school, campaign),
        minimum={g: settings_.minimum(g) for g in Group.values},
        high_from=float(settings_.high_from),
        medium_from=float(settings_.medium_from),
    )
    existing = {lv.factor_id: lv for lv in profile.levels.all()}
    for factor in factors:
        result = results[factor.code]
        level = existing.get(factor.pk) or FactorLevel(profile=profile, factor=factor)
        level.score = None if result.score is None else round(result.score, 1)
        level.computed = result.level
        level.explanation = result.as_json()
        level.save()
    profile.computed_at = timezone.now()
    profile.save(update_fields=["computed_at"])
    return profile


@transaction.atomic
def level_change(*, level: FactorLevel, to: str, reason: str, user) -> FactorLevel:
    """The curator's level for a factor, next to the computed one; a reason is required."""
    reason = reason.strip()
    if to not in Level.values:
        raise ValidationError("Неизвестный уровень риска")
    if not reason:
        raise ValidationError("Укажите основание изменения уровня")
    level.changed = "" if to == level.computed else to
    level.change_reason = reason if level.changed else ""
    level.changed_by = user if level.changed else None
    level.changed_at = timezone.now() if level.changed else None
    level.save(update_fields=["changed", "change_reason", "changed_by", "changed_at"])
    return level


def profile_verify(*, profile: RiskProfile, user) -> RiskProfile:
    updated = RiskProfile.objects.filter(pk=profile.pk, state=RiskProfile.State.NOT_VERIFIED).update(
        state=RiskProfile.State.VERIFIED, verified_by=user, verified_at=timezone.now()
    )
    if not updated:
        raise ValidationError("Профиль уже проверен")
    profile.refresh_from_db()
    return profile


@transaction.atomic
def factors_propose(*, profile: RiskProfile, factors: list[RiskFactor], user) -> list[ActivatedFactor]:
    """The directions the school proposes; unconfirmed earlier proposals not in the list are withdrawn."""
    if not factors:
        raise ValidationError("Выберите хотя бы одно направление")
    if len(factors) > MAX_PROPOSED:
        raise ValidationError(f"Выберите не больше {MAX_PROPOSED} направлений (обычно около трёх)")
    if any(f.campaign_id != profile.campaign_id or f.retired for f in factors):
        raise ValidationError("Направление не из каталога кампании")
    profile.activations.filter(confirmed_at__isnull=True).exclude(factor__in=factors).delete()
    kept = {a.factor_id for a in profile.activations.all()}
    ActivatedFactor.objects.bulk_create(
        ActivatedFactor(profile=profile, factor=f, proposed_by=user) for f in factors if f.pk not in kept
    )
    return list(profile.activations.select_related("factor"))


@transaction.atomic
def factors_confirm(*, profile: RiskProfile, activations: list[ActivatedFactor], user) -> int:
    """The curator confirms proposed directions: these are the activated factors."""
    if not activations:
        raise ValidationError("Отметьте направления, которые подтверждаете")
    ids = [a.pk for a in activations if a.profile_id == profile.pk]
    return ActivatedFactor.objects.filter(pk__in=ids, confirmed_at__isnull=True).update(
        confirmed_by=user, confirmed_at=timezone.now()
    )


@transaction.atomic
def diagnostics_prepare(*, campaign) -> int:
    """Catalogue, settings and questionnaires where missing, and a profile for every school of the
    campaign's approved list that has none yet. Returns how many profiles were created."""
    from opora.assessment.models import ListedSchool

    from .templates_service import diagnostics_seed

    diagnostics_seed(campaign)
    listed = set(ListedSchool.objects.approved_for(campaign).values_list("school_id", flat=True))
    existing = set(RiskProfile.objects.filter(campaign=campaign).values_list("school_id", flat=True))
    created = RiskProfile.objects.bulk_create(
        RiskProfile(school_id=school_id, campaign=campaign) for school_id in sorted(listed - existing)
    )
    return len(created)
