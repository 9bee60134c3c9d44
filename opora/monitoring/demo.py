"""The demo's curator visits, relative to today: every curated school has a history of visits or
a gap. Schools take turns: regular visits (three held, the next planned within two days), a
visit long ago (a gap over the norm) with one planned, and no visit at all since the curators were
appointed. Recommendations go through every state: open, overdue, done by the school, confirmed,
returned to the school with the curator's comment. Loaded once: a second load changes nothing."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from opora.accounts.models import Assignment, Role, User
from opora.core.russian import counted
from opora.registry import demo as registry_demo
from opora.registry.models import Region

from . import demo_events
from .models import Recommendation, RecommendationChange, RecommendationStatus, Visit, VisitStatus

PURPOSES = [
    "Посещение уроков математики и русского языка в 5–7 классах",
    "Встреча с управленческой командой: ход реализации программы",
    "Проверка документов: антирисковые программы, планы ВСОКО",
    "Методическая консультация для учителей начальных классов",
]
OBSERVATIONS = [["lesson", "teacher_interview"], ["team_meeting", "documents"], ["lesson", "consultation"]]
FINDINGS = [
    "На уроках преобладает фронтальная работа, дифференциация заданий не используется. "
    "Учителя готовы к взаимопосещениям, но график не составлен.",
    "План работы с обучающимися с рисками учебной неуспешности составлен, но не выполняется в части "
    "индивидуальных консультаций. Протоколы методических объединений ведутся.",
    "Результаты входной диагностики проанализированы; выявлены дефициты в смысловом чтении. "
    "Руководство школы открыто к сотрудничеству.",
]
RECOMMENDATIONS = [
    ("Составить график взаимопосещения уроков учителями математики", "заместитель директора по УВР"),
    ("Включить разноуровневые задания в планы уроков 5–7 классов", "руководитель ШМО"),
    ("Провести педагогический совет по итогам входной диагностики", "директор"),
    ("Организовать индивидуальные консультации для обучающихся группы риска", "классные руководители"),
    ("Разработать чек-лист наблюдения урока и обсудить его на ШМО", "заместитель директора по УВР"),
]
# The states recommendations take in turn: (status, days from the visit to the deadline, returned?)
STATES = [
    (RecommendationStatus.CONFIRMED, 14, False),
    (RecommendationStatus.DONE, 21, False),
    (RecommendationStatus.OPEN, 30, True),
    (RecommendationStatus.OPEN, 10, False),
    (RecommendationStatus.OPEN, 45, False),
]


def load(region: Region, out) -> None:
    demo_events.load(region, out)  # before the early return below: its own idempotence
    campaign = registry_demo.campaign_of(region)
    if Visit.objects.filter(campaign=campaign).exists():
        return
    today = timezone.localdate()
    assignments = (
        Assignment.objects.active(today)
        .filter(role=Role.CURATOR, region=region, campaign=campaign)
        .select_related("person")
        .prefetch_related("schools__director")
        .order_by("pk")
    )
    logins = {u.person_id: u for u in User.objects.filter(person__region=region, person__isnull=False)}
    curator_user = {a.person_id: logins.get(a.person_id) for a in assignments}
    visits: list[Visit] = []
    # Per curator: the first school is visited regularly; the second has a visit long ago (every
    # other curator) or none at all — both are over the norm.
    pairs = [
        (c_index, s_index, assignment, school)
        for c_index, assignment in enumerate(assignments)
        for s_index, school in enumerate(sorted(assignment.schools.all(), key=lambda s: s.fis_oko_login))
    ]
    for c_index, s_index, assignment, school in pairs:
        turn = c_index + s_index
        pattern = 0 if s_index == 0 else 1 if c_index % 2 == 0 else 2
        if pattern == 2:
            continue  # never visited: flagged from the day the curator was appointed
        held_days = (60, 35, 12) if pattern == 0 else (50,)
        planned_in = 2 if pattern == 0 else 5
        director = logins.get(school.director_id)
        for n, days in enumerate(held_days):
            day = today - datetime.timedelta(days=days)
            visits.append(
                Visit(
                    school=school,
                    campaign=campaign,
                    curator=assignment.person,
                    status=VisitStatus.HELD,
                    planned_on=day,
                    held_on=day,
                    format="remote" if n == 1 else "on_site",
                    purpose=PURPOSES[(turn + n) % len(PURPOSES)],
                    other_participants="Учителя математики (3 чел.)\nПедагог-психолог",
                    observations=OBSERVATIONS[(turn + n) % len(OBSERVATIONS)],
                    findings=FINDINGS[(turn + n) % len(FINDINGS)],
                    acknowledged_by=director if days > 20 else None,
                    acknowledged_at=timezone.now() - datetime.timedelta(days=days - 2) if days > 20 else None,
                    created_by=curator_user[assignment.person_id],
                )
            )
        visits.append(
            Visit(
                school=school,
                campaign=campaign,
                curator=assignment.person,
                planned_on=today + datetime.timedelta(days=planned_in),
                purpose=PURPOSES[turn % len(PURPOSES)],
                created_by=curator_user[assignment.person_id],
            )
        )
    Visit.objects.bulk_create(visits)
    held = [v for v in Visit.objects.filter(campaign=campaign, status=VisitStatus.HELD).select_related("school")]
    participants = [
        Visit.participants.through(visit_id=v.pk, person_id=v.school.director_id) for v in held if v.school.director_id
    ]
    Visit.participants.through.objects.bulk_create(participants)
    _recommendations(held, logins, curator_user, today)
    out.write(
        f"Визиты кураторов: {counted(len(visits), 'визит', 'визита', 'визитов')}, "
        f"рекомендаций — {Recommendation.objects.filter(visit__campaign=campaign).count()}."
    )


def _recommendations(held: list[Visit], logins: dict, curator_user: dict, today: datetime.date) -> None:
    states = itertools.cycle(STATES)
    texts = itertools.cycle(RECOMMENDATIONS)
    recs: list[Recommendation] = []
    for visit in sorted(held, key=lambda v: (v.curator_id, v.school_id, v.held_on)):
        director = logins.get(visit.school.director_id)
        curator = curator_user.get(visit.curator_id)
        for number in (1, 2):
            status, deadline_days, returned = next(states)
            text, actor = next(texts)
            at = timezone.now() - datetime.timedelta(days=max((today - visit.held_on).days - 7, 1))
            rec = Recommendation(
                visit=visit,
                number=number,
                text=text,
                actor=actor,
                deadline=visit.held_on + datetime.timedelta(days=deadline_days),
                status=status,
            )
            if status in (RecommendationStatus.DONE, RecommendationStatus.CONFIRMED) or returned:
                rec.done_by, rec.done_at = director, at
                rec.done_comment = "Выполнено, материалы в протоколе ШМО"
            if status == RecommendationStatus.CONFIRMED:
                rec.confirmed_by, rec.confirmed_at = curator, at + datetime.timedelta(days=3)
            if returned:
                rec.returned_comment = "В графике нет уроков 7-х классов — дополните, пожалуйста."
                rec.done_by = rec.done_at = None
            rec.changes_to_make = _history(status, returned, at, director, curator, rec.returned_comment)
            recs.append(rec)
    Recommendation.objects.bulk_create(recs)
    RecommendationChange.objects.bulk_create(
        RecommendationChange(recommendation=rec, **change) for rec in recs for change in rec.changes_to_make
    )


def _history(status, returned, at, director, curator, comment) -> list[dict]:
    done = {"from_status": "open", "to_status": "done", "by": director, "at": at}
    if returned:
        back = {"to_status": "open", "from_status": "done", "comment": comment, "by": curator}
        return [done, back | {"at": at + datetime.timedelta(days=2)}]
    if status == RecommendationStatus.DONE:
        return [done]
    if status == RecommendationStatus.CONFIRMED:
        return [
            done,
            {"from_status": "done", "to_status": "confirmed", "by": curator, "at": at + datetime.timedelta(days=3)},
        ]
    return []
