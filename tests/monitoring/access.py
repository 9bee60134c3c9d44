"""Visits and recommendations for the access tests, made on demand from the shared world.

The probes of tests/test_access_rules.py run each persona's request in a transaction that is
rolled back, so each builds a fresh visit; `probes(Probe, Place)` gives them for its table."""

from __future__ import annotations

import datetime

from django.urls import reverse

from opora.monitoring.models import Recommendation, Visit

DAY = datetime.date(2026, 3, 2)


def visit_in(world, school: str, status: str = "planned") -> Visit:
    school_ = {"A": world.school_a, "B": world.school_b}[school]
    return Visit.objects.create(
        school=school_,
        campaign=world.campaign,
        curator=world.users["curator_a"].person,
        status=status,
        planned_on=DAY,
        held_on=DAY if status == "held" else None,
    )


def recommendation_in(world, school: str, status: str = "open") -> Recommendation:
    return Recommendation.objects.create(
        visit=visit_in(world, school, "held"), number=1, text="Рекомендация", status=status
    )


def probes(Probe, Place) -> dict:
    R = "R"
    A, B = Place(R, "M", "A"), Place(R, "M2", "B")
    plan = {"planned_on": "2026-03-20", "format": "on_site"}
    school = {"A": lambda w: w.school_a, "B": lambda w: w.school_b}
    return {
        "visits.configure": [
            Probe(
                "норма визитов кампании",
                "post",
                lambda w: (reverse("monitoring:visit_norm", args=[w.campaign.pk]), {"visit_norm_days": "21"}),
                Place(R),
            ),
            Probe(
                "норма визитов чужой кампании",
                "get",
                lambda w: reverse("monitoring:visit_norm", args=[w.other_campaign.pk]),
                Place("R2"),
            ),
        ],
        "visit.plan": [
            Probe(
                "запланировать визит в школу A",
                "post",
                lambda w: (reverse("monitoring:visit_plan", args=[school["A"](w).pk]), plan),
                A,
            ),
            Probe(
                "запланировать визит в школу B",
                "post",
                lambda w: (reverse("monitoring:visit_plan", args=[school["B"](w).pk]), plan),
                B,
            ),
            Probe(
                "перенести проведённый визит школы A",
                "post",
                lambda w: (reverse("monitoring:visit_reschedule", args=[visit_in(w, "A", "held").pk]), plan),
                A,
                condition_met=False,
            ),
        ],
        "visit.record": [
            Probe(
                "записать итоги визита в школу A",
                "get",
                lambda w: reverse("monitoring:visit_record", args=[visit_in(w, "A").pk]),
                A,
            ),
            Probe(
                "записать итоги визита в школу B",
                "get",
                lambda w: reverse("monitoring:visit_record", args=[visit_in(w, "B").pk]),
                B,
            ),
            Probe(
                "записать итоги отменённого визита",
                "get",
                lambda w: reverse("monitoring:visit_record", args=[visit_in(w, "A", "cancelled").pk]),
                A,
                condition_met=False,
            ),
        ],
        "visit.acknowledge": [
            Probe(
                "ознакомиться с визитом в школу A",
                "post",
                lambda w: reverse("monitoring:visit_acknowledge", args=[visit_in(w, "A", "held").pk]),
                A,
            ),
            Probe(
                "ознакомиться с визитом в школу B",
                "post",
                lambda w: reverse("monitoring:visit_acknowledge", args=[visit_in(w, "B", "held").pk]),
                B,
            ),
            Probe(
                "ознакомиться с ещё не проведённым визитом",
                "post",
                lambda w: reverse("monitoring:visit_acknowledge", args=[visit_in(w, "A").pk]),
                A,
                condition_met=False,
            ),
        ],
        "recommendation.done": [
            Probe(
                "отметить выполненной рекомендацию школе A",
                "post",
                lambda w: reverse("monitoring:recommendation_done", args=[recommendation_in(w, "A").pk]),
                A,
            ),
            Probe(
                "отметить выполненной рекомендацию школе B",
                "post",
                lambda w: reverse("monitoring:recommendation_done", args=[recommendation_in(w, "B").pk]),
                B,
            ),
            Probe(
                "отметить уже подтверждённую рекомендацию",
                "post",
                lambda w: reverse("monitoring:recommendation_done", args=[recommendation_in(w, "A", "confirmed").pk]),
                A,
                condition_met=False,
            ),
        ],
        "recommendation.confirm": [
            Probe(
                "подтвердить выполнение рекомендации школой A",
                "post",
                lambda w: (
                    reverse("monitoring:recommendation_confirm", args=[recommendation_in(w, "A", "done").pk]),
                    {"decision": "confirm"},
                ),
                A,
            ),
            Probe(
                "подтвердить выполнение рекомендации школой B",
                "post",
                lambda w: (
                    reverse("monitoring:recommendation_confirm", args=[recommendation_in(w, "B", "done").pk]),
                    {"decision": "confirm"},
                ),
                B,
            ),
            Probe(
                "подтвердить рекомендацию, которую школа не отметила",
                "post",
                lambda w: (
                    reverse("monitoring:recommendation_confirm", args=[recommendation_in(w, "A").pk]),
                    {"decision": "confirm"},
                ),
                A,
                condition_met=False,
            ),
        ],
    }
