"""What a public page may show, decided when it is shown.

A school has a page while it is on an approved list of some campaign. A document is shown while
the school publishes it, it is approved, and the version published is the version approved (the
one named by the latest approval): a document returned for revision, or approved again in a new
version the school has not published yet, is gone from the page and its file is 404. Each reader
runs a fixed number of queries whatever the number of schools or documents."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from opora.assessment.models import Identification, ListedSchool
from opora.programs.models import SchoolDocument, Status, StatusChange
from opora.roadmaps.models import Item, Roadmap

from .models import PublishedDocument, SchoolPage
from .redact import positions


def listed_years(school_ids) -> dict[int, list[int]]:
    """school id → the years of the campaigns whose approved list it is on, oldest first."""
    rows = (
        ListedSchool.objects.on_list()
        .filter(school_id__in=school_ids, identification__status=Identification.Status.APPROVED)
        .order_by()
        .values_list("school_id", "identification__campaign__year")
        .distinct()
    )
    years = defaultdict(set)
    for school_id, year in rows:
        years[school_id].add(year)
    return {school_id: sorted(found) for school_id, found in years.items()}


def listed_ids():
    """The schools on any approved list (a subquery)."""
    return (
        ListedSchool.objects.on_list().filter(identification__status=Identification.Status.APPROVED).values("school_id")
    )


def live_pages():
    """Pages that are on, not blocked, of schools on an approved list."""
    return SchoolPage.objects.live().filter(school_id__in=listed_ids())


def approved_versions(document_ids) -> dict[int, int]:
    """document id → the id of its approved version, for the documents approved now. The version is
    the one the latest approval names; an approval with no version recorded approves nothing."""
    rows = (
        StatusChange.objects.filter(
            document_id__in=document_ids, document__status=Status.APPROVED, to_status=Status.APPROVED
        )
        .order_by("document_id", "-at", "-pk")
        .values_list("document_id", "version_id")
    )
    found = {}
    for document_id, version_id in rows:
        if document_id not in found:
            found[document_id] = version_id
    return {document_id: version_id for document_id, version_id in found.items() if version_id is not None}


def approved_documents(school) -> list[tuple[SchoolDocument, int]]:
    """The school's approved documents (of every campaign) with their approved version's id."""
    documents = list(
        SchoolDocument.objects.filter(school=school, status=Status.APPROVED)
        .select_related("kind", "factor", "stage", "campaign")
        .order_by("-campaign__year", "kind__order", "factor__position", "stage__number", "pk")
    )
    versions = approved_versions([d.pk for d in documents])
    return [(d, versions[d.pk]) for d in documents if d.pk in versions]


def shown_documents(page: SchoolPage) -> list[PublishedDocument]:
    """What the page shows of the documents the school published: approved, in the approved version."""
    published = list(
        page.documents.filter(document__status=Status.APPROVED).select_related(
            "document__kind", "document__factor", "document__stage", "document__campaign", "version"
        )
    )
    versions = approved_versions([p.document_id for p in published])
    return [p for p in published if versions.get(p.document_id) == p.version_id]


@dataclass
class PublicItem:
    number: str
    action: str
    deadline: str
    executors: list[str]
    planned_result: str


@dataclass
class PublicSection:
    title: str
    items: list[PublicItem] = field(default_factory=list)


def approved_roadmap(school) -> Roadmap | None:
    """The school's approved roadmap of its latest campaign that has one."""
    return (
        Roadmap.objects.filter(level=Roadmap.Level.SCHOOL, school=school, status=Roadmap.Status.APPROVED)
        .select_related("campaign", "order")
        .order_by("-campaign__year", "-approved_at", "-pk")
        .first()
    )


def _deadline(item: Item) -> str:
    if item.deadline_text:
        return item.deadline_text
    if item.start and item.end and item.start != item.end:
        return f"{item.start:%d.%m.%Y} – {item.end:%d.%m.%Y}"
    return f"{item.end:%d.%m.%Y}" if item.end else ""


def roadmap_sections(roadmap: Roadmap) -> list[PublicSection]:
    """The roadmap's items by section, as the public reads them: executors by position only."""
    sections = {s.pk: PublicSection(str(s)) for s in roadmap.sections.all()}
    loose = PublicSection("")
    items = roadmap.items.select_related("section").prefetch_related("executor_people").order_by("position")
    for item in items:
        known = tuple(
            word for p in item.executor_people.all() for word in (p.last_name, p.first_name, p.middle_name) if word
        )
        target = sections.get(item.section_id, loose)
        target.items.append(
            PublicItem(
                item.number,
                item.action,
                _deadline(item),
                positions(item.executors, known),
                item.planned_result,
            )
        )
    return [s for s in ([loose] if loose.items else []) + list(sections.values()) if s.items]
