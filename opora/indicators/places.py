"""Whose figures a user may see: the whole region (the region's team), a municipality (its
coordinator, observer, or the region's team), a school (whoever sees the school). Anything else is
404, so a municipal coordinator never counts another municipality."""

from __future__ import annotations

from django.http import Http404

from opora.core.scoping import scope_of
from opora.registry.models import Campaign, Municipality, School

from .compute import REGION, Place


def sees_region(user, campaign: Campaign) -> bool:
    scope = scope_of(user)
    return scope.everything or campaign.region_id in scope.region_ids


def sees_municipality(user, campaign: Campaign, municipality_id: int) -> bool:
    scope = scope_of(user)
    return sees_region(user, campaign) or municipality_id in scope.municipality_ids


def place_for(user, campaign: Campaign, municipality=None, school=None) -> tuple[Place, object | None]:
    """The place asked for (ids or objects) and its object, or 404 when the user may not see it."""
    if school:
        school_id = getattr(school, "pk", school)
        found = (
            School.objects.for_user(user)
            .filter(pk=school_id, municipality__region_id=campaign.region_id)
            .select_related("municipality")
            .first()
        )
        if found is None:
            raise Http404("Школа не найдена")
        return Place(found.municipality_id, found.pk), found
    if municipality:
        municipality_id = getattr(municipality, "pk", municipality)
        found = Municipality.objects.filter(pk=municipality_id, region_id=campaign.region_id).first()
        if found is None or not sees_municipality(user, campaign, found.pk):
            raise Http404("Муниципалитет не найден")
        return Place(found.pk), found
    if not sees_region(user, campaign):
        raise Http404("Показатели региона недоступны")
    return REGION, None


def int_or_none(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        raise Http404("Неверный адрес") from None
