"""Behind the login: the schools' public pages as those who work with them see them; the school
team chooses what its page shows, the regional operator may close a page with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opora.core.access import can, require
from opora.core.guards import signed_in, with_object
from opora.core.http import paginate
from opora.registry.models import Region, School

from .. import services
from ..models import RegionPage, SchoolPage
from ..selectors import approved_documents, approved_roadmap, listed_ids, listed_years, shown_documents


def _listed_page(school: School) -> SchoolPage:
    """The page of a school on an approved list (made the first time); 404 for any other school."""
    if not School.objects.filter(pk=school.pk, pk__in=listed_ids()).exists():
        raise Http404("Школа не входит в утверждённый перечень: публичной страницы у неё нет")
    return SchoolPage.of(school)


@signed_in
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    """The listed schools the user sees, with the state of their public pages."""
    user = request.user
    schools = paginate(
        request,
        School.objects.for_user(user)
        .filter(pk__in=listed_ids())
        .select_related("municipality__region")
        .order_by("municipality__name", "short_name", "pk"),
    )
    ids = [s.pk for s in schools]
    pages = {p.school_id: p for p in SchoolPage.objects.filter(school_id__in=ids)}
    region_ids = {s.municipality.region_id for s in schools}
    region_pages = {}
    for region in Region.objects.filter(pk__in=region_ids):
        region_pages[region.pk] = RegionPage.of(region)
        region_pages[region.pk].region = region
    years = listed_years(ids)
    rows = []
    for school in schools:
        page = pages.get(school.pk)
        if page is not None:
            page.school = school
        probe = page or SchoolPage(school=school)
        rows.append(
            {
                "school": school,
                "page": page,
                "years": years.get(school.pk, []),
                "url": page.public_url(region_pages[school.municipality.region_id]) if page and page.is_live else "",
                "may_publish": can(user, "page.publish", probe),
                "may_block": can(user, "page.block", probe),
            }
        )
    return render(
        request,
        "public/manage.html",
        {"page": schools, "rows": rows, "region_pages": sorted(region_pages.values(), key=lambda r: r.region.name)},
    )


@with_object(School, related=("municipality__region",))
@require_http_methods(["GET", "POST"])
def page_settings(request: HttpRequest, school: School) -> HttpResponse:
    """What the school's public page shows: on or off, which approved documents, the roadmap."""
    page = _listed_page(school)
    require(request.user, "page.publish", page)
    if request.method == "POST":
        ids = {int(v) for v in request.POST.getlist("documents") if v.isdigit()}
        try:
            services.page_publish(
                user=request.user,
                page=page,
                enabled=request.POST.get("enabled") == "on",
                show_roadmap=request.POST.get("show_roadmap") == "on",
                document_ids=ids,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Публичная страница сохранена.")
        return redirect("public:settings", school.pk)
    shown = {p.document_id for p in shown_documents(page)}
    stale = {p.document_id for p in page.documents.all()} - shown
    roadmap = approved_roadmap(school)
    region_page = RegionPage.of(school.municipality.region)
    return render(
        request,
        "public/settings.html",
        {
            "school": school,
            "school_page": page,
            "years": listed_years([school.pk]).get(school.pk, []),
            "documents": [(d, d.pk in shown, d.pk in stale) for d, _ in approved_documents(school)],
            "roadmap": roadmap,
            "public_url": page.public_url(region_page),
            "events": page.events.select_related("by__person")[:10],
        },
    )


@with_object(School, related=("municipality__region",))
@require_POST
def block(request: HttpRequest, school: School) -> HttpResponse:
    """The region closes a school's page (with a reason) or opens it again."""
    page = _listed_page(school)
    require(request.user, "page.block", page)
    reason = request.POST.get("reason", "")
    try:
        if request.POST.get("action") == "unblock":
            services.page_unblock(user=request.user, page=page, reason=reason)
            messages.success(request, f"Публичная страница школы «{school}» снова доступна по решению школы.")
        else:
            services.page_block(user=request.user, page=page, reason=reason)
            messages.success(request, f"Публичная страница школы «{school}» закрыта.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{reverse('public:manage')}?page={request.POST.get('page', '1')}")
