"""Documents and council records for the access tests, made on demand from the shared world.

The probes of tests/test_access_rules.py run each persona's request in a transaction that is
rolled back, so they build fresh objects every time; the matrix of tests/test_access_matrix.py
builds them once per test (`documents_of`)."""

from __future__ import annotations

import re

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from opora.programs.models import (
    DocumentKind,
    DocumentVersion,
    ExpertAssignment,
    ExpertSample,
    SampledDocument,
    SchoolDocument,
)

from .worlds import PDF_BYTES


def make_document(campaign, school, status: str, code: str = "concept", title: str = "") -> SchoolDocument:
    """A document of the school with one version, in the given status (as if its history had happened)."""
    kind = next(k for k in DocumentKind.for_campaign(campaign) if k.code == code)
    document = SchoolDocument.objects.create(school=school, campaign=campaign, kind=kind, status=status, title=title)
    DocumentVersion.objects.create(
        document=document,
        number=1,
        file=ContentFile(PDF_BYTES, name="koncepciya.pdf"),
        original_name="Концепция развития.pdf",
        filetype="pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
    )
    return document


def make_assignment(world, document: SchoolDocument) -> ExpertAssignment:
    """The document in a sample, assigned to the world's expert."""
    sample = ExpertSample.objects.create(
        campaign=document.campaign, title="Выборка", method="chosen", size=1, drawn_by=world.users["operator"]
    )
    entry = SampledDocument.objects.create(sample=sample, document=document)
    return ExpertAssignment.objects.create(entry=entry, expert=world.users["expert"], assigned_at=timezone.now())


def review_data(document: SchoolDocument, verdict: str = "approved") -> dict:
    data = {"revision": document.revision, "verdict": verdict, "comment": "Замечаний нет"}
    for criterion in document.kind.criteria.all():
        data[f"met_{criterion.pk}"] = "1"
    return data


def score_data(assignment: ExpertAssignment) -> dict:
    data = {"comment": "Документ соответствует требованиям"}
    for criterion in assignment.entry.document.kind.criteria.all():
        data[f"points_{criterion.pk}"] = criterion.max_points
    return data


def documents_of(world):
    """Once per world: school A's concept on review, its mid-term programme approved, its anti-risk
    programme returned; school B's concept on review; a sample with A's concept for the expert."""
    if not hasattr(world, "doc_submitted_a"):
        world.doc_submitted_a = make_document(world.campaign, world.school_a, "submitted")
        world.doc_approved_a = make_document(world.campaign, world.school_a, "approved", "midterm")
        world.doc_returned_a = make_document(world.campaign, world.school_a, "returned", "other", "План")
        world.doc_submitted_b = make_document(world.campaign, world.school_b, "submitted")
        world.expert_assignment = make_assignment(world, world.doc_submitted_a)
        world.sample = world.expert_assignment.entry.sample
    return world


# Probes of tests/test_access_rules.py: each builds its own document, so each persona acts on a fresh one.


def doc_in(w, school: str, status: str):
    return make_document(w.campaign, {"A": w.school_a, "B": w.school_b}[school], status)


def opened_document(response) -> bool:
    return response.status_code == 302 and re.search(r"/documents/\d+/$", response["Location"]) is not None


def sample_drawn(response) -> bool:
    return response.status_code == 302 and re.search(r"/documents/council/\d+/$", response["Location"]) is not None


def review_of(document):
    return reverse("programs:review", args=[document.pk]), review_data(document)


def reopen_of(document):
    return reverse("programs:reopen", args=[document.pk]), {"revision": document.revision, "reason": "Так решил совет"}


def draw_in(campaign, school):
    make_document(campaign, school, "submitted")
    return reverse("programs:draw", args=[campaign.pk]), {"title": "Выборка", "method": "random", "size": "3"}


def score_of(assignment):
    return reverse("programs:score", args=[assignment.pk]), score_data(assignment)
