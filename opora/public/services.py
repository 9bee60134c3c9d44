"""The school chooses what its public page shows; the region may close the page, with a reason.
Every switch is a row (`PageEvent`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opora.core.access import require

from .models import PageEvent, PublishedDocument, SchoolPage
from .selectors import approved_documents


@transaction.atomic
def page_publish(*, user, page: SchoolPage, enabled: bool, show_roadmap: bool, document_ids: set[int]) -> SchoolPage:
    """The page on or off, and which of the school's approved documents it shows (in the version
    approved now). A document that is not approved (any more) is refused and nothing changes."""
    page = SchoolPage.objects.select_for_update().select_related("school").get(pk=page.pk)
    require(user, "page.publish", page)
    approved = {document.pk: version_id for document, version_id in approved_documents(page.school)}
    unknown = document_ids - set(approved)
    if unknown:
        raise ValidationError(
            "Опубликовать можно только одобренные документы школы: один из отмеченных уже не одобрен. "
            "Обновите страницу и отметьте документы заново."
        )
    current = {p.document_id: p for p in page.documents.all()}
    for document_id, published in current.items():
        if document_id not in document_ids:
            published.delete()
        elif published.version_id != approved[document_id]:
            # Approved again in a new version: the school publishes that one now.
            published.version_id = approved[document_id]
            published.published_at, published.published_by = timezone.now(), user
            published.save(update_fields=["version", "published_at", "published_by"])
    PublishedDocument.objects.bulk_create(
        PublishedDocument(page=page, document_id=d, version_id=approved[d], published_by=user)
        for d in sorted(document_ids - set(current))
    )
    if enabled != page.enabled:
        action = PageEvent.Action.OPENED if enabled else PageEvent.Action.CLOSED
    else:
        action = PageEvent.Action.CHANGED
    PageEvent.objects.create(page=page, action=action, by=user)
    page.enabled, page.show_roadmap, page.updated_at = enabled, show_roadmap, timezone.now()
    page.save(update_fields=["enabled", "show_roadmap", "updated_at"])
    return page


@transaction.atomic
def page_block(*, user, page: SchoolPage, reason: str) -> SchoolPage:
    """The region closes the school's page; the reason is kept and shown to the school."""
    page = SchoolPage.objects.select_for_update().select_related("school__municipality").get(pk=page.pk)
    require(user, "page.block", page)
    reason = reason.strip()
    if not reason:
        raise ValidationError("Укажите основание: почему страница школы закрывается.")
    page.blocked, page.block_reason, page.blocked_by, page.blocked_at = True, reason, user, timezone.now()
    page.save(update_fields=["blocked", "block_reason", "blocked_by", "blocked_at"])
    PageEvent.objects.create(page=page, action=PageEvent.Action.BLOCKED, reason=reason, by=user)
    return page


@transaction.atomic
def page_unblock(*, user, page: SchoolPage, reason: str = "") -> SchoolPage:
    page = SchoolPage.objects.select_for_update().select_related("school__municipality").get(pk=page.pk)
    require(user, "page.block", page)
    page.blocked = False
    page.save(update_fields=["blocked"])
    PageEvent.objects.create(page=page, action=PageEvent.Action.UNBLOCKED, reason=reason.strip(), by=user)
    return page
