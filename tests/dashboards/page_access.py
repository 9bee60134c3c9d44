"""Probes of the monitoring summary for tests/test_access_rules.py (rule `dashboard.view`)."""

from django.urls import reverse

R, R2 = "R", "R2"


def dashboard_probes(Probe, Place) -> dict:
    """`Probe` and `Place` are the classes of tests/test_access_rules.py (which imports this module)."""
    return {
        "dashboard.view": [
            Probe("сводка мониторинга", "get", lambda w: reverse("dashboards:region"), None),
            Probe(
                "сводка муниципалитета M",
                "get",
                lambda w: reverse("dashboards:municipality", args=[w.m.pk]),
                Place(R, "M"),
            ),
            Probe(
                "сводка муниципалитета M2",
                "get",
                lambda w: reverse("dashboards:municipality", args=[w.m2.pk]),
                Place(R, "M2"),
            ),
        ]
    }
