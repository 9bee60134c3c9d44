"""School documents on top of the shared world: activated factors, documents in each status."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from opora.diagnostics.catalogue import seed_catalogue
from opora.diagnostics.models import ActivatedFactor, RiskProfile
from opora.programs import services
from opora.programs.models import DocumentKind, Review

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name: str = "koncepciya.pdf", extra: bytes = b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES + extra, content_type="application/pdf")


def docx(name: str = "programma.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def kind(campaign, code: str) -> DocumentKind:
    DocumentKind.for_campaign(campaign)
    return DocumentKind.objects.get(campaign=campaign, code=code)


def activate(school, campaign, codes=("f07", "f08", "f09")) -> list:
    """The school's profile verified and these factors confirmed by its curator."""
    factors = {f.code: f for f in seed_catalogue(campaign)}
    profile, _ = RiskProfile.objects.get_or_create(
        school=school, campaign=campaign, defaults={"state": RiskProfile.State.VERIFIED}
    )
    chosen = [factors[code] for code in codes]
    for factor in chosen:
        ActivatedFactor.objects.get_or_create(profile=profile, factor=factor, defaults={"confirmed_at": timezone.now()})
    return chosen


def upload(world, school, code: str, *, factor=None, user=None, submit=True, file=None):
    user = user or world.users["director_a" if school == world.school_a else "director_b"]
    slot = services.Slot(kind(world.campaign, code), factor=factor)
    return services.document_upload(user=user, school=school, slot=slot, file=file or pdf(), submit=submit)


def all_met(document) -> dict:
    return {c.pk: (True, "") for c in document.kind.criteria.all()}


def decide(world, document, verdict: str, comment: str = "", user=None):
    document.refresh_from_db()
    marks = all_met(document)
    if verdict == Review.Verdict.RETURNED:
        first = next(iter(marks))
        marks[first] = (False, "Цели не связаны с выявленными рисками")
    return services.document_review(
        user=user or world.users["curator_a"],
        document=document,
        revision=document.revision,
        verdict=verdict,
        comment=comment,
        marks=marks,
    )


def add_documents(world) -> None:
    """School A: three activated factors; its concept on review, its mid-term programme approved,
    one anti-risk programme returned. School B: its concept on review (its curator is nobody here)."""
    world.factors_a = activate(world.school_a, world.campaign)
    world.concept_a = upload(world, world.school_a, "concept")
    world.midterm_a = upload(world, world.school_a, "midterm", file=docx())
    decide(world, world.midterm_a, Review.Verdict.APPROVED)
    world.antirisk_a = upload(world, world.school_a, "antirisk", factor=world.factors_a[0])
    decide(world, world.antirisk_a, Review.Verdict.RETURNED, "Доработайте цели")
    world.concept_b = upload(world, world.school_b, "concept", file=pdf("koncepciya-b.pdf"))
    for name in ("concept_a", "midterm_a", "antirisk_a", "concept_b"):
        getattr(world, name).refresh_from_db()
