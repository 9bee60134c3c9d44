"""Demo diagnostics: the listed schools of the last two campaigns answer the questionnaires
(plausible and varied: each school has its own strengths and troubles), their profiles are in
every state — not verified, verified, verified with a level the curator changed — and verified
ones have three confirmed directions. The demo curator's first school (the demo director's) waits
for verification; the second is verified with a changed level."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from opora.accounts.models import Assignment, Role, User
from opora.core.russian import counted
from opora.registry import demo as registry_demo
from opora.registry.models import Campaign, Region

from .models import (
    ActivatedFactor,
    Answer,
    DiagnosticsSettings,
    FactorLevel,
    Group,
    Question,
    Questionnaire,
    Response,
    RiskFactor,
    RiskProfile,
)
from .services import diagnostics_prepare, level_change, profile_compute

SAMPLE = {Group.PUPILS: (18, 45), Group.TEACHERS: (6, 14), Group.PARENTS: (10, 30)}
REASONS = (
    "По итогам посещения: две вакансии учителей математики закрыты с сентября",
    "Анкетирование родителей прошло на одном собрании; по наблюдениям куратора вовлечённость выше",
    "Оснащение кабинетов обновлено по программе «Цифровая образовательная среда»",
    "Обучающиеся с трудностями в учёбе выявлены по итогам ВПР; доля выше, чем показала анкета",
)


def load(region: Region, out) -> None:
    campaign = registry_demo.campaign_of(region)
    previous = Campaign.objects.filter(region=region, year=campaign.year - 1).first()
    rng = random.Random(20260215)
    today = timezone.localdate()
    curated = _curated(region, campaign)
    total = 0
    for c in [x for x in (previous, campaign) if x is not None]:
        # Loaded again (the same year, or the next one, when this year becomes the previous): a
        # campaign whose profiles were computed keeps them as they are.
        if RiskProfile.objects.filter(campaign=c).exclude(computed_at=None).exists():
            continue
        diagnostics_prepare(campaign=c)
        current = c == campaign
        # This year's questionnaires are open today, so the demo's link can be tried.
        closes = datetime.date(c.year, 3, 31)
        DiagnosticsSettings.objects.filter(campaign=c).update(
            opens_on=min(datetime.date(c.year, 2, 1), today),
            closes_on=max(closes, today + datetime.timedelta(days=30)) if current else closes,
        )
        have = set(RiskProfile.objects.filter(campaign=c).values_list("school_id", flat=True))
        RiskProfile.objects.bulk_create(RiskProfile(school_id=s, campaign=c) for s in curated if s not in have)
        profiles = list(RiskProfile.objects.filter(campaign=c).select_related("school", "campaign"))
        total += len(profiles)
        forms = _Forms(c)
        for profile in profiles:
            _answer(profile, forms, rng, few_pupils=current and rng.random() < 0.08)
            profile_compute(school=profile.school, campaign=c)
        _states(c, profiles, rng, current=current, curated=curated)
    if total:
        out.write(
            f"Диагностика: {counted(total, 'рисковый профиль', 'рисковых профиля', 'рисковых профилей')} с анкетами."
        )


def _curated(region: Region, campaign: Campaign) -> list[int]:
    """Schools with a curator in the campaign, the demo curator's two first, in login order (the
    first is the demo director's school)."""
    assignments = Assignment.objects.filter(region=region, campaign=campaign, role=Role.CURATOR)
    demo = assignments.filter(person__user__email="curator@demo.opora.ru")
    ids = [s.pk for a in demo for s in a.schools.order_by("fis_oko_login")]
    for a in assignments.exclude(pk__in=demo.values("pk")).prefetch_related("schools"):
        ids += [s.pk for s in a.schools.order_by("fis_oko_login")]
    return list(dict.fromkeys(ids))


def _tendency(question: Question, trouble: dict[int, float]) -> tuple[float, dict[int, int]]:
    """How troubled the school is on the factors this question feeds (0 calm … 1 troubled), and
    for each option +1 (points to risk) or −1 (protective)."""
    items = list(question.scoring_items.all())
    values = [trouble[i.factor_id] for i in items] or [0.5]
    signs = {i.option_id: (1 if i.direction == "risk" else -1) for i in items if i.option_id}
    direction = next((1 if i.direction == "risk" else -1 for i in items if not i.option_id), 1)
    return sum(values) / len(values), signs | {None: direction}


def _one(question: Question, t: float, signs: dict, rng: random.Random) -> list[Answer]:
    noisy = min(max(t + rng.gauss(0, 0.18), 0.0), 1.0)
    if question.kind == Question.Kind.TEXT:
        return [Answer(question=question, text=rng.choice(("Больше кружков", "Ремонт спортзала", "Психолог")))]
    if question.kind in (Question.Kind.SCALE, Question.Kind.NUMBER):
        share = noisy if signs[None] > 0 else 1 - noisy
        value = question.low + (question.high - question.low) * share
        return [Answer(question=question, value=round(value) if question.kind == "scale" else round(value, 1))]
    options = list(question.options.all())

    def weight(o):
        sign = signs.get(o.pk, 0)
        return 0.15 + (noisy if sign > 0 else (1 - noisy) if sign < 0 else 0.5)

    if question.kind == Question.Kind.SINGLE:
        return [Answer(question=question, option=rng.choices(options, [weight(o) for o in options])[0])]
    chosen = [o for o in options if rng.random() < weight(o) * 0.7] or [rng.choice(options)]
    return [Answer(question=question, option=o) for o in chosen]


class _Forms:
    """A campaign's questionnaires with their questions, options and scoring, read once for all schools."""

    def __init__(self, campaign: Campaign):
        self.factor_ids = list(RiskFactor.objects.filter(campaign=campaign).values_list("pk", flat=True))
        self.questionnaires = list(
            Questionnaire.objects.filter(campaign=campaign).prefetch_related(
                "questions__options", "questions__scoring_items"
            )
        )
        self.directors = dict(
            User.objects.filter(person__assignments__role="school_team", person__assignments__schools__isnull=False)
            .order_by("-pk")
            .values_list("person__assignments__schools", "pk")
        )


def _answer(profile: RiskProfile, forms: _Forms, rng: random.Random, *, few_pupils: bool) -> None:
    trouble = {pk: rng.betavariate(2, 2.2) for pk in forms.factor_ids}
    by = forms.directors.get(profile.school_id)
    responses, answers = [], []
    profile.pupils = rng.randint(120, 640)
    profile.teachers = rng.randint(14, 45)
    profile.save(update_fields=["pupils", "teachers"])
    for questionnaire in forms.questionnaires:
        low, high = SAMPLE.get(questionnaire.group, (1, 1))
        count = rng.randint(3, 9) if few_pupils and questionnaire.group == Group.PUPILS else rng.randint(low, high)
        questions = [(q, *_tendency(q, trouble)) for q in questionnaire.questions.all()]
        for _ in range(count):
            response = Response(
                questionnaire=questionnaire,
                school=profile.school,
                source=Response.Source.LINK if questionnaire.is_anonymous else Response.Source.ACCOUNT,
                by_id=None if questionnaire.is_anonymous else by,
            )
            responses.append(response)
            answers.append([a for q, t, signs in questions for a in _one(q, t, signs, rng)])
    Response.objects.bulk_create(responses)
    for response, rows in zip(responses, answers, strict=True):
        for a in rows:
            a.response = response
    Answer.objects.bulk_create([a for rows in answers for a in rows], batch_size=2000)


def _states(campaign: Campaign, profiles: list[RiskProfile], rng: random.Random, *, current: bool, curated) -> None:
    """Verified or not, a changed level here and there, three confirmed directions when verified."""
    curator_of = {}
    for a in Assignment.objects.filter(campaign=campaign, role=Role.CURATOR).prefetch_related("schools"):
        user = User.objects.filter(person=a.person_id).first()
        for s in a.schools.all():
            curator_of[s.pk] = user
    now = timezone.now()
    for profile in profiles:
        position = curated.index(profile.school_id) if profile.school_id in curated else None
        if current and position == 0:
            continue  # the demo director's school: answered, waiting for the demo curator
        verified = not current or position == 1 or rng.random() < 0.55
        if not verified:
            continue
        curator = curator_of.get(profile.school_id)
        levels = list(FactorLevel.objects.filter(profile=profile).select_related("factor"))
        if levels and (position == 1 or rng.random() < 0.35):
            level = rng.choice([lv for lv in levels if lv.computed != "insufficient"] or levels)
            to = "high" if level.computed != "high" else "medium"
            level_change(level=level, to=to, reason=rng.choice(REASONS), user=curator)
        RiskProfile.objects.filter(pk=profile.pk).update(state="verified", verified_by=curator, verified_at=now)
        order = {"high": 0, "medium": 1, "low": 2, "insufficient": 3}
        ranked = sorted(FactorLevel.objects.filter(profile=profile), key=lambda lv: (order[lv.level], -(lv.score or 0)))
        director = User.objects.filter(
            person__assignments__schools=profile.school, person__assignments__role="school_team"
        ).first()
        ActivatedFactor.objects.bulk_create(
            ActivatedFactor(
                profile=profile, factor_id=lv.factor_id, proposed_by=director, confirmed_by=curator, confirmed_at=now
            )
            for lv in ranked[:3]
        )
