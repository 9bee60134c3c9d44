"""Notifications about visits (opora.notifications), made by the daily `opora notify`:

- «visit_due»: the curator, two days before a planned visit (and on its day);
- «visit_gap»: the school's curators, its municipal coordinator and the region's coordinators,
  when the gap since the last held visit exceeds the campaign's norm — once per gap: the key
  names the last visit, so the next message comes only after another visit and another gap."""

from __future__ import annotations

import datetime

from django.urls import reverse

from opora.accounts.models import Assignment, Role
from opora.registry.models import Campaign, School

from .models import Visit, VisitStatus
from .selectors import curators_of, gap_flags, last_visit_dates, visit_norm_days

DUE_DAYS = 2


def _due(today: datetime.date, notify) -> int:
    made = 0
    visits = (
        Visit.objects.filter(
            status=VisitStatus.PLANNED, planned_on__gte=today, planned_on__lte=today + datetime.timedelta(days=DUE_DAYS)
        )
        .select_related("school", "curator")
        .order_by("planned_on", "pk")
    )
    for visit in visits:
        made += notify(
            recipients=[visit.curator],
            kind="visit_due",
            title=f"Визит в {visit.school.short_name} — {visit.planned_on:%d.%m.%Y}",
            body=f"Формат: {visit.get_format_display()}." + (f" Цель: {visit.purpose}" if visit.purpose else ""),
            url=reverse("monitoring:visit", args=[visit.pk]),
            key=f"visit_due:{visit.pk}:{visit.planned_on:%Y-%m-%d}",
        )
    return made


def _overseers(region_id: int, municipality_ids, today: datetime.date) -> tuple[dict[int, list], list]:
    """Municipal coordinators by municipality, and the region's coordinators (people)."""
    active = Assignment.objects.active(today).select_related("person")
    municipal: dict[int, list] = {}
    for a in active.filter(role=Role.MUNICIPAL_COORDINATOR, municipality_id__in=municipality_ids):
        municipal.setdefault(a.municipality_id, []).append(a.person)
    regional = [
        a.person for a in active.filter(role=Role.REGIONAL_COORDINATOR, region_id=region_id, municipality__isnull=True)
    ]
    return municipal, regional


def _gaps(today: datetime.date, notify) -> int:
    made = 0
    curated = Assignment.objects.active(today).filter(role=Role.CURATOR).values_list("schools", flat=True).distinct()
    by_region: dict[int, list[int]] = {}
    for school_id, region_id in School.objects.filter(pk__in=curated).values_list("pk", "municipality__region_id"):
        by_region.setdefault(region_id, []).append(school_id)
    for region_id, school_ids in by_region.items():
        campaign = Campaign.objects.filter(region_id=region_id).order_by("-year").first()
        if campaign is None:
            continue
        flags = gap_flags(school_ids, campaign, today)
        norm = visit_norm_days(campaign)
        if not flags:
            continue
        last = last_visit_dates(flags, campaign)
        curators = curators_of(flags, today)
        schools = School.objects.select_related("municipality").in_bulk(list(flags))
        municipal, regional = _overseers(region_id, {s.municipality_id for s in schools.values()}, today)
        for school_id, days in flags.items():
            school = schools[school_id]
            seen = f"последний визит {last[school_id]:%d.%m.%Y}" if last[school_id] else "визитов не было"
            made += notify(
                recipients=[*curators.get(school_id, []), *municipal.get(school.municipality_id, []), *regional],
                kind="visit_gap",
                title=f"{school.short_name}: {days} дн. без визита куратора",
                body=f"{school.full_name}, {school.municipality}: {seen}; норма — визит не реже раза в {norm} дн.",
                url=reverse("monitoring:school_visits", args=[school_id]),
                key=f"visit_gap:{school_id}:{last[school_id]}",
            )
    return made


def scan(today: datetime.date) -> int:
    from opora.notifications.services import notify

    return _due(today, notify) + _gaps(today, notify)
