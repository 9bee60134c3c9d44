"""Probes of the region's view of curators for tests/test_access_rules.py: the workload and
mismatch pages, one curator's schools, handing a school to another curator by order."""

from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory

from .workload_matrix import curator_of_a, new_curator_of_b

R, R2 = "R", "R2"


def reassign_b(w):
    """Hand school B (no curator in the access world) to a new person of the region by order."""
    person = PersonFactory(region=w.region, last_name="Новикова")
    return (
        reverse("monitoring:reassign", args=[w.school_b.pk]),
        {"curator": person.pk, "order": w.order.pk, "valid_from": timezone.localdate().isoformat()},
    )


def workload_probes(Probe, Place) -> dict:
    """`Probe` and `Place` are the classes of tests/test_access_rules.py (which imports this module)."""
    return {
        "curators.oversee": [
            Probe("нагрузка кураторов", "get", lambda w: reverse("monitoring:workload"), None),
            Probe("несоответствия перечня и кураторов", "get", lambda w: reverse("monitoring:mismatches"), None),
            Probe(
                "школы куратора школы A",
                "get",
                lambda w: reverse("monitoring:workload_curator", args=[curator_of_a(w)]),
                Place(R, "M"),
            ),
            Probe(
                "школы куратора школы B",
                "get",
                # Each request is rolled back: the curator is made afresh for it.
                lambda w: reverse("monitoring:workload_curator", args=[new_curator_of_b(w).pk]),
                Place(R, "M2"),
            ),
        ],
        "curator.reassign": [
            Probe(
                "страница передачи школы A",
                "get",
                lambda w: reverse("monitoring:reassign", args=[w.school_a.pk]),
                Place(R, "M", "A"),
            ),
            Probe("передать школу B новому куратору по приказу", "post", reassign_b, Place(R, "M2", "B")),
            Probe(
                "страница передачи школы чужого региона",
                "get",
                lambda w: reverse("monitoring:reassign", args=[w.school_other_region.pk]),
                Place(R2),
            ),
        ],
    }
