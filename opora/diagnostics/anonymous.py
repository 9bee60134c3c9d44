"""The anonymous link of a school: replacing it, and guarding it against stuffing.

Nothing here can tie an answer to a person: a response stores no account, address or browser
mark. The browser keeps a signed cookie with the groups it has answered (one response per
browser and group); the rate limit counts uses of the link per client key — a keyed hash of the
address that cannot be reversed — in a table that no response points to, pruned after a day."""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import LinkSubmission, SurveyLink

PER_CLIENT = 10  # responses from one address in RATE_WINDOW (a class in a school computer room)
PER_LINK = 120  # responses through one link in RATE_WINDOW
RATE_WINDOW = datetime.timedelta(minutes=10)
KEEP = datetime.timedelta(days=1)
COOKIE_AGE = 60 * 60 * 24 * 200


def cookie_name(link: SurveyLink) -> str:
    return f"opora_survey_{link.pk}"


def client_key(link: SurveyLink, address: str) -> str:
    message = f"{link.token}|{address}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:40]


def rate_limited(link: SurveyLink, key: str) -> bool:
    since = timezone.now() - RATE_WINDOW
    recent = LinkSubmission.objects.filter(link=link, at__gte=since)
    return recent.filter(client_key=key).count() >= PER_CLIENT or recent.count() >= PER_LINK


def note_submission(link: SurveyLink, key: str) -> None:
    LinkSubmission.objects.filter(link=link, at__lt=timezone.now() - KEEP).delete()
    LinkSubmission.objects.create(link=link, client_key=key)


@transaction.atomic
def link_replace(*, link: SurveyLink, user) -> SurveyLink:
    """A new link for the school; the old one stops working at once (its answers stay)."""
    SurveyLink.objects.filter(pk=link.pk, retired_at__isnull=True).update(retired_at=timezone.now())
    return SurveyLink.objects.create(school_id=link.school_id, campaign_id=link.campaign_id, created_by=user)
