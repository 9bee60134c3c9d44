"""The indicators URLs × personas, for tests/test_access_matrix.py (which requires a row for every URL).

Figures of the whole region: the region's team; of M: also M's coordinator; of school A: also A's
curator and team. Nobody else learns the figures exist (404). Managing is the operator's (403 for
the others of the region). Linking M's roadmap item: its authors (region's team, M's coordinator)."""

from django.urls import reverse

PERSONAS = (
    "operator", "coordinator", "municipal", "curator_a", "director_a", "director_b",
    "expert", "observer", "observer_m2", "operator_r2",
)  # fmt: skip
NOBODY = dict.fromkeys(PERSONAS, 404) | {"anonymous": 302}
REGION = NOBODY | {"operator": 200, "coordinator": 200, "expert": 200, "observer": 200}
MUNICIPALITY_M = REGION | {"municipal": 200}
SCHOOL_A = MUNICIPALITY_M | {"curator_a": 200, "director_a": 200}
# Those who see the campaign (everyone of the region) but may not manage: 403.
MANAGE = dict.fromkeys(PERSONAS, 403) | {"operator_r2": 404, "anonymous": 302}
LINK_M = NOBODY | {
    "operator": 200, "coordinator": 200, "municipal": 200,
    "curator_a": 403, "director_a": 403, "expert": 403, "observer": 403,
}  # fmt: skip


def indicator(world):
    from opora.indicators.library import ensure_library

    return ensure_library(world.campaign)[0].pk


def campaign_url(world, query=""):
    return reverse("indicators:campaign", args=[world.campaign.pk]) + query


MATRIX = {
    "indicators:home": [
        (
            "показатели: куда мне",
            lambda w: reverse("indicators:home"),
            "get",
            dict.fromkeys(PERSONAS, 302) | {"anonymous": 302},
        )
    ],
    "indicators:campaign": [
        ("показатели региона", lambda w: campaign_url(w), "get", REGION),
        ("показатели муниципалитета M", lambda w: campaign_url(w, f"?m={w.m.pk}"), "get", MUNICIPALITY_M),
        ("показатели школы A", lambda w: campaign_url(w, f"?s={w.school_a.pk}"), "get", SCHOOL_A),
    ],
    "indicators:value": [
        ("значение по региону", lambda w: reverse("indicators:value", args=[indicator(w)]), "get", REGION),
        (
            "значение по M, не вошедшие",
            lambda w: reverse("indicators:value", args=[indicator(w)]) + f"?m={w.m.pk}&part=missing",
            "get",
            MUNICIPALITY_M,
        ),
    ],
    "indicators:export": [
        (
            "список по школе A в XLSX",
            lambda w: reverse("indicators:export", args=[indicator(w)]) + f"?s={w.school_a.pk}&part=den",
            "get",
            SCHOOL_A,
        )
    ],
    "indicators:create": [
        (
            "новый показатель",
            lambda w: reverse("indicators:create", args=[w.campaign.pk]),
            "get",
            MANAGE | {"operator": 200},
        )
    ],
    "indicators:preview": [
        (
            "предпросмотр пустой формы",
            lambda w: reverse("indicators:preview", args=[w.campaign.pk]),
            "post",
            MANAGE | {"operator": 200},
        )
    ],
    "indicators:snapshot": [
        (
            "срез показателей",
            lambda w: reverse("indicators:snapshot", args=[w.campaign.pk]),
            "post",
            MANAGE | {"operator": 302},
        )
    ],
    "indicators:edit": [
        (
            "изменение показателя",
            lambda w: reverse("indicators:edit", args=[indicator(w)]),
            "get",
            MANAGE | {"operator": 200},
        )
    ],
    "indicators:retire": [
        (
            "вывод показателя",
            lambda w: reverse("indicators:retire", args=[indicator(w)]),
            "post",
            MANAGE | {"operator": 302},
        )
    ],
    "indicators:link": [
        ("связь мероприятия M с показателем", lambda w: reverse("indicators:link", args=[w.item_m.pk]), "get", LINK_M)
    ],
}
