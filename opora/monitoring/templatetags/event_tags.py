"""`{% load event_tags %}{% item_events item as events %}`: the events that fulfil a roadmap item,
as the user sees them — for the item's page (roadmaps may show them without importing us)."""

from django import template

from ..models import Event

register = template.Library()


@register.simple_tag(takes_context=True)
def item_events(context, item) -> list[Event]:
    """Events linked to the item that the signed-in user may see, oldest first (1 query)."""
    user = context["request"].user
    return list(Event.objects.for_user(user).filter(items=item).select_related("kind").order_by("starts_on", "pk"))
