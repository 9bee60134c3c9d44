"""`{% load surveys %}{% surveys_waiting %}`: the open surveys the signed-in user has not answered yet,
as a block for the home page (nothing when there are none)."""

from django import template

from ..selectors import waves_for

register = template.Library()


@register.inclusion_tag("surveys/_waiting.html", takes_context=True)
def surveys_waiting(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"waiting": []}
    return {"waiting": [w for w in waves_for(user) if not w.answered]}
