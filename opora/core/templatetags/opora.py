import datetime

from django import template

register = template.Library()


@register.filter
def isodate(value: str | None) -> str:
    """«2022-03-05» (as stored in JSON) → «05.03.2022»."""
    if not value:
        return ""
    try:
        return datetime.date.fromisoformat(value).strftime("%d.%m.%Y")
    except ValueError:
        return value
