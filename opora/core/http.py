"""Small view helpers shared by every app."""

from pathlib import PurePath

from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404, HttpRequest

PAGE_SIZE = 50


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE) -> Page:
    """The requested page of a list; a page number past the end shows the last page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def stored_file_response(field_file, filename: str | None = None) -> FileResponse:
    """Sends a stored upload as an attachment; the caller has already checked the user's scope."""
    if not field_file:
        raise Http404("Файл не прикреплён")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Файл не найден в хранилище") from exc
    name = filename or PurePath(field_file.name).name
    return FileResponse(handle, as_attachment=True, filename=name)
