"""Analytic note and consolidated export URLs × personas (merged by tests/dashboards/matrix.py).

The page is for those who may order a note somewhere (the region's team, a municipal
coordinator); ordering the region's note is the region's team's, M's note also M's coordinator's.
A level outside the user's choices leaves the form on the page (200) and orders nothing."""

from django.urls import reverse

from opora.roadmaps.models import MonitoringStage

ORDERERS = {"operator": 200, "coordinator": 200, "municipal": 200, "operator_r2": 200}
NOBODY = {
    "curator_a": 403,
    "director_a": 403,
    "director_b": 403,
    "expert": 403,
    "observer": 403,
    "observer_m2": 403,
    "anonymous": 302,
}


def order(w, place) -> tuple[str, dict]:
    stage = MonitoringStage.for_campaign(w.campaign)[0]
    return reverse("dashboards:note"), {"stage": stage.pk, "place": place(w), "fmt": "docx"}


MATRIX = {
    "dashboards:note": [
        ("страница справки", lambda w: reverse("dashboards:note"), "get", ORDERERS | NOBODY),
        (
            "справка по муниципалитету M",
            lambda w: order(w, lambda w: w.m.pk),
            "post",
            NOBODY | {"operator": 302, "coordinator": 302, "municipal": 302, "operator_r2": 200},
        ),
    ],
}
