"""Probes of the event rules for tests/test_access_rules.py. Each request is rolled back, so the
event is made afresh inside every probe."""

from django.urls import reverse

from .event_matrix import event_in

R, R2 = "R", "R2"


def event_probes(Probe, Place) -> dict:
    """`Probe` and `Place` are the classes of tests/test_access_rules.py (which imports this module)."""

    def page(name, where):
        return lambda w: reverse(f"monitoring:{name}", args=[event_in(w, where).pk])

    def add_material(w):
        url = reverse("monitoring:event_material_add", args=[event_in(w, "M").pk])
        return url, {"title": "Запись", "url": "https://example.ru/zapis"}

    return {
        "event.manage": [
            Probe("страница нового мероприятия", "get", lambda w: reverse("monitoring:event_create"), None),
            Probe("изменить мероприятие региона", "get", page("event_edit", "R"), Place(R)),
            Probe("изменить совещание муниципалитета M", "get", page("event_edit", "M"), Place(R, "M")),
            Probe("добавить материал совещания M", "post", add_material, Place(R, "M")),
            Probe("изменить совещание муниципалитета M2", "get", page("event_edit", "M2"), Place(R, "M2")),
            Probe("изменить мероприятие чужого региона", "get", page("event_edit", "R2"), Place(R2)),
        ],
        "attendance.mark": [
            Probe("посещаемость мероприятия региона", "get", page("attendance", "R"), Place(R)),
            Probe("посещаемость совещания M", "get", page("attendance", "M"), Place(R, "M")),
            Probe("посещаемость совещания M2", "get", page("attendance", "M2"), Place(R, "M2")),
            Probe("посещаемость мероприятия чужого региона", "get", page("attendance", "R2"), Place(R2)),
        ],
    }
