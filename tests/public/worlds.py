"""Public pages on top of the shared world (tests/conftest.py).

`add_pages(world)`: A and B on an approved list (the world's own, when `add_lists` made one); A's
documents through the real workflow — its concept approved and published, its mid-term programme
approved but not published, a plan returned, an anti-risk programme published and then reopened —
and its roadmap approved with named executors; A's page on, B's page made but off."""

from __future__ import annotations

import datetime

from django.urls import reverse

from opora.assessment.models import Identification, ListedSchool
from opora.programs import services as documents
from opora.public import services
from opora.public.models import RegionPage, SchoolPage
from opora.roadmaps.models import Item, Roadmap, Section
from opora.roadmaps.services import roadmap_approve
from tests.programs.worlds import decide, pdf, upload


def list_schools(world, *schools) -> Identification:
    """The campaign's approved list with these schools on it (the world's, if there is one)."""
    approved = Identification.objects.filter(campaign=world.campaign, status=Identification.Status.APPROVED).first()
    if approved is None:
        approved = Identification.objects.create(
            campaign=world.campaign, year=world.campaign.year - 1, status=Identification.Status.APPROVED
        )
    for school in schools:
        ListedSchool.objects.get_or_create(identification=approved, school=school, defaults={"rule_listed": True})
    return approved


def approved_document(world, code: str, *, title: str = "", name: str = "koncepciya.pdf"):
    """A document of school A sent by its director and approved by its curator."""
    document = upload(world, world.school_a, code, file=pdf(name)) if not title else _other(world, title, name)
    decide(world, document, "approved")
    document.refresh_from_db()
    return document


def _other(world, title: str, name: str, submit: bool = True):
    from tests.programs.worlds import kind

    slot = documents.Slot(kind(world.campaign, "other"), title=title)
    return documents.document_upload(
        user=world.users["director_a"], school=world.school_a, slot=slot, file=pdf(name), submit=submit
    )


def add_school_roadmap(world, school=None) -> Roadmap:
    school = school or world.school_a
    roadmap = Roadmap.objects.create(
        campaign=world.campaign,
        level=Roadmap.Level.SCHOOL,
        school=school,
        title=f"Дорожная карта {school.short_name} на 2026 год",
        year=2026,
        goal="Снизить долю обучающихся с низкими результатами",
        working_group="Иванова Мария Петровна, директор; Петров И.И., учитель",
    )
    section = Section.objects.create(roadmap=roadmap, position=1, number="1", title="Работа с педагогами")
    Item.objects.create(
        roadmap=roadmap,
        section=section,
        position=1,
        number="1.1",
        action="Взаимопосещение уроков математики",
        deadline_text="ежемесячно",
        end=datetime.date(2026, 5, 31),
        executors=["Заместитель директора по УВР Иванова М.П.", "Куратор Е.В. Ласкожевская"],
        planned_result="Справка по итогам посещений",
    )
    roadmap_approve(roadmap=roadmap, order=world.order, user=None)
    return roadmap


def add_pages(world):
    if hasattr(world, "page_a"):
        return world
    list_schools(world, world.school_a, world.school_b)
    world.doc_published = approved_document(world, "concept")
    world.doc_unpublished = approved_document(world, "midterm", name="programma.pdf")
    world.doc_reopened = approved_document(world, "other", title="Программа наставничества", name="nastavnik.pdf")
    world.doc_returned = _other(world, "План работы с родителями", "plan.pdf")
    documents.document_review(
        user=world.users["curator_a"],
        document=world.doc_returned,
        revision=world.doc_returned.revision,
        verdict="returned",
        comment="Нет сроков",
        marks={},
    )
    world.doc_draft = _other(world, "Черновик положения", "chernovik.pdf", submit=False)
    world.roadmap_public = add_school_roadmap(world)
    world.page_a = SchoolPage.of(world.school_a)
    services.page_publish(
        user=world.users["director_a"],
        page=world.page_a,
        enabled=True,
        show_roadmap=True,
        document_ids={world.doc_published.pk, world.doc_reopened.pk},
    )
    world.doc_reopened.refresh_from_db()
    documents.document_reopen(
        user=world.users["curator_a"],
        document=world.doc_reopened,
        revision=world.doc_reopened.revision,
        reason="Нет показателей",
    )
    world.page_b = SchoolPage.of(world.school_b)
    world.region_page = RegionPage.of(world.region)
    world.published_a = world.page_a.documents.get(document=world.doc_published)
    world.reopened_a = world.page_a.documents.get(document=world.doc_reopened)
    return world


def school_url(w, page=None) -> str:
    page = page or w.page_a
    return reverse("public:school", args=[w.region_page.slug, page.slug])


def file_url(w, published) -> str:
    return reverse("public:file", args=[w.region_page.slug, w.page_a.slug, published.slug])
