"""`{% item_indicator item %}`: the live value of the indicator a roadmap item is linked to, next
to its target (roadmaps shows it through one include line, importing nothing of this app)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from opora.core.access import can

from ..compute import Place, evaluate
from ..models import ItemIndicatorLink

register = template.Library()


def _place_of(roadmap) -> Place:
    if roadmap.level == "school" and roadmap.school_id:
        return Place(roadmap.school.municipality_id, roadmap.school_id)
    if roadmap.level == "municipality" and roadmap.municipality_id:
        return Place(roadmap.municipality_id)
    return Place()


@register.inclusion_tag("indicators/_item_value.html", takes_context=True)
def item_indicator(context, item):
    link = ItemIndicatorLink.objects.filter(item=item).select_related("indicator__campaign").first()
    request = context.get("request")
    user = getattr(request, "user", None)
    figure, url = None, ""
    if link is not None and not link.indicator.retired:
        place = _place_of(item.roadmap)
        figure = evaluate(link.indicator, place)
        url = reverse("indicators:value", args=[link.indicator_id]) + place.query()
    return {
        "item": item,
        "figure": figure,
        "url": url,
        "may_link": user is not None and can(user, "indicator.link", item),
    }
