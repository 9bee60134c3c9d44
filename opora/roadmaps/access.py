"""Who may change a roadmap (everyone who sees it may read it)."""

from opora.core.scoping import scope_of
from opora.registry.models import Campaign, Municipality, School

from .models import Roadmap


def can_manage(
    user, campaign: Campaign, level: str, municipality: Municipality | None = None, school: School | None = None
) -> bool:
    scope = scope_of(user)
    if scope.everything or campaign.region_id in scope.manage_region_ids:
        return True
    if level == Roadmap.Level.MUNICIPALITY and municipality is not None:
        return municipality.pk in scope.manage_municipality_ids
    if level == Roadmap.Level.SCHOOL and school is not None:
        return school.pk in scope.school_ids or school.municipality_id in scope.manage_municipality_ids
    return False


def can_edit(user, roadmap: Roadmap) -> bool:
    return can_manage(user, roadmap.campaign, roadmap.level, roadmap.municipality, roadmap.school)
