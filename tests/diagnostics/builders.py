"""Diagnostics data for tests: a campaign with its catalogue and default questionnaires, answers."""

from opora.diagnostics.answers import read_answers
from opora.diagnostics.models import Group, Questionnaire, Response
from opora.diagnostics.services import profile_compute, response_save
from opora.diagnostics.templates_service import diagnostics_seed


def seeded(world):
    return diagnostics_seed(world.campaign)


def questionnaire(world, group: str) -> Questionnaire:
    return Questionnaire.objects.prefetch_related("questions__options").get(campaign=world.campaign, group=group)


def answer(world, school, group: str, raw: dict, *, by=None, source=Response.Source.LINK) -> Response:
    qn = questionnaire(world, group)
    read = read_answers(list(qn.questions.all()), {k: v if isinstance(v, list) else [str(v)] for k, v in raw.items()})
    assert not read.errors, read.errors
    return response_save(questionnaire=qn, school=school, read=read, source=source, by=by)


PUPIL_BULLIED = {"p1": 2, "p2": "often", "p3": 2, "p4": 3, "p5": ["unknown"]}
PUPIL_FINE = {"p1": 5, "p2": "no", "p3": 5, "p4": 5, "p5": ["future", "interest"]}
TEACHER = {"t1": 4, "t2": 3, "t3": "tense", "t4": "sometimes", "t5": "never", "t6": 30}
PARENT = {"r1": "sometimes", "r2": 4, "r3": 4, "r4": "partly"}
SELF = {"s1": 40, "s2": "no", "s3": 10, "s4": 15, "s5": 60, "s6": 2, "s7": 6, "s8": 8, "s9": ["cons"]}
DIRECTOR = {"d1": 2, "d2": "formal", "d3": 3, "d4": "rarely", "d5": 3}


def answered_school(world, school, *, pupils=(15, 15), teachers=6, parents=12, by=None):
    """A school whose every group has answered, enough for every factor to get a level."""
    seeded(world)
    bullied, fine = pupils
    for _ in range(bullied):
        answer(world, school, Group.PUPILS, PUPIL_BULLIED)
    for _ in range(fine):
        answer(world, school, Group.PUPILS, PUPIL_FINE)
    for _ in range(teachers):
        answer(world, school, Group.TEACHERS, TEACHER)
    for _ in range(parents):
        answer(world, school, Group.PARENTS, PARENT)
    answer(world, school, Group.SELF, SELF, by=by, source=Response.Source.ACCOUNT)
    answer(world, school, Group.DIRECTOR, DIRECTOR, by=by, source=Response.Source.ACCOUNT)
    return profile_compute(school=school, campaign=world.campaign)
