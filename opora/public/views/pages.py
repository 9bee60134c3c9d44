"""The public pages: no login, no session, nothing but what the school published and may show.

Every miss is the same 404 — an unknown address, a page switched off by the school or closed by the
region, a school no longer on any approved list, a document unpublished, not approved or approved
in another version — so the answers tell nothing about what exists."""

from __future__ import annotations

import re

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from opora.core.filetypes import DOCX, ODS, ODT, PDF, XLSX
from opora.core.guards import public
from opora.core.http import paginate

from ..models import PublishedDocument, RegionPage, SchoolPage
from ..selectors import approved_roadmap, listed_years, live_pages, roadmap_sections, shown_documents

# Public content changes when a school publishes or the region closes a page: a few minutes of
# caching in browsers and proxies spares a slow connection and costs little delay.
MAX_AGE = 300
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ODT: "application/vnd.oasis.opendocument.text",
    ODS: "application/vnd.oasis.opendocument.spreadsheet",
}


def _cached(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _live_page(region_slug: str, slug: str) -> tuple[RegionPage, SchoolPage]:
    region_page = get_object_or_404(RegionPage.objects.select_related("region"), slug=region_slug)
    page = get_object_or_404(
        live_pages().select_related("school__municipality"),
        slug=slug,
        school__municipality__region_id=region_page.region_id,
    )
    return region_page, page


@public
@require_safe
def region(request: HttpRequest, region_slug: str) -> HttpResponse:
    """The region's schools that have published their pages, by municipality."""
    region_page = get_object_or_404(RegionPage.objects.select_related("region"), slug=region_slug)
    pages = paginate(
        request,
        live_pages()
        .filter(school__municipality__region_id=region_page.region_id)
        .select_related("school__municipality")
        .order_by("school__municipality__name", "school__short_name", "pk"),
    )
    years = listed_years([p.school_id for p in pages])
    rows = [(p, p.public_url(region_page), years.get(p.school_id, [])) for p in pages]
    return _cached(render(request, "public/region.html", {"region_page": region_page, "page": pages, "rows": rows}))


@public
@require_safe
def school(request: HttpRequest, region_slug: str, slug: str) -> HttpResponse:
    region_page, page = _live_page(region_slug, slug)
    roadmap = approved_roadmap(page.school) if page.show_roadmap else None
    return _cached(
        render(
            request,
            "public/school.html",
            {
                "region_page": region_page,
                "school_page": page,
                "school": page.school,
                "years": listed_years([page.school_id]).get(page.school_id, []),
                "documents": shown_documents(page),
                "roadmap": roadmap,
                "sections": roadmap_sections(roadmap) if roadmap else [],
            },
        )
    )


def _download_name(published: PublishedDocument, school) -> str:
    """«Концепция развития — МБОУ СОШ № 1 (2026).docx»: what the file is, in Russian."""
    document = published.document
    name = f"{document.name} — {school.short_name} ({document.campaign.year})"
    name = re.sub(r'[\\/:*?"<>|«»\n\r\t]+', " ", name)
    name = re.sub(r"\s{2,}", " ", name).strip()[:150]
    return f"{name}.{published.version.filetype}"


@public
@require_safe
def document_file(request: HttpRequest, region_slug: str, slug: str, token: str) -> FileResponse:
    """A published document's file: only while the page is live and the document is approved in
    the version the school published."""
    _, page = _live_page(region_slug, slug)
    shown = {p.slug: p for p in shown_documents(page)}
    published = shown.get(token)
    if published is None:
        raise Http404("Документ не опубликован")
    version = published.version
    try:
        handle = version.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Файл не найден в хранилище") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=_download_name(published, page.school),
        content_type=CONTENT_TYPES.get(version.filetype, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return _cached(response)
