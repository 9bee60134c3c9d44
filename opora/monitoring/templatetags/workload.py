"""Tags of the region's view of curators: sortable headers of the workload table, and the alert
about mismatches between the list and the curators that other apps' pages include (the list page,
the assignments page) without their views knowing about it."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from opora.core.access import can_anywhere
from opora.registry.models import Campaign

from ..mismatches import KINDS, OVERSEE, mismatches_for

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, column: str, label: str):
    """A column heading that sorts the table by it; a second click reverses the order."""
    sort = context["sort"]
    current = sort.lstrip("-")
    descending = sort.startswith("-")
    # Figures are most useful largest first; names and dates alphabetically / oldest first.
    first = f"-{column}" if column in ("schools", "listed", "visits", "gaps") else column
    target = (column if descending else f"-{column}") if current == column else first
    query = context["sorting"].copy()
    query["sort"] = target
    arrow = (" ↓" if descending else " ↑") if current == column else ""
    return format_html('<a class="link-dark" href="?{}">{}{}</a>', query.urlencode(), label, arrow)


@register.inclusion_tag("monitoring/mismatch_alert.html", takes_context=True)
def mismatch_alert(context, identification=None):
    """The counts of mismatches for a viewer who oversees curators, where the region works with
    lists and assignments. Given a list (an identification), only on the list the campaign works
    by, so an old or superseded run does not carry today's figures."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not can_anywhere(user, OVERSEE):
        return {"show": False}
    if identification is not None:
        campaign = identification.campaign
    else:
        campaign = Campaign.objects.for_user(user).order_by("-year").first()
        if campaign is None:
            return {"show": False}
    view = mismatches_for(user, campaign, timezone.localdate())
    if identification is not None and (view.identification is None or view.identification.pk != identification.pk):
        return {"show": False}
    counts = view.counts()
    base = reverse("monitoring:mismatches")
    items = [
        {"kind": kind, "label": label, "count": counts[kind], "url": f"{base}?campaign={campaign.pk}&kind={kind}"}
        for kind, label in KINDS.items()
        if counts[kind]
    ]
    return {
        "show": True,
        "items": items,
        "campaign": campaign,
        "workload_url": f"{reverse('monitoring:workload')}?campaign={campaign.pk}",
        "on_workload": getattr(request.resolver_match, "view_name", "") == "monitoring:workload",
        "mismatches_url": f"{base}?campaign={campaign.pk}",
    }
