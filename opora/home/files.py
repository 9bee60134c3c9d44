"""Pages of documents prepared in the task worker (`core.prepared`): progress, then the file.

Only the person who asked sees the record (`PreparedFile.objects.for_user`); to anyone else its
number is 404."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from opora.core.guards import with_object
from opora.core.http import stored_file_response
from opora.core.models import PreparedFile


@with_object(PreparedFile)
@require_GET
def prepared_file(request: HttpRequest, prepared: PreparedFile) -> HttpResponse:
    return render(request, "home/prepared_file.html", {"prepared": prepared})


@with_object(PreparedFile)
@require_GET
def prepared_status(request: HttpRequest, prepared: PreparedFile) -> HttpResponse:
    """Polled by the page every second; the answer that first finds the file built starts its download."""
    return render(request, "home/_prepared_status.html", {"prepared": prepared, "start_download": True})


@with_object(PreparedFile)
@require_GET
def prepared_download(request: HttpRequest, prepared: PreparedFile) -> HttpResponse:
    if prepared.state != PreparedFile.State.DONE:
        raise Http404("Файл ещё не готов")
    return stored_file_response(prepared.file, prepared.filename)
