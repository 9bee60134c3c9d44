"""The documents and council URLs × personas, for tests/test_access_matrix.py (which requires a row
for every URL). A and its municipality M are ours; B is in M2; the expert is assigned A's concept."""

from django.urls import reverse

from .access import documents_of as d

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
# Those who see school A (everyone of the region but B's director and M2's observer).
SEE_A = SIGNED_IN | {"director_b": 404, "observer_m2": 404, "operator_r2": 404}
SEE_B = SIGNED_IN | {"municipal": 404, "curator_a": 404, "director_a": 404, "operator_r2": 404}
REGION = NOBODY | {"operator": 200, "coordinator": 200, "expert": 200, "observer": 200}


# The campaign is seen by everyone of the region; only its operator configures its kinds and criteria.
CONFIGURE = {p: 403 for p in SIGNED_IN} | {"operator": 200, "operator_r2": 404, "anonymous": 302}


def concept_kind(world):
    from opora.programs.models import DocumentKind

    return next(k for k in DocumentKind.for_campaign(world.campaign) if k.code == "concept")


def only_in_a(allowed: dict) -> dict:
    """Seen by those who see A; done by `allowed`, refused (403) for the other viewers."""
    return {p: (404 if s == 404 else 302 if p == "anonymous" else 403) for p, s in SEE_A.items()} | allowed


MATRIX = {
    "programs:home": [("документы: что ждёт меня", lambda w: reverse("programs:home"), "get", SIGNED_IN)],
    "programs:school": [
        ("документы школы A", lambda w: reverse("programs:school", args=[w.school_a.pk]), "get", SEE_A),
        ("документы школы B", lambda w: reverse("programs:school", args=[w.school_b.pk]), "get", SEE_B),
    ],
    "programs:upload_new": [
        (
            "загрузка в школу A без файла",
            lambda w: reverse("programs:upload_new", args=[w.school_a.pk]),
            "post",
            only_in_a({"director_a": 302}),
        )
    ],
    "programs:document": [
        ("концепция A", lambda w: reverse("programs:document", args=[d(w).doc_submitted_a.pk]), "get", SEE_A),
        ("концепция B", lambda w: reverse("programs:document", args=[d(w).doc_submitted_b.pk]), "get", SEE_B),
    ],
    "programs:upload_version": [
        (
            "новая версия возвращённого документа A без файла",
            lambda w: reverse("programs:upload_version", args=[d(w).doc_returned_a.pk]),
            "post",
            only_in_a({"director_a": 200}),
        )
    ],
    "programs:submit": [
        (
            "отправка возвращённого документа A без редакции",
            lambda w: reverse("programs:submit", args=[d(w).doc_returned_a.pk]),
            "post",
            only_in_a({"director_a": 302}),
        )
    ],
    "programs:review": [
        (
            "проверка концепции A",
            lambda w: reverse("programs:review", args=[d(w).doc_submitted_a.pk]),
            "get",
            only_in_a({"curator_a": 200}),
        )
    ],
    "programs:reopen": [
        (
            "возврат одобренного документа A без основания",
            lambda w: reverse("programs:reopen", args=[d(w).doc_approved_a.pk]),
            "post",
            only_in_a({"curator_a": 200, "operator": 200}),
        )
    ],
    "programs:version_file": [
        (
            "файл концепции A",
            lambda w: reverse("programs:version_file", args=[d(w).doc_submitted_a.versions.get().pk]),
            "get",
            SEE_A,
        ),
        (
            "файл концепции B",
            lambda w: reverse("programs:version_file", args=[d(w).doc_submitted_b.versions.get().pk]),
            "get",
            SEE_B,
        ),
    ],
    "programs:table": [("сводная таблица", lambda w: reverse("programs:table"), "get", SIGNED_IN)],
    "programs:table_export": [
        ("выгрузка таблицы", lambda w: reverse("programs:table_export"), "get", SIGNED_IN),
        ("выгрузка таблицы (кнопка)", lambda w: reverse("programs:table_export"), "post", SIGNED_IN),
    ],
    "programs:kinds": [
        ("виды документов кампании", lambda w: reverse("programs:kinds", args=[w.campaign.pk]), "get", CONFIGURE),
        (
            "сохранить виды без изменений",
            lambda w: reverse("programs:kinds", args=[w.campaign.pk]),
            "post",
            CONFIGURE | {"operator": 302},
        ),
    ],
    "programs:criteria": [
        (
            "сохранить критерии концепции без изменений",
            lambda w: reverse("programs:criteria", args=[w.campaign.pk, concept_kind(w).pk]),
            "post",
            CONFIGURE | {"operator": 302},
        )
    ],
    "programs:council": [("экспертный совет", lambda w: reverse("programs:council"), "get", SIGNED_IN)],
    "programs:draw": [
        (
            "выборка без параметров",
            lambda w: reverse("programs:draw", args=[w.campaign.pk]),
            "post",
            {p: 403 for p in SIGNED_IN} | {"operator": 302, "operator_r2": 404, "anonymous": 302},
        )
    ],
    "programs:sample": [("выборка", lambda w: reverse("programs:sample", args=[d(w).sample.pk]), "get", REGION)],
    "programs:assign": [
        (
            "назначение эксперта без данных",
            lambda w: reverse("programs:assign", args=[d(w).sample.pk]),
            "post",
            REGION | {"operator": 302, "coordinator": 403, "expert": 403, "observer": 403},
        )
    ],
    "programs:sample_export": [
        ("выгрузка выборки", lambda w: reverse("programs:sample_export", args=[d(w).sample.pk]), "get", REGION)
    ],
    "programs:score": [
        (
            "оценка документа экспертом",
            lambda w: reverse("programs:score", args=[d(w).expert_assignment.pk]),
            "get",
            NOBODY | {"expert": 200},
        )
    ],
}
