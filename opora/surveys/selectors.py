"""Who a wave asks and who has answered: the facts behind response rates (also read by indicators).

The audience of a wave is the people with an active assignment, on the audience day, in one of the
wave's roles in its region — a municipal role in a municipality, a curator or a school team through
their schools' municipalities; a wave limited to municipalities asks only people working there
(region-level roles have no municipality, so they are not asked by such a wave). The audience day
is today while the wave is open and its last day once it has closed."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from opora.accounts.models import Assignment
from opora.registry.models import Person

from .models import Participation, Wave


def audience_day(wave: Wave, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return min(today, wave.closes_on)


def _in_municipalities(ids) -> Q:
    via_schools = Assignment.schools.through.objects.filter(school__municipality_id__in=ids).values("assignment_id")
    return Q(municipality_id__in=ids) | Q(pk__in=via_schools)


def audience_assignments(wave: Wave, municipality=None, role: str | None = None) -> QuerySet:
    """The active assignments that put people into the wave's audience."""
    roles = [r for r in wave.roles if role is None or r == role]
    qs = Assignment.objects.active(audience_day(wave)).filter(region_id=wave.campaign.region_id, role__in=roles)
    limited = list(wave.municipalities.values_list("pk", flat=True))
    if limited:
        qs = qs.filter(_in_municipalities(limited))
    if municipality is not None:
        qs = qs.filter(_in_municipalities([getattr(municipality, "pk", municipality)]))
    return qs


def audience_people(wave: Wave, municipality=None, role: str | None = None) -> QuerySet:
    """The people the wave asks (each once, whatever the number of their assignments)."""
    return Person.objects.filter(pk__in=audience_assignments(wave, municipality, role).values("person_id"))


def answered_people(wave: Wave, municipality=None, role: str | None = None) -> QuerySet:
    """The people of the audience who have answered."""
    return audience_people(wave, municipality, role).filter(
        pk__in=Participation.objects.filter(wave=wave).values("person_id")
    )


def response_rate(wave: Wave, municipality=None, role: str | None = None) -> tuple[int, int]:
    """(answered, audience) for the wave, optionally for one municipality and/or one role. Two queries."""
    return answered_people(wave, municipality, role).count(), audience_people(wave, municipality, role).count()


def in_audience(wave: Wave, user) -> bool:
    if not user.is_authenticated or not user.person_id:
        return False
    return audience_assignments(wave).filter(person_id=user.person_id).exists()


def waves_for(user, today: datetime.date | None = None) -> list[Wave]:
    """The open waves that ask this user, with `answered` set on each. Bounded: three queries."""
    today = today or timezone.localdate()
    if not user.is_authenticated or not user.person_id:
        return []
    mine = list(
        Assignment.objects.active(today)
        .filter(person_id=user.person_id)
        .values_list("pk", "role", "region_id", "municipality_id")
    )
    if not mine:
        return []
    school_municipalities: dict[int, set[int]] = {}
    for assignment_id, municipality_id in Assignment.schools.through.objects.filter(
        assignment_id__in=[a[0] for a in mine]
    ).values_list("assignment_id", "school__municipality_id"):
        school_municipalities.setdefault(assignment_id, set()).add(municipality_id)
    waves = list(
        Wave.objects.filter(campaign__region_id__in={a[2] for a in mine}, opens_on__lte=today, closes_on__gte=today)
        .select_related("campaign")
        .prefetch_related("municipalities")
    )
    done = set(Participation.objects.filter(wave__in=waves, person_id=user.person_id).values_list("wave_id", flat=True))
    out = []
    for wave in waves:
        limited = {m.pk for m in wave.municipalities.all()}
        for pk, role, region_id, municipality_id in mine:
            if role not in wave.roles or region_id != wave.campaign.region_id:
                continue
            places = {municipality_id} if municipality_id else school_municipalities.get(pk, set())
            if not limited or places & limited:
                wave.answered = wave.pk in done
                out.append(wave)
                break
    return out
