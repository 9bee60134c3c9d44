"""Reading one respondent's answers (from a form or a spreadsheet row) against a questionnaire's
questions: what was chosen or typed, or the Russian reasons it cannot be taken."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .models import Question


@dataclass
class ReadAnswers:
    """Per question: option ids, a number, or a text; and the problems found, by question code."""

    options: dict[int, list[int]] = field(default_factory=dict)
    numbers: dict[int, Decimal] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def read_answers(questions: list[Question], raw: dict[str, list[str]]) -> ReadAnswers:
    """`raw`: question code → the values given (option codes or texts, a number, a text).
    Options are matched by code or by their text, case-insensitively."""
    out = ReadAnswers()
    for q in questions:
        given = [v.strip() for v in raw.get(q.code, []) if v and v.strip()]
        if not given:
            if q.required:
                out.errors[q.code] = "нужен ответ"
            continue
        if q.has_options:
            by_key = {}
            for o in q.options.all():
                by_key[o.code.lower()] = o.pk
                by_key[o.text.lower()] = o.pk
            chosen, unknown = [], []
            for value in given:
                (chosen if value.lower() in by_key else unknown).append(value)
            if unknown:
                out.errors[q.code] = f"нет такого варианта ответа: «{unknown[0][:60]}»"
            elif q.kind == Question.Kind.SINGLE and len(chosen) > 1:
                out.errors[q.code] = "можно выбрать только один вариант"
            else:
                out.options[q.pk] = list(dict.fromkeys(by_key[v.lower()] for v in chosen))
        elif q.kind in (Question.Kind.SCALE, Question.Kind.NUMBER):
            value = _number(given[0])
            if value is None:
                out.errors[q.code] = f"нужно число, а не «{given[0][:40]}»"
            elif (q.low is not None and value < q.low) or (q.high is not None and value > q.high):
                out.errors[q.code] = f"число от {q.low} до {q.high}"
            elif q.kind == Question.Kind.SCALE and value != value.to_integral_value():
                out.errors[q.code] = "на шкале — целое число"
            else:
                out.numbers[q.pk] = value
        else:
            out.texts[q.pk] = given[0][:4000]
    return out
