"""Survey forms and waves: creating them, and answering a wave once."""

from __future__ import annotations

import json

from django.db import IntegrityError, transaction
from django.utils import timezone

from opora.diagnostics.answers import ReadAnswers
from opora.diagnostics.models import Option, Purpose, Question, Questionnaire
from opora.diagnostics.template_file import FORMAT, MAX_BYTES, TemplateFileError, _check_question, dump_template

from .default_form import default_form
from .models import Participation, SurveyAnswer, SurveyResponse, Wave
from .selectors import in_audience


class AnswerRefused(Exception):
    """Why an answer was not taken, in Russian."""


def forms_of(campaign):
    return Questionnaire.every.filter(campaign=campaign, purpose=Purpose.SURVEY).order_by("-pk")


def parse_form(data: bytes) -> dict:
    """One survey form from a questionnaire file (the diagnostics format; its first questionnaire).
    TemplateFileError lists every problem."""
    if len(data) > MAX_BYTES:
        raise TemplateFileError(["Файл больше 2 МБ"])
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise TemplateFileError(["Файл не является шаблоном анкет Опоры (ожидается JSON в UTF-8)"]) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TemplateFileError(["Файл не является шаблоном анкет Опоры (нет «format»: «opora-questionnaires»)"])
    found = document.get("questionnaires")
    if not isinstance(found, list) or not found or not isinstance(found[0], dict):
        raise TemplateFileError(["В файле нет анкеты"])
    form, errors = found[0], []
    title = form.get("title")
    if not isinstance(title, str) or not 0 < len(title.strip()) <= 300:
        errors.append("Нет названия анкеты (до 300 знаков)")
    questions = form.get("questions")
    if not isinstance(questions, list) or not questions:
        raise TemplateFileError([*errors, "В анкете нет вопросов"])
    codes = [q.get("code") for q in questions if isinstance(q, dict)]
    if len(set(codes)) != len(codes):
        errors.append("Коды вопросов повторяются")
    for n, q in enumerate(questions, start=1):
        if isinstance(q, dict) and q.get("scoring"):
            errors.append(f"Вопрос {n}: в опросе участников нет показателей факторов («scoring»)")
            continue
        _check_question(f"Вопрос {n}", q, set(), errors)
    if errors:
        raise TemplateFileError(errors)
    return form


@transaction.atomic
def form_create(*, campaign, form: dict) -> Questionnaire:
    questionnaire = Questionnaire.every.create(
        campaign=campaign,
        purpose=Purpose.SURVEY,
        group="",
        title=form["title"].strip(),
        intro=(form.get("intro") or "").strip(),
    )
    for position, q in enumerate(form["questions"], start=1):
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
        Option.objects.bulk_create(
            Option(question=question, position=n, code=o["code"], text=o["text"].strip())
            for n, o in enumerate(q.get("options") or [], start=1)
        )
    return questionnaire


def form_default(campaign) -> Questionnaire:
    """The default form of the campaign, created once."""
    found = forms_of(campaign).filter(title=default_form()["title"]).first()
    return found or form_create(campaign=campaign, form=default_form())


def form_export(questionnaire: Questionnaire) -> bytes:
    questions = []
    for q in questionnaire.questions.prefetch_related("options"):
        question = {"code": q.code, "kind": q.kind, "text": q.text, "required": q.required}
        question["options"] = [{"code": o.code, "text": o.text} for o in q.options.all()]
        if q.kind in ("scale", "number"):
            question.update(low=q.low, high=q.high, low_label=q.low_label, high_label=q.high_label)
        questions.append(question)
    return dump_template(
        [{"group": "survey", "title": questionnaire.title, "intro": questionnaire.intro, "questions": questions}]
    )


def answer_save(*, wave: Wave, user, read: ReadAnswers, today=None) -> SurveyResponse:
    """The user's answers to the wave: once, while it is open, if the wave asks them. The participation
    and the answers are written together; a second submit (even at the same moment) is refused by
    the database's one-per-wave constraint and leaves nothing behind."""
    today = today or timezone.localdate()
    if read.errors:
        raise AnswerRefused("Ответы не сохранены: исправьте отмеченные вопросы.")
    if not wave.is_open(today):
        raise AnswerRefused(
            f"Опрос «{wave.title}» открыт с {wave.opens_on:%d.%m.%Y} по {wave.closes_on:%d.%m.%Y}; "
            "сейчас ответить нельзя."
        )
    if not in_audience(wave, user):
        raise AnswerRefused("Этот опрос адресован другим участникам.")
    try:
        with transaction.atomic():
            Participation.objects.create(wave=wave, person_id=user.person_id, answered_on=today)
            response = SurveyResponse.objects.create(wave=wave)
            rows = [
                SurveyAnswer(response=response, question_id=q, option_id=o)
                for q, ids in read.options.items()
                for o in ids
            ]
            rows += [SurveyAnswer(response=response, question_id=q, value=v) for q, v in read.numbers.items()]
            rows += [SurveyAnswer(response=response, question_id=q, text=t) for q, t in read.texts.items()]
            SurveyAnswer.objects.bulk_create(rows)
    except IntegrityError:
        raise AnswerRefused(f"Вы уже ответили на опрос «{wave.title}»: ответить можно один раз.") from None
    return response
