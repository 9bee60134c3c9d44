from django.shortcuts import get_object_or_404

from opora.registry.models import Campaign

ROADMAP_RELATED = ("campaign__region", "municipality", "school", "order")
ITEM_RELATED = ("roadmap__campaign__region", "roadmap__municipality", "roadmap__school", "section")


def current_campaign(request) -> Campaign | None:
    """The campaign chosen in the page (?campaign=), else the user's latest one."""
    campaigns = Campaign.objects.for_user(request.user).select_related("region").order_by("-year")
    chosen = request.GET.get("campaign", "")
    if chosen.isdigit():
        return get_object_or_404(campaigns, pk=chosen)
    return campaigns.first()
