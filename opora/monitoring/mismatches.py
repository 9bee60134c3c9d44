"""Where the list and the curators disagree, as the region (or a municipality) sees it.

Three kinds, each counted and listed in a fixed number of queries whatever the region's size:

- a school on the campaign's list with no active curator assignment;
- a school with an active curator who is not on the list;
- a curator who works at the school they curate (staff of it, its director, or on its team).

The list is the campaign's approved one; before a list is approved, its latest computed draft.
Curators are those whose assignment is active today (who curates now, whatever campaign the
assignment names: an appointment lasts until it is ended)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from opora.accounts.models import Assignment, Role
from opora.assessment.models import Identification, ListedSchool
from opora.registry.models import Campaign, Municipality, School

# The action that opens the region's view of curators (opora/rules.py).
OVERSEE = "curators.oversee"

UNASSIGNED, UNLISTED, OWN = "unassigned", "unlisted", "own"
KINDS = {
    UNASSIGNED: "В перечне, но без куратора",
    UNLISTED: "Куратор назначен, а школы нет в перечне",
    OWN: "Куратор работает в этой школе",
}


def campaign_list(campaign: Campaign) -> Identification | None:
    """The list the campaign works by: the approved one, else the latest computed draft (1 query)."""
    return (
        Identification.objects.filter(
            campaign=campaign,
            status__in=[Identification.Status.APPROVED, Identification.Status.DRAFT],
            state=Identification.State.DONE,
        )
        .select_related("order")
        .order_by(F("approved_at").desc(nulls_last=True), "-run_at", "-pk")
        .first()
    )


def listed_ids(identification: Identification | None) -> QuerySet:
    """School ids on the list (a subquery; empty without a list)."""
    if identification is None:
        return ListedSchool.objects.none().values("school_id")
    return ListedSchool.objects.filter(identification=identification).on_list().values("school_id")


def curator_links(on: datetime.date) -> QuerySet:
    """Assignment ↔ school rows of the curator assignments active on that day."""
    return Assignment.schools.through.objects.filter(
        Q(assignment__valid_to__isnull=True) | Q(assignment__valid_to__gte=on),
        assignment__role=Role.CURATOR,
        assignment__valid_from__lte=on,
    )


def curated_ids(on: datetime.date) -> QuerySet:
    return curator_links(on).values("school_id")


def own_school_q(on: datetime.date) -> Q:
    """On a curator link: the curator works at that school (staff, director, or on its team)."""
    on_team = Assignment.schools.through.objects.filter(
        Q(assignment__valid_to__isnull=True) | Q(assignment__valid_to__gte=on),
        assignment__valid_from__lte=on,
        assignment__role=Role.SCHOOL_TEAM,
    ).filter(school_id=OuterRef("school_id"), assignment__person_id=OuterRef("assignment__person_id"))
    return (
        Q(assignment__person__school_id=F("school_id"))
        | Q(school__director_id=F("assignment__person_id"))
        | Exists(on_team)
    )


@dataclass
class Mismatches:
    campaign: Campaign
    identification: Identification | None
    schools: QuerySet  # the schools the viewer oversees, in the campaign's region
    on: datetime.date

    def unassigned(self) -> QuerySet:
        return self.schools.filter(pk__in=listed_ids(self.identification)).exclude(pk__in=curated_ids(self.on))

    def unlisted(self) -> QuerySet:
        return self.schools.filter(pk__in=curated_ids(self.on)).exclude(pk__in=listed_ids(self.identification))

    def own_links(self) -> QuerySet:
        """Curator links where the curator works at the school itself."""
        return (
            curator_links(self.on)
            .filter(school__in=self.schools)
            .filter(own_school_q(self.on))
            .select_related("school__municipality", "assignment__person", "assignment__order")
            .order_by("school__municipality__name", "school__short_name", "assignment__person__last_name", "pk")
        )

    def rows(self, kind: str) -> QuerySet:
        if kind == OWN:
            return self.own_links()
        schools = self.unassigned() if kind == UNASSIGNED else self.unlisted()
        return schools.select_related("municipality").order_by("municipality__name", "short_name", "pk")

    def counts(self) -> dict[str, int]:
        """Kind → how many (3 queries): schools for the first two, curator–school pairs for the third."""
        return {
            UNASSIGNED: self.unassigned().count(),
            UNLISTED: self.unlisted().count(),
            OWN: self.own_links().count(),
        }


def municipalities_of(view: Mismatches) -> QuerySet:
    """The municipalities of the viewer's schools, for a filter (a lazy query)."""
    return Municipality.objects.filter(pk__in=view.schools.values("municipality_id")).order_by("name")


def narrowed(view: Mismatches, municipality: str) -> Mismatches:
    """The view limited to one of its municipalities when one is chosen (?municipality=id)."""
    if municipality.isdigit():
        view.schools = view.schools.filter(municipality_id=int(municipality))
    return view


def mismatches_for(user, campaign: Campaign, on: datetime.date) -> Mismatches:
    """What this user oversees of the campaign's region (1 query for the list; the rest is lazy)."""
    schools = School.objects.for_user(user, OVERSEE).filter(municipality__region_id=campaign.region_id)
    return Mismatches(campaign, campaign_list(campaign), schools, on)


def curators_by_school(school_ids: list[int], on: datetime.date) -> dict[int, list]:
    """School id → its active curator assignments, each with person and order (1 query)."""
    found: dict[int, list] = {}
    links = (
        curator_links(on)
        .filter(school_id__in=school_ids)
        .select_related("assignment__person", "assignment__order")
        .order_by("assignment__person__last_name", "assignment_id")
    )
    for link in links:
        found.setdefault(link.school_id, []).append(link.assignment)
    return found
