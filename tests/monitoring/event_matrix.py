"""Event and attendance URLs × personas (merged by tests/monitoring/matrix.py), and the events of the
shared test world they open: a region-wide webinar of R, a meeting of M, one of M2, one of R2."""

import datetime

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opora.accounts.models import Role
from opora.monitoring.models import AttendanceImport, Event, EventKind, EventMaterial
from opora.registry.models import Campaign
from tests.programs.matrix import NOBODY, SEE_A, SEE_B, SIGNED_IN

DAY = datetime.date(2026, 3, 12)


def kind(name: str = "вебинар") -> EventKind:
    return EventKind.objects.get_or_create(region=None, name=name)[0]


def event_in(world, where: str, **extra) -> Event:
    """An event of the region R («R»), of its municipality M («M») or M2 («M2»), or of R2 («R2»)."""
    campaign = world.campaign
    municipality = {"M": world.m, "M2": world.m2}.get(where)
    if where == "R2":
        campaign = Campaign.objects.filter(region=world.other_region).first() or Campaign.objects.create(
            region=world.other_region, year=2026
        )
    values = {
        "campaign": campaign,
        "municipality": municipality,
        "kind": kind("селекторное совещание" if municipality else "вебинар"),
        "title": f"Мероприятие {where}",
        "starts_on": DAY,
        "organiser_text": "Региональный центр",
        "audience_roles": [Role.MUNICIPAL_COORDINATOR, Role.CURATOR, Role.SCHOOL_TEAM],
    }
    return Event.objects.create(**(values | extra))


def ev(world):
    """Once per world: the four events, a material with a file and a kept import of M's event."""
    if not hasattr(world, "event_r"):
        world.event_r = event_in(world, "R")
        world.event_m = event_in(world, "M")
        world.event_m2 = event_in(world, "M2")
        world.event_r2 = event_in(world, "R2")
        world.material_m = EventMaterial.objects.create(
            event=world.event_m, title="Презентация", file=ContentFile(b"%PDF-1.4 test", name="prez.pdf")
        )
        world.import_m = AttendanceImport.objects.create(
            event=world.event_m,
            file=ContentFile(b"\xd0\xa4\xd0\x98\xd0\x9e;E-mail\n", name="telemost.csv"),
            original_name="telemost.csv",
            status="done",
        )
    return world


def url(name, obj):
    return lambda w: reverse(f"monitoring:{name}", args=[obj(ev(w)).pk])


def upload(w):
    csv = "ФИО;E-mail;Подключился;Время участия\nНовый Участник;new@example.ru;12.03.2026 10:00;30\n"
    return (
        reverse("monitoring:attendance_upload", args=[ev(w).event_m.pk]),
        {"file": SimpleUploadedFile("tolk.csv", csv.encode())},
    )


def material(w):
    return (
        reverse("monitoring:event_material_add", args=[ev(w).event_m.pk]),
        {"title": "Запись", "url": "https://example.ru/zapis"},
    )


SEE_R = SIGNED_IN | {"operator_r2": 404}
SEE_R2 = NOBODY | {"operator_r2": 200}


def managed(seen: dict, allowed: tuple, status: int = 200) -> dict:
    """Seen by `seen`; done (`status`) by `allowed`; refused (403) to the other viewers."""
    return {p: (s if s in (302, 404) else 403) for p, s in seen.items()} | dict.fromkeys(allowed, status)


REGION_TEAM = ("operator", "coordinator")
M_TEAM = ("operator", "coordinator", "municipal")

MATRIX = {
    "monitoring:events": [("мероприятия", lambda w: reverse("monitoring:events"), "get", SIGNED_IN)],
    "monitoring:event_create": [
        (
            "новое мероприятие",
            lambda w: reverse("monitoring:event_create"),
            "get",
            managed(SIGNED_IN, (*M_TEAM, "operator_r2")),
        )
    ],
    "monitoring:event": [
        ("вебинар региона", url("event", lambda w: w.event_r), "get", SEE_R),
        ("совещание M", url("event", lambda w: w.event_m), "get", SEE_A),
        ("совещание M2", url("event", lambda w: w.event_m2), "get", SEE_B),
        ("мероприятие R2", url("event", lambda w: w.event_r2), "get", SEE_R2),
    ],
    "monitoring:event_edit": [
        ("изменить вебинар региона", url("event_edit", lambda w: w.event_r), "get", managed(SEE_R, REGION_TEAM)),
        ("изменить совещание M", url("event_edit", lambda w: w.event_m), "get", managed(SEE_A, M_TEAM)),
        ("изменить совещание M2", url("event_edit", lambda w: w.event_m2), "get", managed(SEE_B, REGION_TEAM)),
        ("изменить мероприятие R2", url("event_edit", lambda w: w.event_r2), "get", SEE_R2),
    ],
    "monitoring:event_material_add": [
        ("добавить материал совещания M", material, "post", managed(SEE_A, M_TEAM, 302)),
    ],
    "monitoring:event_material": [("файл материала M", url("event_material", lambda w: w.material_m), "get", SEE_A)],
    "monitoring:attendance": [
        ("посещаемость совещания M", url("attendance", lambda w: w.event_m), "get", managed(SEE_A, M_TEAM)),
        ("посещаемость совещания M2", url("attendance", lambda w: w.event_m2), "get", managed(SEE_B, REGION_TEAM)),
    ],
    "monitoring:attendance_upload": [("загрузить файл совещания M", upload, "post", managed(SEE_A, M_TEAM, 302))],
    "monitoring:attendance_import": [
        ("загрузка посещаемости M", url("attendance_import", lambda w: w.import_m), "get", managed(SEE_A, M_TEAM))
    ],
    "monitoring:attendance_import_file": [
        (
            "файл загрузки M",
            url("attendance_import_file", lambda w: w.import_m),
            "get",
            managed(SEE_A, M_TEAM),
        )
    ],
}
