from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from opora.registry.models import Campaign

from ..access import can_edit
from ..models import Item, Roadmap


def current_campaign(request) -> Campaign | None:
    """The campaign chosen in the page (?campaign=), else the user's latest one."""
    campaigns = Campaign.objects.for_user(request.user).select_related("region").order_by("-year")
    chosen = request.GET.get("campaign", "")
    if chosen.isdigit():
        return get_object_or_404(campaigns, pk=chosen)
    return campaigns.first()


def visible_roadmap(request, pk: int) -> Roadmap:
    return get_object_or_404(
        Roadmap.objects.for_user(request.user).select_related("campaign__region", "municipality", "school", "order"),
        pk=pk,
    )


def editable_roadmap(request, pk: int) -> Roadmap:
    roadmap = visible_roadmap(request, pk)
    if not can_edit(request.user, roadmap):
        raise PermissionDenied("Изменять эту дорожную карту вы не можете.")
    return roadmap


def editable_item(request, pk: int) -> Item:
    item = get_object_or_404(
        Item.objects.for_user(request.user).select_related(
            "roadmap__campaign__region", "roadmap__municipality", "roadmap__school", "section"
        ),
        pk=pk,
    )
    if not can_edit(request.user, item.roadmap):
        raise PermissionDenied("Изменять эту дорожную карту вы не можете.")
    return item
