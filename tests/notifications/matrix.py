"""The notifications URLs × personas, for tests/test_access_matrix.py (which requires a row for every URL).

Everyone signed in has an inbox of their own; a message opens for its recipient only (the curator of A
here) and is 404 for everyone else."""

from django.urls import reverse

from opora.notifications.models import Kind, Message

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
REDIRECTED = dict.fromkeys(SIGNED_IN, 302)
ONLY_RECIPIENT = dict.fromkeys(SIGNED_IN, 404) | {"curator_a": 302, "anonymous": 302}


def curators_message(w) -> Message:
    message, _ = Message.objects.get_or_create(
        recipient=w.users["curator_a"],
        key="matrix:review",
        defaults={"kind": Kind.REVIEW_WAITING, "title": "Документ ждёт проверки", "url": reverse("programs:home")},
    )
    return message


MATRIX = {
    "notifications:inbox": [("мои уведомления", lambda w: reverse("notifications:inbox"), "get", SIGNED_IN)],
    "notifications:open": [
        (
            "уведомление куратора A",
            lambda w: reverse("notifications:open", args=[curators_message(w).pk]),
            "get",
            ONLY_RECIPIENT,
        )
    ],
    "notifications:read_all": [
        ("отметить все прочитанными", lambda w: reverse("notifications:read_all"), "post", REDIRECTED)
    ],
    "notifications:settings": [
        ("настройки уведомлений", lambda w: reverse("notifications:settings"), "get", SIGNED_IN),
        ("настройки без выбора: ничего не меняется", lambda w: reverse("notifications:settings"), "post", SIGNED_IN),
    ],
}
