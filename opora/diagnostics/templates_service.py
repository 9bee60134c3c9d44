"""Questionnaire templates of a campaign: seeding the defaults, export to a file, import from one."""

from __future__ import annotations

from django.db import transaction

from .catalogue import seed_catalogue
from .default_template import default_template
from .models import DiagnosticsSettings, Option, Question, Questionnaire, Response, RiskFactor, ScoringItem
from .template_file import TemplateFileError, dump_template, parse_template


@transaction.atomic
def diagnostics_seed(campaign) -> DiagnosticsSettings:
    """The campaign's catalogue, settings and the default questionnaires, where missing."""
    seed_catalogue(campaign)
    settings_, _ = DiagnosticsSettings.objects.get_or_create(campaign=campaign)
    if not Questionnaire.objects.filter(campaign=campaign).exists():
        template_load(campaign=campaign, questionnaires=default_template()["questionnaires"])
    return settings_


def template_export(campaign) -> bytes:
    questionnaires = (
        Questionnaire.objects.filter(campaign=campaign)
        .prefetch_related("questions__options", "questions__scoring_items__factor", "questions__scoring_items__option")
        .order_by("pk")
    )
    out = []
    for qn in questionnaires:
        questions = []
        for q in qn.questions.all():
            question = {"code": q.code, "kind": q.kind, "text": q.text, "required": q.required}
            question["options"] = [{"code": o.code, "text": o.text} for o in q.options.all()]
            if q.kind in ("scale", "number"):
                question.update(low=q.low, high=q.high, low_label=q.low_label, high_label=q.high_label)
            question["scoring"] = [
                {
                    "factor": s.factor.code,
                    "option": s.option.code if s.option_id else None,
                    "weight": float(s.weight),
                    "direction": s.direction,
                }
                for s in q.scoring_items.all()
            ]
            questions.append(question)
        out.append({"group": qn.group, "title": qn.title, "intro": qn.intro, "questions": questions})
    return dump_template(out)


@transaction.atomic
def template_import(*, campaign, data: bytes) -> list[Questionnaire]:
    """Replaces the campaign's questionnaires of the groups in the file. All or nothing; a
    questionnaire that already has answers is not replaced (TemplateFileError)."""
    codes = set(RiskFactor.objects.filter(campaign=campaign, retired=False).values_list("code", flat=True))
    questionnaires = parse_template(data, codes)
    return template_load(campaign=campaign, questionnaires=questionnaires)


def template_load(*, campaign, questionnaires: list[dict]) -> list[Questionnaire]:
    groups = [qn["group"] for qn in questionnaires]
    answered = (
        Response.objects.filter(questionnaire__campaign=campaign, questionnaire__group__in=groups)
        .values_list("questionnaire__title", flat=True)
        .distinct()
    )
    if answered:
        raise TemplateFileError(
            [f"Анкета «{title}» уже получила ответы в этой кампании; её нельзя заменить" for title in answered]
        )
    Questionnaire.objects.filter(campaign=campaign, group__in=groups).delete()
    factors = {f.code: f for f in RiskFactor.objects.filter(campaign=campaign)}
    created = []
    for qn in questionnaires:
        questionnaire = Questionnaire.objects.create(
            campaign=campaign, group=qn["group"], title=qn["title"].strip(), intro=(qn.get("intro") or "").strip()
        )
        for position, q in enumerate(qn["questions"], start=1):
            question = Question.objects.create(
                questionnaire=questionnaire,
                position=position,
                code=q["code"],
                text=q["text"].strip(),
                kind=q["kind"],
                required=bool(q.get("required", True)),
                low=q.get("low"),
                high=q.get("high"),
                low_label=q.get("low_label") or "",
                high_label=q.get("high_label") or "",
            )
            options = {
                o["code"]: Option.objects.create(question=question, position=n, code=o["code"], text=o["text"].strip())
                for n, o in enumerate(q.get("options") or [], start=1)
            }
            ScoringItem.objects.bulk_create(
                ScoringItem(
                    factor=factors[s["factor"]],
                    question=question,
                    option=options.get(s["option"]) if s.get("option") else None,
                    weight=s["weight"],
                    direction=s["direction"],
                )
                for s in q.get("scoring") or []
            )
        created.append(questionnaire)
    return created
