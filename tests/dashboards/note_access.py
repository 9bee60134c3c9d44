"""Probes of the analytic note's rules for tests/test_access_rules.py: ordering the note of the
region (note.region) and of a municipality (note.municipality). Done = a file was ordered (the
redirect to the prepared file's page); a level outside the user's choices is refused."""

from django.urls import reverse

from opora.roadmaps.models import MonitoringStage

R, R2 = "R", "R2"


def _order(campaign, place):
    stage = MonitoringStage.for_campaign(campaign)[0]
    return reverse("dashboards:note"), {"stage": stage.pk, "place": place, "fmt": "xlsx"}


def ordered(response) -> bool:
    return response.status_code == 302 and "/files/" in response["Location"]


def note_probes(Probe, Place) -> dict:
    """`Probe` and `Place` are the classes of tests/test_access_rules.py (which imports this module)."""
    return {
        "note.region": [
            Probe("справка по региону R", "post", lambda w: _order(w.campaign, "region"), Place(R), done=ordered),
            Probe(
                "справка по чужому региону",
                "post",
                lambda w: _order(w.other_campaign, "region"),
                Place(R2),
                done=ordered,
            ),
        ],
        "note.municipality": [
            Probe(
                "справка по муниципалитету M",
                "post",
                lambda w: _order(w.campaign, w.m.pk),
                Place(R, "M"),
                done=ordered,
            ),
            Probe(
                "справка по муниципалитету M2",
                "post",
                lambda w: _order(w.campaign, w.m2.pk),
                Place(R, "M2"),
                done=ordered,
            ),
        ],
    }
