"""Dashboard page URLs × personas (merged by tests/dashboards/matrix.py).

The summary is the region's team's and observers' (the region), a municipal coordinator's and a
municipal observer's (their municipality); curators and school teams are refused with the reason
(they have the school card), a municipality outside the viewer's scope is 404."""

from django.urls import reverse

REFUSED = {"curator_a": 403, "director_a": 403, "director_b": 403, "expert": 403, "anonymous": 302}
REGION = REFUSED | {
    "operator": 200,
    "coordinator": 200,
    "municipal": 200,
    "observer": 200,
    "observer_m2": 200,
    "operator_r2": 200,  # their own region's summary
}
# M is seen by school-level people of A (403 there), not by B's director, M2's observer or R2 (404).
MUNICIPALITY_M = REGION | {"director_b": 404, "observer_m2": 404, "operator_r2": 404}
MUNICIPALITY_M2 = REGION | {
    "curator_a": 404,
    "director_a": 404,
    "municipal": 404,
    "observer_m2": 200,
    "operator_r2": 404,
}

MATRIX = {
    "dashboards:region": [("сводка мониторинга", lambda w: reverse("dashboards:region"), "get", REGION)],
    "dashboards:municipality": [
        ("сводка муниципалитета M", lambda w: reverse("dashboards:municipality", args=[w.m.pk]), "get", MUNICIPALITY_M),
        (
            "сводка муниципалитета M2",
            lambda w: reverse("dashboards:municipality", args=[w.m2.pk]),
            "get",
            MUNICIPALITY_M2,
        ),
    ],
}
