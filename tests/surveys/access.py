"""Probes of the surveys rules for tests/test_access_rules.py."""

from django.urls import reverse

from .worlds import other_wave, wave_of

R, R2 = "R", "R2"


def survey_probes(Probe, Place) -> dict:
    return {
        "survey.manage": [Probe("страница новой волны опроса", "get", lambda w: reverse("surveys:wave_create"), None)],
        "survey.results": [
            Probe("результаты опроса R", "get", lambda w: reverse("surveys:wave", args=[wave_of(w).pk]), Place(R)),
            Probe("результаты опроса R2", "get", lambda w: reverse("surveys:wave", args=[other_wave(w).pk]), Place(R2)),
        ],
        "wave.change": [
            Probe("изменение волны R", "get", lambda w: reverse("surveys:wave_change", args=[wave_of(w).pk]), Place(R)),
        ],
    }
