"""Visit URLs × personas (merged by tests/monitoring/matrix.py). A and its municipality M are ours;
B is in M2; curator_a is A's curator, director_a is on A's team."""

from django.core.files.base import ContentFile
from django.urls import reverse

from opora.monitoring.models import Recommendation, VisitAttachment
from tests.programs.matrix import SEE_A, SEE_B, SIGNED_IN, only_in_a

from .access import visit_in


def v(world):
    """Once per world: A's planned and held visits (an open and a done recommendation, a file), B's held visit."""
    if not hasattr(world, "visit_planned_a"):
        world.visit_planned_a = visit_in(world, "A")
        world.visit_held_a = visit_in(world, "A", "held")
        world.visit_held_b = visit_in(world, "B", "held")
        world.rec_open_a = Recommendation.objects.create(visit=world.visit_held_a, number=1, text="Открытая")
        world.rec_done_a = Recommendation.objects.create(
            visit=world.visit_held_a, number=2, text="Выполненная", status="done"
        )
        world.attachment_a = VisitAttachment.objects.create(
            visit=world.visit_held_a,
            file=ContentFile(b"%PDF-1.4 test", name="protokol.pdf"),
            original_name="Протокол.pdf",
            filetype="pdf",
            size=13,
            sha256="0" * 64,
        )
    return world


def url(name, obj):
    return lambda w: reverse(f"monitoring:{name}", args=[obj(v(w)).pk])


MATRIX = {
    "monitoring:visit_norm": [
        (
            "норма визитов кампании",
            lambda w: reverse("monitoring:visit_norm", args=[w.campaign.pk]),
            "get",
            {p: (302 if p == "anonymous" else 404 if p == "operator_r2" else 403) for p in SIGNED_IN}
            | {"operator": 200},
        )
    ],
    "monitoring:visits": [("план визитов", lambda w: reverse("monitoring:visits"), "get", SIGNED_IN)],
    "monitoring:school_visits": [
        ("визиты школы A", url("school_visits", lambda w: w.school_a), "get", SEE_A),
        ("визиты школы B", url("school_visits", lambda w: w.school_b), "get", SEE_B),
    ],
    "monitoring:visit_plan": [
        ("запланировать визит в A", url("visit_plan", lambda w: w.school_a), "get", only_in_a({"curator_a": 200}))
    ],
    "monitoring:visit": [
        ("визит в A", url("visit", lambda w: w.visit_held_a), "get", SEE_A),
        ("визит в B", url("visit", lambda w: w.visit_held_b), "get", SEE_B),
    ],
    "monitoring:visit_reschedule": [
        (
            "перенести визит в A",
            url("visit_reschedule", lambda w: w.visit_planned_a),
            "get",
            only_in_a({"curator_a": 200}),
        )
    ],
    "monitoring:visit_cancel": [
        (
            "отменить визит в A без причины",
            url("visit_cancel", lambda w: w.visit_planned_a),
            "post",
            only_in_a({"curator_a": 400}),
        )
    ],
    "monitoring:visit_record": [
        (
            "записать итоги визита в A",
            url("visit_record", lambda w: w.visit_planned_a),
            "get",
            only_in_a({"curator_a": 200}),
        )
    ],
    "monitoring:visit_attach": [
        (
            "файл к визиту в A без файла",
            url("visit_attach", lambda w: w.visit_held_a),
            "post",
            only_in_a({"curator_a": 302}),
        )
    ],
    "monitoring:visit_acknowledge": [
        (
            "ознакомиться с визитом в A",
            url("visit_acknowledge", lambda w: w.visit_held_a),
            "post",
            only_in_a({"director_a": 302}),
        )
    ],
    "monitoring:visit_attachment": [
        ("файл визита в A", url("visit_attachment", lambda w: w.attachment_a), "get", SEE_A)
    ],
    "monitoring:recommendation_done": [
        (
            "рекомендация A выполнена",
            url("recommendation_done", lambda w: w.rec_open_a),
            "post",
            only_in_a({"director_a": 302}),
        )
    ],
    "monitoring:recommendation_confirm": [
        (
            "подтверждение рекомендации A без решения",
            url("recommendation_confirm", lambda w: w.rec_done_a),
            "post",
            only_in_a({"curator_a": 400}),
        )
    ],
}
