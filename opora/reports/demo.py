"""Demo stage reports: the curators report on their schools. For a stage whose deadline has passed
most reports are submitted (with the facts frozen), some are drafts, a few never started; for the
next stage some curators have begun drafts. The demo curator's first school has its first-stage
report submitted and the next one drafted; their second school's first-stage report is a draft.

Loaded again, it adds nothing. Written straight into the tables (the demo's curators need no login)."""

from __future__ import annotations

import datetime
import random

from django.db.models import Q
from django.utils import timezone

from opora.accounts.models import Assignment, Role, User
from opora.core.russian import counted
from opora.registry import demo as registry_demo
from opora.registry.models import Region
from opora.roadmaps.models import MonitoringStage

from .facts import collect
from .models import StageReport, Status, StatusChange

NOTES = {
    "note_visits": (
        "Визиты проведены по графику; на уроках отмечено слабое использование заданий разного уровня сложности.",
        "Один визит перенесён по просьбе школы; рекомендации прошлого визита выполнены частично.",
    ),
    "note_documents": (
        "Концепция развития одобрена; среднесрочная программа дорабатывается по замечаниям куратора.",
        "Антирисковые программы загружены не по всем подтверждённым направлениям.",
    ),
    "note_roadmap": (
        "Мероприятия первого полугодия выполнены; по просроченным мероприятиям школа указала новые сроки.",
        "Исполнение отстаёт: отчёты по части мероприятий не представлены.",
    ),
    "note_results": ("Доля «2» по ВПР снижается, по ОГЭ по математике остаётся выше порога.",),
}
CONCLUSIONS = (
    "Школа работает по дорожной карте. Рекомендую продолжить взаимопосещение уроков и провести "
    "педагогический совет по итогам ВПР.",
    "Школе нужна методическая помощь по математике. Рекомендую муниципальному координатору включить "
    "учителей школы в курсы повышения квалификации.",
)


def _curators(campaign, demo) -> dict[int, tuple]:
    """school id → (school, curator person, their user or None): the demo curator where they are one,
    else the first curator by name."""
    found = {}
    links = (
        Assignment.schools.through.objects.filter(assignment__role=Role.CURATOR, assignment__region=campaign.region)
        .filter(Q(assignment__campaign=campaign) | Q(assignment__campaign__isnull=True))
        .select_related("assignment__person", "school")
        .order_by("school__fis_oko_login", "assignment__person__last_name")
    )
    users = {u.person_id: u for u in User.objects.filter(person__isnull=False)}
    for link in links:
        person = link.assignment.person
        if demo is not None and person.pk == demo.person_id:
            found[link.school_id] = (link.school, person, demo)
        else:
            found.setdefault(link.school_id, (link.school, person, users.get(person.pk)))
    return found


def _write(school, campaign, stage, person, user, rng, *, submit: bool, at) -> StageReport:
    notes = {field: rng.choice(texts) for field, texts in NOTES.items() if rng.random() < 0.8}
    report = StageReport.objects.create(
        school=school,
        campaign=campaign,
        stage=stage,
        curator=person,
        conclusions=rng.choice(CONCLUSIONS) if submit or rng.random() < 0.5 else "",
        revision=1,
        updated_at=at,
        updated_by=user,
        **notes,
    )
    if submit:
        report.facts = collect(report) | {"as_of": timezone.localtime(at).strftime("%d.%m.%Y %H:%M")}
        report.status, report.submitted_at, report.submitted_by = Status.SUBMITTED, at, user
        report.revision = 2
        report.save()
        StatusChange.objects.create(report=report, from_status=Status.DRAFT, to_status=Status.SUBMITTED, by=user, at=at)
    return report


def load(region: Region, out) -> None:
    campaign = registry_demo.campaign_of(region)
    if StageReport.objects.filter(campaign=campaign).exists():
        return
    rng = random.Random(20260815)
    today = timezone.localdate()
    stages = MonitoringStage.for_campaign(campaign)
    demo = User.objects.filter(email="curator@demo.opora.ru").first()
    curators = _curators(campaign, demo)
    demo_schools = [sid for sid, (_s, _p, user) in curators.items() if demo is not None and user == demo]
    submitted = drafts = 0
    for stage in stages:
        # The first stage is shown as reported whenever the demo is loaded, so that there is something to read.
        passed = stage.due < today or stage.number == 1
        soon = not passed and (stage.due - today).days <= 60
        if not (passed or soon):
            continue
        at = timezone.make_aware(datetime.datetime.combine(min(stage.due, today), datetime.time(10)))
        for school_id, (school, person, user) in curators.items():
            if school_id in demo_schools:
                first = school_id == demo_schools[0]
                fate = ("submit" if first else "draft") if stage.number == 1 else ("draft" if first else "none")
            elif passed:
                fate = rng.choices(("submit", "draft", "none"), (8, 1, 1))[0]
            else:
                fate = rng.choices(("submit", "draft", "none"), (1, 3, 6))[0]
            if fate == "none":
                continue
            when = at - datetime.timedelta(days=rng.randint(0, 6))
            _write(school, campaign, stage, person, user, rng, submit=fate == "submit", at=when)
            submitted += fate == "submit"
            drafts += fate == "draft"
    out.write(
        f"Отчёты кураторов по этапам: отправлено {counted(submitted, 'отчёт', 'отчёта', 'отчётов')}, "
        f"черновиков — {drafts}."
    )
