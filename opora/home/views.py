import datetime

from django.db.models import Case, Count, Q, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from opora.accounts.models import Assignment
from opora.core.guards import signed_in
from opora.core.scoping import scope_of
from opora.registry.models import Campaign, Municipality, Region, School


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    """What this user works on: their regions, municipalities or schools, and the current campaign."""
    scope = scope_of(request.user)
    assignments = (
        (
            Assignment.objects.active()
            .filter(person_id=request.user.person_id)
            .select_related("region", "municipality", "campaign", "order")
            .prefetch_related("schools")
            .order_by("role")
        )
        if request.user.person_id
        else Assignment.objects.none()
    )
    regions = Region.objects.for_user(request.user).annotate(municipality_count=Count("municipalities", distinct=True))
    campaigns = {
        c.region_id: c for c in Campaign.objects.filter(region__in=regions.values("pk")).order_by("region", "year")
    }
    school_counts = dict(
        School.objects.for_user(request.user).values_list("municipality__region_id").annotate(n=Count("pk"))
    )
    region_rows = [(region, campaigns.get(region.pk), school_counts.get(region.pk, 0)) for region in regions]
    municipalities = []
    if scope.municipality_ids:
        municipalities = (
            Municipality.objects.filter(pk__in=scope.municipality_ids)
            .select_related("region")
            .annotate(school_count=Count("schools"), rural_count=Count("schools", filter=Q(schools__is_rural=True)))
        )
    schools = []
    if scope.school_ids:
        schools = School.objects.filter(pk__in=scope.school_ids).select_related("municipality", "director")
    return render(
        request,
        "home/home.html",
        {
            "waiting": _waiting(request.user),
            "assignments": assignments,
            "region_rows": region_rows,
            "municipalities": municipalities,
            "schools": schools,
        },
    )


def _waiting(user) -> dict:
    """What waits on this user: items naming them that they report on, due soon or overdue;
    overdue items where they work; the state of the current list of low-result schools."""
    from opora.assessment.models import Identification
    from opora.roadmaps.models import Item
    from opora.roadmaps.services import my_items

    today = timezone.localdate()
    campaign = Campaign.objects.for_user(user).order_by("-year").first()
    # Only items the user reports on: items naming their role in a roadmap someone else keeps (a
    # curator named in the municipal roadmap) are listed in «Мои мероприятия», marked, but not counted.
    mine = (
        my_items(user, "item.report")
        .filter(roadmap__campaign=campaign)
        .with_done()
        .filter(is_done=False, end__isnull=False)
    )
    return {
        "mine_soon": mine.filter(end__gte=today, end__lte=today + datetime.timedelta(days=30)).count(),
        "mine_overdue": mine.filter(end__lt=today).count(),
        "overdue": Item.objects.for_user(user).filter(roadmap__campaign=campaign).overdue(today).count()
        if campaign
        else 0,
        # The list in force (approved) matters more than a newer draft.
        "identification": Identification.objects.for_user(user)
        .filter(campaign=campaign)
        .order_by(Case(When(status="approved", then=0), default=1), "-run_at")
        .first()
        if campaign
        else None,
        "campaign": campaign,
    }
