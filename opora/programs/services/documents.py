"""Uploading, sending for review, reviewing and reopening school documents.

Every change locks the document row and checks the state the user saw (`revision`): of two people
acting on one document at once, one wins and the other is told in Russian what happened meanwhile;
nothing is overwritten, and every change of status is a row."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from opora.accounts.models import Role
from opora.core.access import require
from opora.core.filetypes import DOCX, ODS, ODT, PDF, XLSX
from opora.core.scoping import scope_of
from opora.core.uploads import checked_file

from ..models import CriterionMark, DocumentKind, DocumentVersion, Review, SchoolDocument, Status, StatusChange

ACCEPTED = (PDF, DOCX, XLSX, ODT, ODS)
MAX_MB = 20


class DocumentConflict(Exception):
    """Someone else changed the document after this user opened it; the message says who and how."""

    def __init__(self, document: SchoolDocument):
        last = document.changes.select_related("by__person").first()
        who = last.by.get_full_name() if last and last.by else "другой пользователь"
        when = timezone.localtime(last.at).strftime("%d.%m.%Y %H:%M") if last else ""
        super().__init__(
            f"Пока вы работали с документом, {who} изменил(а) его статус ({when}): "
            f"теперь он «{document.get_status_display()}». "
            "Ваше решение не сохранено — откройте документ заново и посмотрите, нужно ли оно."
        )


def works_at(user, school_id: int) -> bool:
    """Is the user on the team of this school (so never its reviewer or its expert)?"""
    return school_id in scope_of(user).places(Role.SCHOOL_TEAM, "school")


def check_file(file) -> tuple[str, int, str]:
    """The file's kind, size and SHA-256, or a ValidationError in Russian."""
    return checked_file(file, accepted=ACCEPTED, max_mb=MAX_MB)


def _change(document: SchoolDocument, to: str, *, user, comment: str = "", version=None) -> None:
    StatusChange.objects.create(
        document=document, from_status=document.status, to_status=to, comment=comment, version=version, by=user
    )
    document.status = to
    document.status_at = timezone.now()
    document.revision += 1
    document.save(update_fields=["status", "status_at", "revision"])


def _locked(document: SchoolDocument, revision: int | None) -> SchoolDocument:
    locked = SchoolDocument.objects.select_for_update().select_related("kind", "campaign").get(pk=document.pk)
    if revision is not None and locked.revision != revision:
        raise DocumentConflict(locked)
    return locked


@dataclass(frozen=True)
class Slot:
    """Where a document goes: its kind and, by the kind, its risk factor, stage or title."""

    kind: DocumentKind
    factor: object = None
    stage: object = None
    title: str = ""

    def lookup(self) -> dict:
        return {"kind": self.kind, "factor": self.factor, "stage": self.stage, "title": self.title}


@transaction.atomic
def document_upload(*, user, school, slot: Slot, file, note: str = "", submit: bool = False) -> SchoolDocument:
    """A new version of the school's document in this slot (the document is created with its first
    version). Earlier versions stay. `submit` sends it for review at once."""
    filetype, size, sha256 = check_file(file)
    campaign = slot.kind.campaign
    try:
        with transaction.atomic():
            document, _ = SchoolDocument.objects.get_or_create(school=school, campaign=campaign, **slot.lookup())
    except IntegrityError:  # created by someone else this very moment
        document = SchoolDocument.objects.get(school=school, campaign=campaign, **slot.lookup())
    document = _locked(document, None)
    require(user, "document.upload", document)
    number = (document.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=file.name[:255],
        filetype=filetype,
        size=size,
        sha256=sha256,
        note=note,
        uploaded_by=user,
    )
    version.file.save(file.name, file, save=False)
    version.save()
    if submit:
        _change(document, Status.SUBMITTED, user=user, comment=note, version=version)
    return document


@transaction.atomic
def document_submit(*, user, document: SchoolDocument, revision: int) -> SchoolDocument:
    document = _locked(document, revision)
    require(user, "document.upload", document)
    version = document.versions.first()
    if version is None:
        raise ValidationError("Сначала загрузите файл документа.")
    _change(document, Status.SUBMITTED, user=user, version=version)
    return document


@transaction.atomic
def document_review(
    *, user, document: SchoolDocument, revision: int, verdict: str, comment: str, marks: dict[int, tuple[bool, str]]
) -> Review:
    """The curator's decision on the current version: each of the kind's criteria met or not (a
    criterion not met needs a comment), approved, or returned for revision with a comment."""
    document = _locked(document, revision)
    if works_at(user, document.school_id):
        raise PermissionDenied("Документы своей школы проверяет её куратор, а не вы.")
    require(user, "document.review", document)
    criteria = list(document.kind.active_criteria())
    errors = []
    for criterion in criteria:
        if criterion.pk not in marks:
            errors.append(f"Отметьте критерий «{criterion.text}»: выполнен или нет.")
        elif not marks[criterion.pk][0] and not marks[criterion.pk][1].strip():
            errors.append(f"Критерий «{criterion.text}» не выполнен: напишите школе, что исправить.")
    if verdict not in Review.Verdict.values:
        errors.append("Выберите решение: одобрить или вернуть на доработку.")
    if verdict == Review.Verdict.RETURNED and not comment.strip():
        errors.append("Возвращая документ на доработку, напишите комментарий для школы.")
    if errors:
        raise ValidationError(errors)
    version = document.versions.first()
    review = Review.objects.create(document=document, version=version, verdict=verdict, comment=comment, reviewer=user)
    CriterionMark.objects.bulk_create(
        CriterionMark(review=review, criterion=c, met=marks[c.pk][0], comment=marks[c.pk][1].strip()) for c in criteria
    )
    _change(document, verdict, user=user, comment=comment, version=version)
    return review


@transaction.atomic
def document_reopen(*, user, document: SchoolDocument, revision: int, reason: str) -> SchoolDocument:
    """An approved document goes back for revision; only with a stated reason."""
    document = _locked(document, revision)
    if works_at(user, document.school_id):
        raise PermissionDenied("Документы своей школы проверяет её куратор, а не вы.")
    require(user, "document.reopen", document)
    if not reason.strip():
        raise ValidationError("Укажите основание: почему одобренный документ возвращается на доработку.")
    _change(document, Status.RETURNED, user=user, comment=reason.strip(), version=document.versions.first())
    return document
