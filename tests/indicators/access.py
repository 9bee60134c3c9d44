"""Probes of the indicators' actions for tests/test_access_rules.py (`indicator_probes(Probe, Place)`)."""

from __future__ import annotations

from django.urls import reverse


def indicator_probes(Probe, Place) -> dict:
    return {
        "indicator.manage": [
            Probe(
                "новый показатель кампании R",
                "get",
                lambda w: reverse("indicators:create", args=[w.campaign.pk]),
                Place("R"),
            ),
            Probe(
                "новый показатель кампании R2",
                "get",
                lambda w: reverse("indicators:create", args=[w.other_campaign.pk]),
                Place("R2"),
            ),
        ],
        "indicator.link": [
            Probe(
                "показатель мероприятия карты M",
                "get",
                lambda w: reverse("indicators:link", args=[w.item_m.pk]),
                Place("R", "M"),
            ),
            Probe(
                "показатель мероприятия карты школы A",
                "get",
                lambda w: reverse("indicators:link", args=[w.item_a.pk]),
                Place("R", "M", "A"),
            ),
        ],
    }
