from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from opora.accounts.models import Assignment
from opora.core.scoping import scope_of
from opora.registry.models import Campaign, Municipality, Region, School


@login_required
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
    campaigns = {c.region_id: c for c in Campaign.objects.for_user(request.user).order_by("region", "year")}
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
        "core/home.html",
        {
            "assignments": assignments,
            "region_rows": region_rows,
            "municipalities": municipalities,
            "schools": schools,
        },
    )
