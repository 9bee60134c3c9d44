"""The operator's edit of one campaign's kinds of documents and their review criteria.

Kinds and criteria are rows of one campaign, so an edit never reaches another campaign. Nothing
is deleted: a kind or criterion no longer wanted is retired — asked of nobody and offered for no
new document or review, while documents, reviews and scores already made keep it. Each call
checks everything first and changes all or nothing; the messages are in Russian."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import DocumentKind, ReviewCriterion

MAX_POINTS = 10


def _renumbered(items, order: dict[int, int]) -> dict[int, int]:
    """pk → its new position 1..n, by the number the operator gave (else its place now). Of two with
    the same number, the one the operator moved comes first: «3 → 1» puts the third one first."""
    now = {item.pk: n for n, item in enumerate(sorted(items, key=lambda i: (i.order, i.pk)), start=1)}

    def rank(item):
        given = order.get(item.pk, now[item.pk])
        return (given, given == now[item.pk], now[item.pk])

    return {item.pk: n for n, item in enumerate(sorted(items, key=rank), start=1)}


def _points(value: str, label: str) -> tuple[int | None, str]:
    value = str(value).strip()
    if value.isdigit() and 1 <= int(value) <= MAX_POINTS:
        return int(value), ""
    return None, f"{label}: наибольший балл — целое число от 1 до {MAX_POINTS}."


@transaction.atomic
def kinds_change(
    *,
    campaign,
    titles: dict[int, str],
    required: set[int],
    retired: set[int],
    order: dict[int, int],
    new_title: str = "",
    new_per: str = "",
    new_required: bool = False,
) -> DocumentKind | None:
    """Renames, reorders, marks required or retired the campaign's kinds; adds one new kind."""
    kinds = list(DocumentKind.objects.select_for_update().filter(campaign=campaign))
    errors = []
    wanted = {}
    for kind in kinds:
        title = " ".join((titles.get(kind.pk, kind.title) or "").split())[:200]
        if not title:
            errors.append(f"Название вида «{kind.title}» не может быть пустым.")
        wanted[kind.pk] = title or kind.title
    new_title = " ".join(new_title.split())[:200]
    if new_title and new_per not in DocumentKind.Per.values:
        errors.append("Для нового вида выберите, сколько документов нужно школе.")
    if new_per and not new_title:
        errors.append("Для нового вида документов нужно название.")
    seen: dict[str, str] = {}
    for title in [*wanted.values(), *([new_title] if new_title else [])]:
        if title.lower() in seen:
            errors.append(f"Вид документов «{title}» в кампании уже есть: названия не должны повторяться.")
        seen[title.lower()] = title
    if errors:
        raise ValidationError(errors)
    positions = _renumbered(kinds, order)
    for kind in kinds:
        values = {
            "title": wanted[kind.pk],
            "required": kind.pk in required,
            "retired": kind.pk in retired,
            "order": positions[kind.pk],
        }
        if any(getattr(kind, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(kind, name, value)
            kind.save(update_fields=list(values))
    if not new_title:
        return None
    codes = {k.code for k in kinds}
    number = len(kinds) + 1
    while f"kind{number}" in codes:
        number += 1
    return DocumentKind.objects.create(
        campaign=campaign,
        code=f"kind{number}",
        title=new_title,
        per=new_per,
        required=new_required,
        order=len(kinds) + 1,
    )


@transaction.atomic
def criteria_change(
    *,
    kind: DocumentKind,
    texts: dict[int, str],
    points: dict[int, str],
    retired: set[int],
    order: dict[int, int],
    new_text: str = "",
    new_points: str = "",
) -> ReviewCriterion | None:
    """Renames, reorders, re-weighs (while no expert has scored it) or retires the kind's criteria;
    adds one new criterion."""
    criteria = list(ReviewCriterion.objects.select_for_update().filter(kind=kind))
    scored = set(
        ReviewCriterion.objects.filter(kind=kind, expert_scores__isnull=False).values_list("pk", flat=True).distinct()
    )
    errors = []
    wanted = {}
    for criterion in criteria:
        text = " ".join((texts.get(criterion.pk, criterion.text) or "").split())[:300]
        if not text:
            errors.append(f"Текст критерия «{criterion.text}» не может быть пустым.")
        most = criterion.max_points
        if criterion.pk in points and str(points[criterion.pk]).strip() != str(criterion.max_points):
            most, problem = _points(points[criterion.pk], f"Критерий «{criterion.text}»")
            if problem:
                errors.append(problem)
            elif criterion.pk in scored:
                errors.append(
                    f"Критерий «{criterion.text}» уже оценивали эксперты: наибольший балл менять нельзя "
                    "(выведите критерий и добавьте новый)."
                )
        wanted[criterion.pk] = (text or criterion.text, most or criterion.max_points)
    new_text = " ".join(new_text.split())[:300]
    new_most = None
    if new_text:
        new_most, problem = _points(new_points or "3", "Новый критерий")
        if problem:
            errors.append(problem)
    seen = set()
    for text in [*(t for t, _ in wanted.values()), *([new_text] if new_text else [])]:
        if text.lower() in seen:
            errors.append(f"Критерий «{text}» у этого вида уже есть: критерии не должны повторяться.")
        seen.add(text.lower())
    if errors:
        raise ValidationError(errors)
    positions = _renumbered(criteria, order)
    for criterion in criteria:
        text, most = wanted[criterion.pk]
        values = {
            "text": text,
            "max_points": most,
            "retired": criterion.pk in retired,
            "order": positions[criterion.pk],
        }
        if any(getattr(criterion, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(criterion, name, value)
            criterion.save(update_fields=list(values))
    if not new_text:
        return None
    return ReviewCriterion.objects.create(kind=kind, text=new_text, max_points=new_most, order=len(criteria) + 1)
