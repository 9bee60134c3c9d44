"""The reports URLs × personas, for tests/test_access_matrix.py (which requires a row for every URL).
A and its municipality M are ours; B is in M2. A's report is a draft, B's submitted."""

from django.urls import reverse

from .worlds import reports_of as r
from .worlds import stages

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
SEE_A = SIGNED_IN | {"director_b": 404, "observer_m2": 404, "operator_r2": 404}
# A's draft: not its school's team (they see submitted reports only).
SEE_A_DRAFT = SEE_A | {"director_a": 404}
SEE_B = SIGNED_IN | {"municipal": 404, "curator_a": 404, "director_a": 404, "operator_r2": 404}


def only_in_a(allowed: dict) -> dict:
    """Seen by those who see A; done by `allowed`, refused (403) for the other viewers."""
    return {p: (404 if s == 404 else 302 if p == "anonymous" else 403) for p, s in SEE_A.items()} | allowed


def write_a(w):
    return reverse("reports:write", args=[w.school_a.pk, stages(w)[0].pk])


MATRIX = {
    "reports:home": [("отчёты по этапам", lambda w: reverse("reports:home"), "get", SIGNED_IN)],
    "reports:overview": [("кто не отправил отчёт", lambda w: reverse("reports:overview"), "get", SIGNED_IN)],
    "reports:write": [
        ("форма отчёта по школе A", write_a, "get", only_in_a({"curator_a": 200})),
        (
            "сохранение отчёта по школе A",
            lambda w: (write_a(w), {"conclusions": "Выводы"}),
            "post",
            only_in_a({"curator_a": 302}),
        ),
        (
            "форма отчёта по школе B",
            lambda w: reverse("reports:write", args=[w.school_b.pk, stages(w)[0].pk]),
            "get",
            {p: (404 if s == 404 else 302 if p == "anonymous" else 403) for p, s in SEE_B.items()},
        ),
    ],
    "reports:report": [
        ("черновик отчёта A", lambda w: reverse("reports:report", args=[r(w).report_draft_a.pk]), "get", SEE_A_DRAFT),
        ("отправленный отчёт B", lambda w: reverse("reports:report", args=[r(w).report_submitted_b.pk]), "get", SEE_B),
    ],
    "reports:docx": [
        ("DOCX черновика A", lambda w: reverse("reports:docx", args=[r(w).report_draft_a.pk]), "get", SEE_A_DRAFT),
        ("DOCX отчёта B", lambda w: reverse("reports:docx", args=[r(w).report_submitted_b.pk]), "get", SEE_B),
    ],
    "reports:submit": [
        (
            "подтверждение отправки отчёта A",
            lambda w: reverse("reports:submit", args=[r(w).report_draft_a.pk]),
            "get",
            {p: (404 if s == 404 else 302 if p == "anonymous" else 403) for p, s in SEE_A_DRAFT.items()}
            | {"curator_a": 200},
        )
    ],
    "reports:reopen": [
        (
            "возврат отчёта B без основания",
            lambda w: reverse("reports:reopen", args=[r(w).report_submitted_b.pk]),
            "post",
            {p: (404 if s == 404 else 302 if p == "anonymous" else 403) for p, s in SEE_B.items()} | {"operator": 302},
        )
    ],
}
