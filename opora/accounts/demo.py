"""Logins and role assignments of «Демо-область»: the registry's demo says who works where
(`posts`), this turns it into users and assignments by the ministry's order of the campaign year."""

from __future__ import annotations

import datetime

from opora.core.russian import counted
from opora.registry import demo as registry_demo
from opora.registry.models import Campaign, Region

from .models import Assignment, Role, User

PASSWORD = "opora-demo-2026"
LOGINS = [
    ("operator@demo.opora.ru", "региональный оператор"),
    ("coordinator@demo.opora.ru", "региональный координатор"),
    ("municipal@demo.opora.ru", "муниципальный координатор (Северный район)"),
    ("curator@demo.opora.ru", "куратор двух школ"),
    ("director@demo.opora.ru", "директор школы (управленческая команда)"),
    ("expert@demo.opora.ru", "эксперт"),
    ("observer@demo.opora.ru", "наблюдатель"),
    ("admin@demo.opora.ru", "администратор системы (все регионы, /admin/)"),
]


def load(region: Region, out) -> None:
    campaign = registry_demo.campaign_of(region)
    order = registry_demo.appointment_order(region)
    # Appointments hold from the order until revoked; a demo loaded again in a later year appoints
    # the same people for the new campaign and ends last year's appointments on 31 December.
    for earlier in Campaign.objects.filter(region=region, year__lt=campaign.year):
        Assignment.objects.filter(campaign=earlier, valid_to__isnull=True).update(
            valid_to=datetime.date(earlier.year, 12, 31)
        )
    created = 0
    for post in registry_demo.posts(region):
        person = post.person
        if post.login:
            _login(post.email, person)
        assignment, new = Assignment.objects.get_or_create(
            person=person,
            role=Role(post.role),
            region=region,
            campaign=campaign,
            defaults={"order": order, "municipality": post.municipality, "valid_from": order.date, "valid_to": None},
        )
        if new:
            created += 1
            if post.schools:
                assignment.schools.set(post.schools)
    _login("admin@demo.opora.ru", None, is_staff=True, is_superuser=True)
    if created:
        out.write(
            f"Назначения на {campaign.year} год: {counted(created, 'назначение', 'назначения', 'назначений')} "
            f"по приказу № {order.number} от {order.date:%d.%m.%Y}."
        )


def _login(email: str, person, **flags) -> None:
    user = User.objects.filter(email=email).first() or User(email=email, **flags)
    user.person = person
    user.set_password(PASSWORD)
    user.save()
