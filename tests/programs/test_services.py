"""Uploading versions, the review workflow, its rows and its refusals."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from opora.accounts.models import Role
from opora.programs import services
from opora.programs.models import DocumentKind, Review, Status, StatusChange
from tests.factories import assign

from .worlds import PDF_BYTES, activate, decide, docx, kind, pdf, upload


@pytest.fixture
def w(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return world


def test_kinds_are_seeded_per_campaign_and_left_alone_once_changed(w):
    kinds = DocumentKind.for_campaign(w.campaign)
    assert [k.code for k in kinds] == ["concept", "midterm", "antirisk", "evidence", "other"]
    assert [k.code for k in kinds if k.required] == ["concept", "midterm", "antirisk"]
    concept = kinds[0]
    concept.required = False
    concept.save()
    assert not DocumentKind.for_campaign(w.campaign)[0].required
    assert kind(w.campaign, "antirisk").criteria.count() == 3


def test_an_upload_keeps_the_file_its_name_size_and_sha256_and_a_new_version_keeps_the_old(w):
    document = upload(w, w.school_a, "concept", submit=False)
    assert document.status == Status.DRAFT
    first = document.versions.get()
    assert (first.number, first.original_name, first.filetype) == (1, "koncepciya.pdf", "pdf")
    assert first.size == len(PDF_BYTES)
    assert first.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    upload(w, w.school_a, "concept", submit=False, file=docx("koncepciya-v2.docx"))
    assert [(v.number, v.original_name) for v in document.versions.all()] == [
        (2, "koncepciya-v2.docx"),
        (1, "koncepciya.pdf"),
    ]
    first.refresh_from_db()
    assert first.file.read().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 executable", "koncepciya.pdf", "файл неизвестного вида"),
        (b"\xff\xd8\xff\xe0 jpeg", "koncepciya.pdf", "изображение JPEG"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old word", "koncepciya.doc", "старом формате"),
        (b"", "pustoj.pdf", "пуст"),
    ],
)
def test_a_file_is_judged_by_its_content(w, content, name, message):
    with pytest.raises(ValidationError) as refused:
        upload(w, w.school_a, "concept", file=SimpleUploadedFile(name, content))
    assert message in " ".join(refused.value.messages)
    assert not w.school_a.documents.exists()


def test_a_file_over_20_mb_is_refused(w):
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError, match="не более 20 МБ"):
        upload(w, w.school_a, "concept", file=big)


def test_the_workflow_returned_then_resubmitted_then_approved_is_all_rows(w):
    document = upload(w, w.school_a, "concept")
    decide(w, document, Review.Verdict.RETURNED, "Нет связи с рисковым профилем")
    document.refresh_from_db()
    assert document.status == Status.RETURNED
    review = document.reviews.get()
    marks = list(review.marks.order_by("criterion__order"))
    assert [m.met for m in marks] == [False, True, True]
    assert marks[0].comment == "Цели не связаны с выявленными рисками"
    upload(w, w.school_a, "concept", file=pdf("v2.pdf", b"v2"))
    decide(w, document, Review.Verdict.APPROVED)
    document.refresh_from_db()
    assert document.status == Status.APPROVED
    rows = list(StatusChange.objects.filter(document=document).order_by("at", "pk"))
    assert [(r.from_status, r.to_status) for r in rows] == [
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "approved"),
    ]
    assert rows[1].comment == "Нет связи с рисковым профилем"
    assert rows[1].by == w.users["curator_a"] and rows[2].by == w.users["director_a"]
    assert [r.version.number for r in rows] == [1, 1, 2, 2]


def test_returning_needs_a_comment_and_each_criterion_a_mark(w):
    document = upload(w, w.school_a, "concept")
    criteria = list(document.kind.criteria.all())
    with pytest.raises(ValidationError) as refused:
        services.document_review(
            user=w.users["curator_a"],
            document=document,
            revision=document.revision,
            verdict=Review.Verdict.RETURNED,
            comment=" ",
            marks={criteria[0].pk: (False, "")},
        )
    text = " ".join(refused.value.messages)
    assert "напишите комментарий для школы" in text
    assert f"Критерий «{criteria[0].text}» не выполнен" in text
    assert f"Отметьте критерий «{criteria[1].text}»" in text
    document.refresh_from_db()
    assert document.status == Status.SUBMITTED and not document.reviews.exists()


def test_nobody_reviews_a_document_of_their_own_school(w):
    director = w.users["director_a"]
    assign(director, Role.CURATOR, region=w.region, schools=[w.school_a])
    director._opora_scope = None
    document = upload(w, w.school_a, "concept")
    with pytest.raises(PermissionDenied, match="своей школы"):
        decide(w, document, Review.Verdict.APPROVED, user=director)


def test_a_curator_of_another_school_may_not_review(w):
    document = upload(w, w.school_b, "concept")
    with pytest.raises(PermissionDenied):
        decide(w, document, Review.Verdict.APPROVED)


def test_a_decision_on_a_stale_page_loses_with_a_russian_message(w):
    document = upload(w, w.school_a, "concept")
    seen = document.revision
    decide(w, document, Review.Verdict.APPROVED)
    with pytest.raises(services.DocumentConflict) as lost:
        services.document_review(
            user=w.users["curator_a"],
            document=document,
            revision=seen,
            verdict=Review.Verdict.RETURNED,
            comment="Поздно",
            marks={},
        )
    assert "теперь он «ОДОБРЕНО»" in str(lost.value) and "не сохранено" in str(lost.value)
    assert document.reviews.count() == 1


def test_reopening_an_approved_document_needs_a_reason(w):
    document = upload(w, w.school_a, "concept")
    decide(w, document, Review.Verdict.APPROVED)
    document.refresh_from_db()
    with pytest.raises(ValidationError, match="Укажите основание"):
        services.document_reopen(user=w.users["operator"], document=document, revision=document.revision, reason="")
    services.document_reopen(
        user=w.users["operator"], document=document, revision=document.revision, reason="Экспертный совет: нет целей"
    )
    document.refresh_from_db()
    assert document.status == Status.RETURNED
    assert document.changes.first().comment == "Экспертный совет: нет целей"


def test_no_new_version_while_on_review_or_approved(w):
    upload(w, w.school_a, "concept")
    with pytest.raises(PermissionDenied, match="на проверке или одобрен"):
        upload(w, w.school_a, "concept")


def test_one_anti_risk_programme_per_activated_factor(w):
    factors = activate(w.school_a, w.campaign)
    first = upload(w, w.school_a, "antirisk", factor=factors[0])
    second = upload(w, w.school_a, "antirisk", factor=factors[1])
    assert first.pk != second.pk
    assert first.name == f"Антирисковая программа: {factors[0].name}"
