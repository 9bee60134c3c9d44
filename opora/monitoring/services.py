"""Planning and recording visits, the school's acknowledgement, recommendations done and confirmed.

Each function asks the permission rules itself (`require`), so no caller can skip them: only a
curator of the school plans or records a visit there, only its team acknowledges and marks done."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from opora.accounts.models import Role
from opora.core.access import require
from opora.core.filetypes import DOCUMENT_KINDS
from opora.core.scoping import scope_of
from opora.core.uploads import checked_file
from opora.registry.models import Campaign, Person, School

from .models import (
    MonitoringSettings,
    Observation,
    Recommendation,
    RecommendationChange,
    RecommendationStatus,
    Visit,
    VisitAttachment,
    VisitFormat,
    VisitStatus,
)

ACCEPTED = DOCUMENT_KINDS  # protocols, lesson observation sheets, photos
MAX_MB = 20


def check_file(file) -> tuple[str, int, str]:
    """The file's kind (by its content), size and SHA-256, or a ValidationError in Russian."""
    return checked_file(file, accepted=ACCEPTED, max_mb=MAX_MB)


def refuse_own(user, school_id: int) -> None:
    """A curator who is also on the school's team does not curate it (a mismatch the region sees)."""
    if school_id in scope_of(user).places(Role.SCHOOL_TEAM, "school"):
        raise PermissionDenied(
            "Вы в управленческой команде этой школы: визиты к ней планирует и записывает другой куратор."
        )


def _curator(user) -> Person:
    if not user.person_id:
        raise PermissionDenied("Визиты планирует и записывает куратор школы.")
    return user.person


@transaction.atomic
def visit_plan(
    *,
    user,
    school: School,
    campaign: Campaign,
    planned_on: datetime.date,
    format: str = VisitFormat.ON_SITE,
    purpose: str = "",
) -> Visit:
    """A planned visit of the user (a curator of the school) to the school."""
    visit = Visit(
        school=school,
        campaign=campaign,
        curator=_curator(user),
        planned_on=planned_on,
        format=format,
        purpose=purpose.strip(),
        created_by=user,
    )
    require(user, "visit.plan", visit)
    refuse_own(user, school.pk)
    if campaign.region_id != school.municipality.region_id:
        raise ValidationError("Кампания другого региона.")
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def visit_reschedule(*, user, visit: Visit, planned_on: datetime.date, format: str, purpose: str) -> Visit:
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    require(user, "visit.plan", visit)
    visit.planned_on, visit.format, visit.purpose = planned_on, format, purpose.strip()
    visit.full_clean()
    visit.save(update_fields=["planned_on", "format", "purpose", "updated_at"])
    return visit


@transaction.atomic
def visit_cancel(*, user, visit: Visit, reason: str) -> Visit:
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    require(user, "visit.plan", visit)
    if not reason.strip():
        raise ValidationError("Укажите причину отмены визита.")
    visit.status, visit.cancel_reason = VisitStatus.CANCELLED, reason.strip()
    visit.save(update_fields=["status", "cancel_reason", "updated_at"])
    return visit


@dataclass(frozen=True)
class NewRecommendation:
    text: str
    deadline: datetime.date | None = None
    actor: str = ""
    actor_person: Person | None = None


@transaction.atomic
def visit_record(
    *,
    user,
    visit: Visit,
    held_on: datetime.date,
    format: str,
    purpose: str = "",
    participants: list[Person] = (),
    other_participants: str = "",
    observations: list[str] = (),
    findings: str = "",
    recommendations: list[NewRecommendation] = (),
    files: list = (),
    today: datetime.date | None = None,
) -> Visit:
    """The visit recorded as held: what was observed and found, new recommendations, files.
    Recording again (a correction) keeps earlier recommendations and files and adds the new ones."""
    visit = Visit.objects.select_for_update().select_related("school").get(pk=visit.pk)
    require(user, "visit.record", visit)
    refuse_own(user, visit.school_id)
    today = today or timezone.localdate()
    errors = {}
    if held_on > today:
        errors["held_on"] = "Дата проведения ещё не наступила: запишите визит после того, как он пройдёт."
    unknown = set(observations) - set(Observation.values)
    if unknown:
        errors["observations"] = "Неизвестный вид наблюдения."
    strangers = [p for p in participants if p.school_id != visit.school_id]
    if strangers:
        errors["participants"] = "Участники от школы выбираются из работников этой школы."
    if errors:
        raise ValidationError(errors)
    checked = [(file, *check_file(file)) for file in files]
    visit.status = VisitStatus.HELD
    visit.held_on = held_on
    visit.format = format
    visit.purpose = purpose.strip()
    visit.other_participants = other_participants.strip()
    visit.observations = [code for code in Observation.values if code in set(observations)]
    visit.findings = findings.strip()
    visit.full_clean()
    visit.save()
    visit.participants.set(participants)
    number = visit.recommendations.aggregate(last=Max("number"))["last"] or 0
    for new in recommendations:
        if not new.text.strip():
            continue
        number += 1
        Recommendation.objects.create(
            visit=visit,
            number=number,
            text=new.text.strip(),
            deadline=new.deadline,
            actor=new.actor.strip()[:300],
            actor_person=new.actor_person,
        )
    for file, filetype, size, sha256 in checked:
        attachment_save(visit=visit, user=user, file=file, filetype=filetype, size=size, sha256=sha256)
    return visit


def attachment_save(*, visit: Visit, user, file, filetype: str, size: int, sha256: str) -> VisitAttachment:
    attachment = VisitAttachment(
        visit=visit, original_name=file.name[:255], filetype=filetype, size=size, sha256=sha256, uploaded_by=user
    )
    attachment.file.save(file.name, file, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def visit_attach(*, user, visit: Visit, file) -> VisitAttachment:
    require(user, "visit.record", visit)
    filetype, size, sha256 = check_file(file)
    return attachment_save(visit=visit, user=user, file=file, filetype=filetype, size=size, sha256=sha256)


@transaction.atomic
def visit_acknowledge(*, user, visit: Visit) -> Visit:
    """The school has read the visit's findings and recommendations (once; a second press changes nothing)."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    require(user, "visit.acknowledge", visit)
    if visit.acknowledged_at is None:
        visit.acknowledged_by, visit.acknowledged_at = user, timezone.now()
        visit.save(update_fields=["acknowledged_by", "acknowledged_at", "updated_at"])
    return visit


def _change(recommendation: Recommendation, to: str, *, user, comment: str = "") -> None:
    RecommendationChange.objects.create(
        recommendation=recommendation, from_status=recommendation.status, to_status=to, comment=comment, by=user
    )
    recommendation.status = to


def _locked(recommendation: Recommendation) -> Recommendation:
    return Recommendation.objects.select_for_update().select_related("visit").get(pk=recommendation.pk)


@transaction.atomic
def recommendation_done(*, user, recommendation: Recommendation, comment: str = "") -> Recommendation:
    recommendation = _locked(recommendation)
    require(user, "recommendation.done", recommendation)
    _change(recommendation, RecommendationStatus.DONE, user=user, comment=comment.strip())
    recommendation.done_by, recommendation.done_at = user, timezone.now()
    recommendation.done_comment = comment.strip()
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_confirm(*, user, recommendation: Recommendation) -> Recommendation:
    recommendation = _locked(recommendation)
    require(user, "recommendation.confirm", recommendation)
    refuse_own(user, recommendation.visit.school_id)
    _change(recommendation, RecommendationStatus.CONFIRMED, user=user)
    recommendation.confirmed_by, recommendation.confirmed_at = user, timezone.now()
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_return(*, user, recommendation: Recommendation, comment: str) -> Recommendation:
    """Back to the school: not done as recommended; the comment says what is missing."""
    if not comment.strip():
        raise ValidationError("Напишите школе, что ещё нужно сделать.")
    recommendation = _locked(recommendation)
    require(user, "recommendation.confirm", recommendation)
    _change(recommendation, RecommendationStatus.OPEN, user=user, comment=comment.strip())
    recommendation.returned_comment = comment.strip()
    recommendation.done_by, recommendation.done_at = None, None
    recommendation.save()
    return recommendation


@transaction.atomic
def visit_norm_set(*, user, campaign: Campaign, days: int) -> MonitoringSettings:
    require(user, "visits.configure", campaign)
    settings_, _ = MonitoringSettings.objects.get_or_create(campaign=campaign)
    settings_.visit_norm_days = days
    settings_.full_clean()
    settings_.save()
    return settings_
