"""Demo public pages: a few listed schools with approved documents open their pages and publish
those documents (all but one, so the choice shows) and their approved roadmap when they have one;
the region has closed one more school's page, with the reason."""

from __future__ import annotations

from django.db.models import Count, Q

from opora.accounts.models import Assignment, Role, User
from opora.assessment.models import ListedSchool
from opora.core.russian import counted
from opora.programs.models import Status
from opora.registry import demo as registry_demo
from opora.registry.models import Region, School

from .models import PageEvent, PublishedDocument, RegionPage, SchoolPage
from .selectors import approved_documents, approved_roadmap

OPEN, CLOSED = 3, 1
BLOCK_REASON = "На странице устаревшая концепция: школа обновляет документы по замечаниям экспертного совета."


def _team_user(school: School, campaign):
    person_id = (
        Assignment.objects.filter(campaign=campaign, role=Role.SCHOOL_TEAM, schools=school)
        .values_list("person_id", flat=True)
        .first()
    )
    return User.objects.filter(person_id=person_id).first() if person_id else None


def load(region: Region, out) -> None:
    campaign = registry_demo.campaign_of(region)
    region_page = RegionPage.of(region)
    address = region_page.get_absolute_url()
    if SchoolPage.objects.filter(school__municipality__region=region).exists():
        out.write(f"Публичные страницы «500+»: уже загружены; страница региона — {address}")
        return
    listed = ListedSchool.objects.approved_for(campaign).values("school_id")
    candidates = (
        School.objects.filter(pk__in=listed, municipality__region=region)
        .annotate(
            approved=Count("documents", filter=Q(documents__status=Status.APPROVED, documents__campaign=campaign))
        )
        .filter(approved__gt=0)
        .order_by("-approved", "fis_oko_login")
    )
    # The most complete school of each municipality first, so the region's page lists several.
    schools, seen = [], set()
    for school in candidates:
        if school.municipality_id not in seen:
            seen.add(school.municipality_id)
            schools.append(school)
    schools = (schools + [s for s in candidates if s not in schools])[: OPEN + CLOSED]
    operator = User.objects.filter(email="operator@demo.opora.ru").first()
    published = roadmaps = 0
    for n, school in enumerate(schools):
        page = SchoolPage.of(school)
        team = _team_user(school, campaign)
        versions = dict(approved_documents(school))
        chosen = list(versions)
        if len(chosen) > 1:
            chosen = chosen[:-1]  # one approved document the school keeps to itself
        PublishedDocument.objects.bulk_create(
            PublishedDocument(page=page, document=d, version_id=versions[d], published_by=team) for d in chosen
        )
        page.enabled = True
        page.show_roadmap = approved_roadmap(school) is not None
        page.save(update_fields=["enabled", "show_roadmap"])
        PageEvent.objects.create(page=page, action=PageEvent.Action.OPENED, by=team)
        if n >= OPEN:
            page.blocked, page.block_reason, page.blocked_by = True, BLOCK_REASON, operator
            page.save(update_fields=["blocked", "block_reason", "blocked_by"])
            PageEvent.objects.create(page=page, action=PageEvent.Action.BLOCKED, reason=BLOCK_REASON, by=operator)
            continue
        published += len(chosen)
        roadmaps += page.show_roadmap
    shown = min(len(schools), OPEN)
    note = "" if roadmaps else " (утверждённых дорожных карт школ нет — опубликованы только документы)"
    out.write(
        f"Публичные страницы «500+»: открыты у {counted(shown, 'школы', 'школ', 'школ')}, "
        f"{counted(published, 'документ', 'документа', 'документов')}, "
        f"{counted(roadmaps, 'дорожная карта', 'дорожные карты', 'дорожных карт')}{note}; "
        f"страница региона — {address}"
    )
