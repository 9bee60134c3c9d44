"""The public URLs × personas, for tests/test_access_matrix.py (which requires a row for every URL).

Public pages answer everyone alike, signed in or not: 200 while published, 404 otherwise. A's page
is on with its concept published; B's page is off; A's anti-risk programme was published and then
reopened (tests/public/worlds.py)."""

from django.urls import reverse

from .worlds import add_pages, file_url, school_url

PERSONAS = [
    "operator",
    "coordinator",
    "municipal",
    "curator_a",
    "director_a",
    "director_b",
    "expert",
    "observer",
    "observer_m2",
    "operator_r2",
    "anonymous",
]
EVERYONE_200 = dict.fromkeys(PERSONAS, 200)
EVERYONE_404 = dict.fromkeys(PERSONAS, 404)
SIGNED_IN = dict.fromkeys(PERSONAS, 200) | {"anonymous": 302}
# Who sees school A (its settings page is 404 for the others) and who may change its page.
SEES_A_403 = dict.fromkeys(PERSONAS, 403) | {
    "director_b": 404,
    "observer_m2": 404,
    "operator_r2": 404,
    "anonymous": 302,
}
SEES_B_403 = dict.fromkeys(PERSONAS, 403) | {
    "municipal": 404,
    "curator_a": 404,
    "director_a": 404,
    "operator_r2": 404,
    "anonymous": 302,
}


def _w(w):
    return add_pages(w)


MATRIX = {
    "public:region": [
        ("страница региона", lambda w: reverse("public:region", args=[_w(w).region_page.slug]), "get", EVERYONE_200),
    ],
    "public:school": [
        ("открытая страница школы A", lambda w: school_url(_w(w)), "get", EVERYONE_200),
        ("закрытая школой страница B", lambda w: school_url(_w(w), w.page_b), "get", EVERYONE_404),
    ],
    "public:file": [
        ("опубликованная концепция A", lambda w: file_url(_w(w), w.published_a), "get", EVERYONE_200),
        ("опубликованный и возвращённый документ A", lambda w: file_url(_w(w), w.reopened_a), "get", EVERYONE_404),
    ],
    "public:manage": [("публичные страницы школ", lambda w: reverse("public:manage"), "get", SIGNED_IN)],
    "public:settings": [
        (
            "настройка страницы A",
            lambda w: reverse("public:settings", args=[_w(w).school_a.pk]),
            "get",
            SEES_A_403 | {"director_a": 200},
        ),
        (
            "настройка страницы B",
            lambda w: reverse("public:settings", args=[_w(w).school_b.pk]),
            "get",
            SEES_B_403 | {"director_b": 200},
        ),
    ],
    "public:block": [
        (
            "закрыть страницу A без основания",
            lambda w: reverse("public:block", args=[_w(w).school_a.pk]),
            "post",
            SEES_A_403 | {"operator": 302},
        )
    ],
}
