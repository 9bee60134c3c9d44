"""The school card: one page with the school's whole situation, for everyone who may see the school."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from opora.core.guards import with_object
from opora.registry.models import School

from .school_card import school_card


@with_object(School, related=("municipality__region", "director"))
@require_GET
def school(request: HttpRequest, school: School) -> HttpResponse:
    card = school_card(request.user, school, timezone.localdate())
    return render(request, "home/school_card.html", {"school": school, "card": card})
