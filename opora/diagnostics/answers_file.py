"""Answers collected elsewhere, as an XLSX with one row per respondent: the sample file to fill
in, and the upload — all or nothing, every bad row named by its number."""

from __future__ import annotations

from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Font

from opora.core.filetypes import XLSX, Limits, UnsafeFile, require_kind
from opora.core.spreadsheets import workbook_bytes
from opora.core.tabular import TableFileError, capped, read_xlsx_rows

from .answers import read_answers
from .models import AnswersUpload, Question, Questionnaire, Response
from .services import profile_compute, response_save

MAX_ROWS = 5_000
LIMITS = Limits(unpacked_mb=50)


def _questions(profile, group: str) -> tuple[Questionnaire, list[Question]]:
    questionnaire = Questionnaire.objects.get(campaign_id=profile.campaign_id, group=group)
    return questionnaire, list(questionnaire.questions.prefetch_related("options"))


def sample_xlsx(profile, group: str) -> bytes:
    """The blank file: question codes in the first row, the questions and their options on a second sheet."""
    _, questions = _questions(profile, group)
    book = Workbook()
    sheet = book.active
    sheet.title = "Ответы"
    sheet.append([q.code for q in questions])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    help_sheet = book.create_sheet("Вопросы")
    help_sheet.append(["Код", "Вопрос", "Тип", "Как записать ответ"])
    for q in questions:
        if q.has_options:
            how = "; ".join(f"{o.code} — {o.text}" for o in q.options.all())
            if q.kind == Question.Kind.MULTIPLE:
                how = "коды через «;»: " + how
        elif q.kind == Question.Kind.TEXT:
            how = "текст"
        else:
            how = f"число от {q.low} до {q.high}"
        help_sheet.append([q.code, q.text, q.get_kind_display(), how])
    help_sheet.column_dimensions["B"].width = 70
    help_sheet.column_dimensions["D"].width = 70
    return workbook_bytes(book)


def _code(header: str) -> str:
    """«p2. За последний месяц…» or «P2» → «p2»."""
    first = header.strip().split(" ")[0] if header.strip() else ""
    return first.rstrip(".:").lower()


def read_upload(data: bytes, filename: str, questions: list[Question]) -> tuple[list, list[str]]:
    """The respondents' answers read from the rows, and the errors (none read when there are any)."""
    try:
        require_kind(data, filename, (XLSX,), LIMITS)
        rows = read_xlsx_rows(data, filename)
    except (UnsafeFile, TableFileError) as error:
        return [], [str(error)]
    while rows and not any(rows[-1]):
        rows.pop()
    if len(rows) < 2:
        return [], [f"Файл «{filename}»: нет строк с ответами (первая строка — коды вопросов)."]
    if len(rows) - 1 > MAX_ROWS:
        return [], [f"Файл «{filename}»: больше {MAX_ROWS} строк; разделите его на части."]
    by_code = {q.code.lower(): q for q in questions}
    header = [_code(cell) for cell in rows[0]]
    errors = [
        f"Строка 1, столбец {n}: «{rows[0][n - 1]}» — нет такого вопроса в анкете"
        for n, code in enumerate(header, start=1)
        if code and code not in by_code
    ]
    missing = [q.code for q in questions if q.required and q.code.lower() not in header]
    if missing:
        errors.append(f"Строка 1: нет столбцов обязательных вопросов {', '.join(missing)}")
    if errors:
        return [], errors
    read_rows = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        raw: dict[str, list[str]] = {}
        for code, cell in zip(header, row, strict=False):
            if code:
                question = by_code[code]
                values = cell.split(";") if question.kind == Question.Kind.MULTIPLE else [cell]
                raw[question.code] = [v for v in values if v.strip()]
        read = read_answers(questions, raw)
        errors += [f"Строка {number}, вопрос «{code}»: {problem}" for code, problem in read.errors.items()]
        read_rows.append(read)
    return read_rows, errors


def answers_load(record: AnswersUpload, step=lambda percent, words: None) -> list[str]:
    """Reads the stored file of the record; saves every row or none. Returns the errors (the record
    is marked loaded or refused accordingly); the profile is recomputed after a load."""
    profile = record.profile
    if profile.is_verified:  # verified between the upload and its reading
        errors = ["Рисковый профиль уже проверен куратором: ответы больше не загружаются."]
        AnswersUpload.objects.filter(pk=record.pk).update(status=AnswersUpload.Status.REFUSED, errors=errors)
        return errors
    with record.file.open("rb") as stored:
        data = stored.read()
    questionnaire, questions = _questions(profile, record.group)
    read_rows, errors = read_upload(data, record.file_name, questions)
    if errors:
        AnswersUpload.objects.filter(pk=record.pk).update(status=AnswersUpload.Status.REFUSED, errors=capped(errors))
        return errors
    step(40, f"Запись ответов и пересчёт профиля: {len(read_rows)}")
    with transaction.atomic():  # the answers, the record and the recomputed profile together, or nothing
        for read in read_rows:
            response_save(questionnaire=questionnaire, school=profile.school, read=read, source=Response.Source.UPLOAD)
        profile_compute(school=profile.school, campaign=profile.campaign)
        AnswersUpload.objects.filter(pk=record.pk).update(status=AnswersUpload.Status.LOADED, rows=len(read_rows))
    return []
