"""The ФИС ОКО protocols URLs × personas, for tests/test_access_matrix.py (which requires a row for
every URL). Uploading protocols is the action `results.upload`: the regional operator's."""

from django.urls import reverse

SIGNED_IN = dict.fromkeys(
    ["operator", "coordinator", "municipal", "curator_a", "director_a", "director_b", "expert", "observer",
     "observer_m2", "operator_r2"], 200,
) | {"anonymous": 302}  # fmt: skip
NOBODY = dict.fromkeys(SIGNED_IN, 404) | {"anonymous": 302}
# The region's working material: its regional team sees the record, only the operator may act on it.
REGION_TEAM = NOBODY | {"operator": 200, "coordinator": 403, "expert": 403, "observer": 403}


def _batch(w):
    from opora.assessment.models import ProtocolBatch

    batch, _ = ProtocolBatch.objects.get_or_create(campaign=w.campaign, defaults={"state": ProtocolBatch.State.PREVIEW})
    return batch


MATRIX = {
    "assessment:protocols": [
        (
            "протоколы ФИС ОКО кампании",
            lambda w: reverse("assessment:protocols", args=[w.campaign.pk]),
            "get",
            dict.fromkeys(SIGNED_IN, 403) | {"operator": 200, "operator_r2": 404, "anonymous": 302},
        ),
        (
            "протоколы ФИС ОКО кампании R2",
            lambda w: reverse("assessment:protocols", args=[w.other_campaign.pk]),
            "get",
            NOBODY | {"operator_r2": 200},
        ),
    ],
    "assessment:protocol_batch": [
        (
            "загрузка протоколов",
            lambda w: reverse("assessment:protocol_batch", args=[_batch(w).pk]),
            "get",
            REGION_TEAM,
        ),
    ],
    "assessment:deficits_export": [
        (
            "дефициты школ муниципалитета M",
            lambda w: reverse("assessment:deficits_export", args=[w.m.pk]),
            "get",
            SIGNED_IN | {"operator_r2": 404, "director_b": 404, "observer_m2": 404},  # who sees M
        ),
    ],
}
