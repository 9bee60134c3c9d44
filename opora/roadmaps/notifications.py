"""Notifications about roadmap items (opora.notifications), made by the daily `opora notify`: each person whose
items (`my_items`) fall due within DUE_DAYS or are overdue gets one message a day summarising them."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse

from opora.accounts.models import Assignment, User

from .models import Item
from .services import my_items

DUE_DAYS = 7
LISTED = 5


def _summary(items: list[Item], total: int) -> str:
    lines = [
        f"• {item.number + ' ' if item.number else ''}{item.action[:150]} — до {item.end:%d.%m.%Y}" for item in items
    ]
    if total > len(items):
        lines.append(f"и ещё {total - len(items)}")
    return "\n".join(lines)


def scan(today: datetime.date) -> int:
    from opora.notifications.services import notify

    people = Assignment.objects.active(today).values("person_id")
    users = User.objects.filter(is_active=True, person_id__in=people).select_related("person")
    made = 0
    soon_q = Q(end__gte=today, end__lte=today + datetime.timedelta(days=DUE_DAYS))
    late_q = Q(end__lt=today)
    for user in users.iterator(chunk_size=200):
        mine = my_items(user).with_done().filter(is_done=False).exclude(end__isnull=True)
        counts = mine.aggregate(soon=Count("pk", filter=soon_q), late=Count("pk", filter=late_q))
        for kind, where, count, title, url in (
            (
                "items_due",
                soon_q,
                counts["soon"],
                "Срок в ближайшие {n_days} дней: мероприятий — {count}",
                reverse("roadmaps:mine"),
            ),
            (
                "items_overdue",
                late_q,
                counts["late"],
                "Просрочено мероприятий: {count}",
                reverse("roadmaps:mine") + "?overdue=1",
            ),
        ):
            if not count:
                continue
            listed = mine.filter(where).order_by("end", "pk").only("number", "action", "end")[:LISTED]
            made += notify(
                recipients=[user],
                kind=kind,
                title=title.format(n_days=DUE_DAYS, count=count),
                body=_summary(list(listed), count),
                url=url,
                key=f"roadmaps:{kind}:{today:%Y-%m-%d}",
            )
    return made
