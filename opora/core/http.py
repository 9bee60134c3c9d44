"""Small view helpers shared by every app."""

import re
from pathlib import PurePath

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404, HttpRequest
from django.utils.cache import patch_cache_control, patch_vary_headers

PAGE_SIZE = 50
# A last page that would hold this many rows or fewer joins the page before it: a list of 51
# schools is one page of 51, not 50 and a second page with one school.
PAGE_ORPHANS = 10


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE) -> Page:
    """The requested page of a list; a page number past the end shows the last page."""
    return Paginator(queryset, per_page, orphans=PAGE_ORPHANS).get_page(request.GET.get("page"))


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request that wants a fragment. When the user goes back and htmx restores a page it
    has no copy of, it asks with HX-History-Restore-Request and must get the whole page."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


class VaryOnHtmxMiddleware:
    """The same URL answers a fragment to htmx and a whole page otherwise: caches must tell them apart."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response


def stored_file_response(field_file, filename: str | None = None, *, rejected: bool = False) -> FileResponse:
    """Sends a stored upload as an attachment; the caller has already checked the user's scope.
    A rejected file (kept for the operator to look into) goes out as opaque bytes, never typed by
    its name: whatever it really is, no browser opens or runs it."""
    if not field_file:
        raise Http404("Файл не прикреплён")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Файл не найден в хранилище") from exc
    # Stored names carry a unique prefix (core.uploads.upload_path); the user gets their own name back.
    name = filename or re.sub(r"^[0-9a-f]{12}-", "", PurePath(field_file.name).name)
    if rejected:
        return FileResponse(handle, as_attachment=True, filename=name, content_type="application/octet-stream")
    return FileResponse(handle, as_attachment=True, filename=name)


class NoStoreWhenSignedInMiddleware:
    """Pages behind the login hold personal data: no browser or proxy keeps a copy (a shared
    computer in a school staff room is the usual case)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind our proxy (OPORA_BEHIND_PROXY=1) every request comes from the
    proxy's address, so take the last X-Forwarded-For entry — the one our proxy added; entries
    before it were sent by the client and can be forged."""
    if settings.OPORA_BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


class ContentSecurityPolicyMiddleware:
    """Everything is served from this server (front-end files are vendored, no CDN), so pages may
    load scripts, styles, images and fonts from here only, run no inline script, and be framed by
    no one. Inline style attributes stay allowed: Bootstrap's progress bars take their widths so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Content-Security-Policy"):
            response["Content-Security-Policy"] = settings.OPORA_CONTENT_SECURITY_POLICY
        return response
