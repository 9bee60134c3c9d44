"""What the system knows about a school at a monitoring stage, as the sections of the curator's report.

`collect` returns plain data (strings, numbers, lists) so that it can be frozen into a submitted
report as JSON and shown, printed and exported the same way whether live or frozen. A fixed
number of queries per school."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from opora.accounts.models import Assignment, Role
from opora.assessment.models import ListedSchool, SchoolResult
from opora.diagnostics.models import ActivatedFactor, FactorLevel, RiskProfile
from opora.programs.models import Status as DocumentStatus
from opora.programs.selectors import slots_for
from opora.registry.models import Campaign, School
from opora.roadmaps.models import Item, ItemReport, MonitoringStage, Roadmap

RESULT_YEARS = 4  # the dynamics over the campaign's year and the three before it


def stage_period(stage: MonitoringStage) -> tuple[datetime.date, datetime.date]:
    """From the day after the previous stage's deadline (or 1 January of the campaign's year) to this stage's."""
    previous = (
        MonitoringStage.objects.filter(campaign_id=stage.campaign_id, number__lt=stage.number)
        .order_by("-number")
        .values_list("due", flat=True)
        .first()
    )
    start = previous + datetime.timedelta(days=1) if previous else datetime.date(stage.campaign.year, 1, 1)
    return start, stage.due


def curator_links(campaign: Campaign, on: datetime.date | None = None):
    """(school, curator assignment) links active on the day, of this campaign or of none named."""
    # The ids first, as a list: PostgreSQL with statistics of nearly empty tables (a fresh demo) planned
    # «assignment IN (subquery)» inside the overview's counts as nested loops that ran for minutes.
    active = list(
        Assignment.objects.active(on)
        .filter(Q(campaign_id=campaign.pk) | Q(campaign__isnull=True), role=Role.CURATOR, region_id=campaign.region_id)
        .values_list("pk", flat=True)
    )
    return Assignment.schools.through.objects.filter(assignment_id__in=active)


def curators_of(school_ids, campaign: Campaign, on: datetime.date | None = None) -> dict[int, list]:
    """school id → the people active as its curators, by name."""
    found: dict[int, list] = {}
    links = (
        curator_links(campaign, on)
        .filter(school_id__in=school_ids)
        .select_related("assignment__person")
        .order_by("assignment__person__last_name", "assignment__person__first_name", "assignment_id")
    )
    for link in links:
        people = found.setdefault(link.school_id, [])
        if link.assignment.person not in people:
            people.append(link.assignment.person)
    return found


def _general(school: School, campaign: Campaign, stage: MonitoringStage, curator_name: str) -> dict:
    start, end = stage_period(stage)
    listed = ListedSchool.objects.approved_for(campaign).filter(school=school).exists()
    return {
        "school": school.full_name or school.short_name,
        "short_name": school.short_name,
        "municipality": school.municipality.name,
        "login": school.fis_oko_login,
        "curator": curator_name,
        "stage": stage.title,
        "due": stage.due.strftime("%d.%m.%Y"),
        "period": f"с {start:%d.%m.%Y} по {end:%d.%m.%Y}",
        "campaign": campaign.year,
        "listed": "входит в утверждённый перечень ШНОР"
        if listed
        else "не входит в утверждённый перечень ШНОР кампании",
    }


def _visits(school: School, campaign: Campaign, stage: MonitoringStage) -> dict:
    from .visits import visits_section

    start, end = stage_period(stage)
    return visits_section(school, campaign, start, end)


def _documents(school: School, campaign: Campaign) -> dict:
    rows = []
    for slot in slots_for([school], campaign)[school.pk]:
        document = slot.document
        if document is None:
            status, since = ("не загружен" if slot.kind.required else "—"), ""
        else:
            status = DocumentStatus(document.status).label
            since = timezone.localtime(document.status_at).strftime("%d.%m.%Y")
        rows.append({"name": slot.name, "status": status, "since": since, "code": slot.status or "missing"})
    approved = sum(1 for r in rows if r["code"] == DocumentStatus.APPROVED)
    return {"rows": rows, "approved": approved, "total": len(rows)}


def _risks(school: School, campaign: Campaign) -> dict:
    profile = RiskProfile.objects.filter(school=school, campaign=campaign).first()
    if profile is None:
        return {"profile": False, "verified": False, "rows": [], "activated": []}
    levels = FactorLevel.objects.filter(profile=profile).select_related("factor").order_by("factor__position")
    activated = {
        a.factor_id: a
        for a in ActivatedFactor.objects.filter(profile=profile).select_related("factor").order_by("factor__position")
    }
    rows = [
        {
            "factor": level.factor.name,
            "level": level.get_level_display(),
            "code": level.level,
            "activated": "подтверждено"
            if level.factor_id in activated and activated[level.factor_id].confirmed_at
            else "предложено школой"
            if level.factor_id in activated
            else "",
        }
        for level in levels
    ]
    return {
        "profile": True,
        "verified": profile.is_verified,
        "rows": rows,
        "activated": [a.factor.name for a in activated.values() if a.confirmed_at],
    }


def _roadmap(school: School, campaign: Campaign, stage: MonitoringStage, today: datetime.date) -> dict:
    roadmap = (
        Roadmap.objects.filter(campaign=campaign, level=Roadmap.Level.SCHOOL, school=school)
        .order_by("-status", "-pk")  # an approved one first
        .first()
    )
    if roadmap is None:
        return {"roadmap": False}
    items = list(Item.objects.filter(roadmap=roadmap).order_by("position"))
    reported = dict(
        ItemReport.objects.filter(item__roadmap=roadmap, stage=stage, is_current=True).values_list("item_id", "status")
    )
    overdue_ids = set(Item.objects.filter(roadmap=roadmap).overdue(today).values_list("pk", flat=True))
    counts = {status: 0 for status in ItemReport.Status.values}
    for status in reported.values():
        counts[status] += 1
    overdue = [
        {"number": item.number, "action": item.action[:300], "deadline": item.deadline_text}
        for item in items
        if item.pk in overdue_ids
    ]
    return {
        "roadmap": True,
        "title": roadmap.title,
        "status": roadmap.get_status_display(),
        "items": len(items),
        "done": counts[ItemReport.Status.DONE],
        "partly": counts[ItemReport.Status.PARTLY],
        "not_done": counts[ItemReport.Status.NOT_DONE],
        "no_report": len(items) - len(reported),
        "overdue_count": len(overdue),
        "overdue": overdue[:30],
        "as_of": today.strftime("%d.%m.%Y"),
    }


def _results(school: School, campaign: Campaign) -> dict:
    years = list(range(campaign.year - RESULT_YEARS + 1, campaign.year + 1))
    by_procedure: dict[str, dict[str, float | None]] = {}
    names = {}
    for result in SchoolResult.objects.filter(school=school, year__in=years).order_by("procedure", "year"):
        share = result.share
        by_procedure.setdefault(result.procedure, {})[str(result.year)] = None if share is None else float(share)
        names[result.procedure] = result.procedure_name
    shown = [y for y in years if any(str(y) in shares for shares in by_procedure.values())]
    rows = [
        {"procedure": names[code], "shares": [by_procedure[code].get(str(y)) for y in shown]}
        for code in sorted(by_procedure, key=lambda c: names[c])
    ]
    return {"years": shown, "rows": rows}


def collect(report) -> dict:
    """Every section's facts for the report's school and stage, as of now."""
    school, campaign, stage = report.school, report.campaign, report.stage
    today = timezone.localdate()
    curator = report.curator.full_name if report.curator_id else ""
    return {
        "as_of": timezone.localtime().strftime("%d.%m.%Y %H:%M"),
        "general": _general(school, campaign, stage, curator),
        "visits": _visits(school, campaign, stage),
        "documents": _documents(school, campaign),
        "risks": _risks(school, campaign),
        "roadmap": _roadmap(school, campaign, stage, today),
        "results": _results(school, campaign),
    }


def facts_of(report) -> dict:
    """A submitted report's frozen facts; a draft's computed now."""
    return report.facts if report.is_submitted and report.facts else collect(report)
