import datetime

from django import template

from opora.core import russian

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
