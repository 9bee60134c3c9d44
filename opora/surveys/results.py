"""A wave's figures, each in a bounded number of queries whatever the size of the region: response
rates by role and municipality, and the answers question by question."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from opora.accounts.models import Assignment, Role
from opora.registry.models import Municipality

from .models import Participation, SurveyAnswer, Wave
from .selectors import audience_assignments

# Below this many responses the answers are not shown: with two or three people one could tell
# who said what.
MIN_RESPONSES = 3
REGION_LEVEL = "Региональный уровень"


@dataclass
class Rate:
    label: str
    answered: int = 0
    audience: int = 0

    @property
    def percent(self) -> float | None:
        return round(100 * self.answered / self.audience, 1) if self.audience else None


@dataclass
class Rates:
    total: Rate
    by_role: list[Rate] = field(default_factory=list)
    by_municipality: list[Rate] = field(default_factory=list)


def rates(wave: Wave) -> Rates:
    """Audience and answered, in all, by role and by municipality. Four queries."""
    rows = list(audience_assignments(wave).values_list("pk", "person_id", "role", "municipality_id"))
    via_schools: dict[int, set[int]] = {}
    for assignment_id, municipality_id in Assignment.schools.through.objects.filter(
        assignment_id__in=[r[0] for r in rows]
    ).values_list("assignment_id", "school__municipality_id"):
        via_schools.setdefault(assignment_id, set()).add(municipality_id)
    answered = set(Participation.objects.filter(wave=wave).values_list("person_id", flat=True))
    by_role: dict[str, set[int]] = {}
    by_place: dict[int | None, set[int]] = {}
    for pk, person_id, role, municipality_id in rows:
        by_role.setdefault(role, set()).add(person_id)
        places = {municipality_id} if municipality_id else via_schools.get(pk) or {None}
        for place in places:
            by_place.setdefault(place, set()).add(person_id)
    names = dict(Municipality.objects.filter(pk__in=[p for p in by_place if p]).values_list("pk", "name"))
    everyone = {r[1] for r in rows}

    def rate(label, people):
        return Rate(label, len(people & answered), len(people))

    labels = dict(Role.choices)
    return Rates(
        total=rate("Все", everyone),
        by_role=[rate(labels.get(role, role), by_role[role]) for role in wave.roles if role in by_role],
        by_municipality=sorted(
            (
                rate(names.get(place, REGION_LEVEL) if place else REGION_LEVEL, people)
                for place, people in by_place.items()
            ),
            key=lambda r: (r.label == REGION_LEVEL, r.label),
        ),
    )


@dataclass
class QuestionResult:
    question: object
    rows: list[tuple[str, int]] = field(default_factory=list)  # option or scale point → count
    answered: int = 0
    mean: float | None = None
    texts: list[str] = field(default_factory=list)


TEXTS_SHOWN = 200


def answers(wave: Wave) -> tuple[int, list[QuestionResult]]:
    """(responses, per question); the answers only from MIN_RESPONSES responses on. Six queries."""
    total = wave.responses.count()
    questions = list(wave.form.questions.prefetch_related("options"))
    if total < MIN_RESPONSES:
        return total, [QuestionResult(q) for q in questions]
    mine = SurveyAnswer.objects.filter(response__wave=wave)
    chosen = {
        (r["question_id"], r["option_id"]): r["n"]
        for r in mine.filter(option__isnull=False).values("question_id", "option_id").annotate(n=Count("id"))
    }
    values: dict[int, dict] = {}
    for r in mine.filter(value__isnull=False).values("question_id", "value").annotate(n=Count("id")):
        values.setdefault(r["question_id"], {})[r["value"]] = r["n"]
    answered = dict(
        mine.values("question_id").annotate(n=Count("response_id", distinct=True)).values_list("question_id", "n")
    )
    texts: dict[int, list[str]] = {}
    for question_id, text in mine.exclude(text="").order_by("response_id").values_list("question_id", "text"):
        bucket = texts.setdefault(question_id, [])
        if len(bucket) < TEXTS_SHOWN:
            bucket.append(text)
    out = []
    for q in questions:
        result = QuestionResult(q, answered=answered.get(q.pk, 0))
        if q.has_options:
            result.rows = [(o.text, chosen.get((q.pk, o.pk), 0)) for o in q.options.all()]
        elif q.kind in ("scale", "number"):
            counts = values.get(q.pk, {})
            n = sum(counts.values())
            result.mean = round(float(sum(v * c for v, c in counts.items())) / n, 2) if n else None
            if q.kind == "scale" and q.low is not None and q.high is not None:
                result.rows = [(str(p), sum(c for v, c in counts.items() if v == p)) for p in range(q.low, q.high + 1)]
        else:
            result.texts = texts.get(q.pk, [])
        out.append(result)
    return total, out
