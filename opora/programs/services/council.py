"""The expert council: drawing a sample, assigning experts, saving their points, summing them up."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opora.accounts.models import Role
from opora.core.access import require
from opora.core.scoping import scope_of

from ..models import ExpertAssignment, ExpertSample, ExpertScore, SampledDocument, SchoolDocument, Status


def eligible(campaign, kind=None):
    """Documents the council may take: uploaded and sent at least once (not drafts)."""
    documents = SchoolDocument.objects.filter(campaign=campaign).exclude(status=Status.DRAFT)
    return documents.filter(kind=kind) if kind is not None else documents


def draw(ids: list[int], size: int, seed: int) -> list[int]:
    """The same ids, size and seed always give the same sample: anyone can repeat the draw."""
    ordered = sorted(ids)
    return sorted(random.Random(seed).sample(ordered, min(size, len(ordered))))


@transaction.atomic
def sample_draw(*, user, campaign, title: str, size: int, seed: int | None = None, kind=None) -> ExpertSample:
    require(user, "council.sample", campaign)
    seed = secrets.randbelow(2**31) if seed is None else seed
    chosen = draw(list(eligible(campaign, kind).values_list("pk", flat=True)), size, seed)
    if not chosen:
        raise ValidationError("Отбирать не из чего: школы ещё не отправили ни одного документа.")
    sample = ExpertSample.objects.create(
        campaign=campaign, title=title, method=ExpertSample.Method.RANDOM, seed=seed, size=len(chosen), drawn_by=user
    )
    SampledDocument.objects.bulk_create(SampledDocument(sample=sample, document_id=pk) for pk in chosen)
    return sample


@transaction.atomic
def sample_choose(*, user, campaign, title: str, document_ids: list[int]) -> ExpertSample:
    require(user, "council.sample", campaign)
    found = set(eligible(campaign).filter(pk__in=document_ids).values_list("pk", flat=True))
    unknown = [str(pk) for pk in document_ids if pk not in found]
    if unknown:
        raise ValidationError(
            f"Документы № {', '.join(unknown)} не найдены в этой кампании или ещё не отправлены школой."
        )
    sample = ExpertSample.objects.create(
        campaign=campaign, title=title, method=ExpertSample.Method.CHOSEN, size=len(found), drawn_by=user
    )
    SampledDocument.objects.bulk_create(SampledDocument(sample=sample, document_id=pk) for pk in sorted(found))
    return sample


def expert_conflict(expert, document: SchoolDocument) -> str:
    """Why this person may not judge this document ("" when they may)."""
    scope = scope_of(expert)
    if document.campaign.region_id not in scope.places(Role.EXPERT, "region"):
        return f"{expert.get_full_name()} не назначен(а) экспертом в этом регионе."
    if document.school_id in scope.places(Role.SCHOOL_TEAM, "school"):
        return f"{expert.get_full_name()} работает в школе «{document.school}» и не может оценивать её документ."
    if document.school_id in scope.places(Role.CURATOR, "school"):
        return f"{expert.get_full_name()} — куратор школы «{document.school}» и не может оценивать её документ."
    return ""


@transaction.atomic
def expert_assign(*, user, entry: SampledDocument, expert) -> ExpertAssignment:
    require(user, "council.sample", entry.sample.campaign)
    reason = expert_conflict(expert, entry.document)
    if reason:
        raise ValidationError(reason)
    assignment, _ = ExpertAssignment.objects.get_or_create(entry=entry, expert=expert, defaults={"assigned_by": user})
    return assignment


@transaction.atomic
def scores_save(*, user, assignment: ExpertAssignment, scores: dict[int, tuple[int, str]], comment: str) -> None:
    """The expert's points per criterion (each within its range) and conclusion; saving again replaces them."""
    assignment = ExpertAssignment.objects.select_for_update().get(pk=assignment.pk)
    require(user, "council.score", assignment)
    if assignment.expert_id != user.pk:
        raise ValidationError("Этот документ назначен другому эксперту.")
    criteria = {c.pk: c for c in assignment.entry.document.kind.active_criteria()}
    errors = [f"Поставьте балл по критерию «{c.text}»." for pk, c in criteria.items() if pk not in scores]
    for pk, (points, _) in scores.items():
        if pk not in criteria:
            errors.append("Критерий не относится к этому документу.")
        elif not 0 <= points <= criteria[pk].max_points:
            errors.append(f"«{criteria[pk].text}»: от 0 до {criteria[pk].max_points} баллов.")
    if errors:
        raise ValidationError(errors)
    for pk, (points, note) in scores.items():
        ExpertScore.objects.update_or_create(
            assignment=assignment, criterion_id=pk, defaults={"points": points, "comment": note}
        )
    assignment.comment = comment
    assignment.scored_at = timezone.now()
    assignment.save(update_fields=["comment", "scored_at"])


@dataclass
class Line:
    """One line of a summary: its label, points given, points possible, how many scorings."""

    label: str
    points: int = 0
    possible: int = 0
    scorings: int = 0
    assigned: int = 0

    @property
    def percent(self) -> float | None:
        return round(100 * self.points / self.possible, 1) if self.possible else None


@dataclass
class Summary:
    by_school: list[Line]
    by_criterion: list[Line]
    by_expert: list[Line]


def summary(sample: ExpertSample) -> Summary:
    """Points per school, per criterion and per expert (three queries, whatever the sample's size)."""
    assignments = list(
        ExpertAssignment.objects.filter(entry__sample=sample).select_related(
            "expert__person", "entry__document__school"
        )
    )
    scores = list(ExpertScore.objects.filter(assignment__entry__sample=sample).select_related("criterion__kind"))
    by_assignment = {a.pk: a for a in assignments}
    schools, criteria, experts = {}, {}, {}
    for a in assignments:
        school = a.entry.document.school
        schools.setdefault(school.pk, Line(str(school)))
        experts.setdefault(a.expert_id, Line(a.expert.get_full_name())).assigned += 1
        if a.scored_at:
            schools[school.pk].scorings += 1
            experts[a.expert_id].scorings += 1
    for score in scores:
        a = by_assignment[score.assignment_id]
        c = score.criterion
        line = criteria.setdefault(c.pk, Line(f"{c.kind.title}: {c.text}"))
        line.scorings += 1
        for target in (line, schools[a.entry.document.school_id], experts[a.expert_id]):
            target.points += score.points
            target.possible += c.max_points
    return Summary(
        sorted(schools.values(), key=lambda line: line.label),
        sorted(criteria.values(), key=lambda line: line.label),
        sorted(experts.values(), key=lambda line: line.label),
    )
