from django.core.exceptions import PermissionDenied

from opora.core.scoping import scope_of

from .models import Region


def require_operator_regions(user):
    """The regions this user runs as regional operator; 403 when none — the page is not for them."""
    scope = scope_of(user)
    regions = Region.objects.for_user(user)
    if not scope.everything:
        regions = regions.filter(pk__in=scope.operator_region_ids)
    if not regions.exists():
        raise PermissionDenied("Это действие доступно только региональному оператору.")
    return regions
