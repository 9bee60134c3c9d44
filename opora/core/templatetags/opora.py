import datetime

from django import template

from opora.core import access, russian

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


@register.filter
def plural(n: int, forms: str) -> str:
    """{{ n|plural:"школа,школы,школ" }} → the noun form for n."""
    one, few, many = forms.split(",")
    return russian.plural(int(n or 0), one, few, many)


@register.simple_tag(takes_context=True)
def can(context, action: str, obj=None) -> bool:
    """{% can "roadmap.change" roadmap as editable %}; without an object: the action anywhere."""
    user = context["request"].user
    return access.can_anywhere(user, action) if obj is None else access.can(user, action, obj)
