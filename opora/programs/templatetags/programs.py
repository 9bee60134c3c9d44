from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..models import Status

register = template.Library()

CLASSES = {
    Status.DRAFT: "text-bg-secondary",
    Status.SUBMITTED: "text-bg-warning",
    Status.APPROVED: "text-bg-success",
    Status.RETURNED: "text-bg-danger",
}


@register.simple_tag
def status_badge(status: str):
    """A document status as a coloured badge; no document yet — «нет»."""
    if not status:
        return mark_safe('<span class="badge text-bg-light border">нет</span>')
    return format_html('<span class="badge {}">{}</span>', CLASSES[status], Status(status).label)
