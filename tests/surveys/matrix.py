"""The surveys URLs × personas, for tests/test_access_matrix.py (which requires a row for every URL).
The wave of R asks curators, school teams and municipal coordinators; the wave of R2 its operators."""

from django.urls import reverse

from .worlds import other_wave, wave_of

SIGNED_IN = {
    "operator": 200,
    "coordinator": 200,
    "municipal": 200,
    "curator_a": 200,
    "director_a": 200,
    "director_b": 200,
    "expert": 200,
    "observer": 200,
    "observer_m2": 200,
    "operator_r2": 200,
    "anonymous": 302,
}
NOBODY = dict.fromkeys(SIGNED_IN, 404) | {"anonymous": 302}
# Those the wave of R asks; anyone else learns nothing of the form (404).
AUDIENCE_R = NOBODY | {"municipal": 200, "curator_a": 200, "director_a": 200, "director_b": 200}
# The region's people see that a wave exists; only its team sees the results, R2 nothing.
REFUSED_IN_R = {p: 403 for p in SIGNED_IN} | {"operator_r2": 404, "anonymous": 302}
RESULTS_R = REFUSED_IN_R | {"operator": 200, "coordinator": 200}
CHANGE_R = REFUSED_IN_R | {"operator": 200}
OPERATORS = {p: 403 for p in SIGNED_IN} | {"operator": 200, "operator_r2": 200, "anonymous": 302}


def _form_of_r(w):
    return reverse("surveys:form_download", args=[wave_of(w).form_id])


MATRIX = {
    "surveys:home": [("опросы: ждущие ответа и волны региона", lambda w: reverse("surveys:home"), "get", SIGNED_IN)],
    "surveys:answer": [
        ("ответ на опрос R", lambda w: reverse("surveys:answer", args=[wave_of(w).pk]), "get", AUDIENCE_R),
        (
            "ответ на опрос R2",
            lambda w: reverse("surveys:answer", args=[other_wave(w).pk]),
            "get",
            NOBODY | {"operator_r2": 200},
        ),
    ],
    "surveys:wave": [
        ("результаты опроса R", lambda w: reverse("surveys:wave", args=[wave_of(w).pk]), "get", RESULTS_R),
        (
            "результаты опроса R2",
            lambda w: reverse("surveys:wave", args=[other_wave(w).pk]),
            "get",
            NOBODY | {"operator_r2": 200},
        ),
    ],
    "surveys:wave_xlsx": [
        ("XLSX опроса R", lambda w: reverse("surveys:wave_xlsx", args=[wave_of(w).pk]), "get", RESULTS_R)
    ],
    "surveys:wave_change": [
        ("изменение волны R", lambda w: reverse("surveys:wave_change", args=[wave_of(w).pk]), "get", CHANGE_R)
    ],
    "surveys:wave_create": [("новая волна", lambda w: reverse("surveys:wave_create"), "get", OPERATORS)],
    "surveys:form_import": [("загрузка анкеты", lambda w: reverse("surveys:form_import"), "get", OPERATORS)],
    "surveys:form_download": [
        ("файл анкеты R", _form_of_r, "get", OPERATORS | {"operator_r2": 404}),
    ],
}
