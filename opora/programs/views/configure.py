"""The operator's page of a campaign's kinds of documents and their review criteria."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from opora.core.guards import with_object
from opora.registry.models import Campaign

from ..models import DocumentKind, ReviewCriterion
from ..services.kinds import MAX_POINTS, criteria_change, kinds_change


def _numbers(post, prefix: str) -> dict[int, str]:
    """«prefix-<id>» fields of the form → id → value."""
    size = len(prefix) + 1
    return {int(k[size:]): v for k, v in post.items() if k.startswith(prefix + "-") and k[size:].isdigit()}


def _order(post) -> dict[int, int]:
    return {pk: int(v) for pk, v in _numbers(post, "order").items() if v.strip().isdigit()}


def _ids(post, name: str) -> set[int]:
    return {int(v) for v in post.getlist(name) if v.isdigit()}


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@with_object(Campaign, "programs.configure", related=("region",))
@require_http_methods(["GET", "POST"])
def kinds(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    DocumentKind.for_campaign(campaign)  # the customary set, the first time
    if request.method == "POST":
        post = request.POST
        try:
            added = kinds_change(
                campaign=campaign,
                titles=_numbers(post, "title"),
                required=_ids(post, "required"),
                retired=_ids(post, "retired"),
                order=_order(post),
                new_title=post.get("new_title", ""),
                new_per=post.get("new_per", ""),
                new_required=bool(post.get("new_required")),
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            note = f" Добавлен вид «{added.title}»." if added else ""
            messages.success(request, f"Виды документов кампании сохранены.{note}")
        return redirect("programs:kinds", campaign.pk)
    listed = (
        DocumentKind.objects.filter(campaign=campaign)
        .annotate(document_count=Count("documents"))
        .prefetch_related("criteria")
    )
    return render(
        request,
        "programs/kinds.html",
        {"campaign": campaign, "kinds": listed, "pers": DocumentKind.Per.choices, "max_points": MAX_POINTS},
    )


@with_object(Campaign, "programs.configure")
@require_POST
def criteria(request: HttpRequest, campaign: Campaign, kind: int) -> HttpResponse:
    document_kind = get_object_or_404(DocumentKind, pk=kind, campaign=campaign)
    post = request.POST
    try:
        added = criteria_change(
            kind=document_kind,
            texts=_numbers(post, "text"),
            points=_numbers(post, "points"),
            retired=_ids(post, "retired"),
            order=_order(post),
            new_text=post.get("new_text", ""),
            new_points=post.get("new_points", ""),
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        note = f" Добавлен критерий «{added.text}»." if isinstance(added, ReviewCriterion) else ""
        messages.success(request, f"Критерии вида «{document_kind.title}» сохранены.{note}")
    return redirect(f"{reverse('programs:kinds', args=[campaign.pk])}#kind-{document_kind.pk}")
