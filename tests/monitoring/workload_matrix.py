"""Workload, reassignment and mismatch URLs × personas (merged by tests/monitoring/matrix.py).

The region's team and the municipal coordinator oversee curators; everyone else holds no such role
(403). Curator A curates school A in M; curator B (made here) curates school B in M2, so M's
coordinator does not learn of them (404), nor does the operator of R2."""

import datetime

from django.urls import reverse

from opora.accounts.models import Assignment, Role
from tests.factories import PersonFactory

PERSONAS = (
    "operator",
    "coordinator",
    "municipal",
    "curator_a",
    "director_a",
    "director_b",
    "expert",
    "observer",
    "observer_m2",
    "operator_r2",
)
NO_ROLE = dict.fromkeys(PERSONAS, 403) | {"anonymous": 302}
# R2's operator oversees their own region's curators: the page opens, with nothing of ours on it.
OVERSEERS = NO_ROLE | {"operator": 200, "coordinator": 200, "municipal": 200, "operator_r2": 200}


def curator_of_a(w) -> int:
    return w.users["curator_a"].person.pk


def new_curator_of_b(w):
    """A curator of school B (M2): a person of the region appointed to B alone."""
    person = PersonFactory(region=w.region, last_name="Кураторова")
    assignment = Assignment.objects.create(
        person=person, role=Role.CURATOR, region=w.region, valid_from=datetime.date(2020, 1, 1)
    )
    assignment.schools.set([w.school_b])
    return person


def curator_of_b(w) -> int:
    """The curator of school B, made once for the world."""
    if not hasattr(w, "workload_curator_b"):
        w.workload_curator_b = new_curator_of_b(w)
    return w.workload_curator_b.pk


MATRIX = {
    "monitoring:workload": [("нагрузка кураторов", lambda w: reverse("monitoring:workload"), "get", OVERSEERS)],
    "monitoring:mismatches": [
        ("несоответствия перечня и кураторов", lambda w: reverse("monitoring:mismatches"), "get", OVERSEERS),
        (
            "несоответствия: куратор из самой школы",
            lambda w: reverse("monitoring:mismatches") + "?kind=own",
            "get",
            OVERSEERS,
        ),
    ],
    "monitoring:workload_curator": [
        (
            "школы куратора школы A",
            lambda w: reverse("monitoring:workload_curator", args=[curator_of_a(w)]),
            "get",
            OVERSEERS | {"operator_r2": 404},
        ),
        (
            "школы куратора школы B (M2)",
            lambda w: reverse("monitoring:workload_curator", args=[curator_of_b(w)]),
            "get",
            OVERSEERS | {"operator_r2": 404, "municipal": 404},
        ),
        (
            "директор школы A — не куратор",
            lambda w: reverse("monitoring:workload_curator", args=[w.users["director_a"].person.pk]),
            "get",
            OVERSEERS | {"operator": 404, "coordinator": 404, "municipal": 404, "operator_r2": 404},
        ),
    ],
    "monitoring:reassign": [
        (
            "передать школу A другому куратору",
            lambda w: reverse("monitoring:reassign", args=[w.school_a.pk]),
            "get",
            NO_ROLE | {"operator": 200, "director_b": 404, "observer_m2": 404, "operator_r2": 404},
        ),
        (
            "передать школу A без данных формы",
            lambda w: reverse("monitoring:reassign", args=[w.school_a.pk]),
            "post",
            NO_ROLE | {"operator": 200, "director_b": 404, "observer_m2": 404, "operator_r2": 404},
        ),
        (
            "передать школу чужого региона",
            lambda w: reverse("monitoring:reassign", args=[w.school_other_region.pk]),
            "get",
            dict.fromkeys(PERSONAS, 404) | {"operator_r2": 200, "anonymous": 302},
        ),
    ],
}
