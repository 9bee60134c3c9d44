"""The questionnaire template file (JSON), which regions share and adapt: reading and checking it.
Pure: no Django. Writing and loading into a campaign are in `templates_service.py`."""

from __future__ import annotations

import json

FORMAT = "opora-questionnaires"
GROUPS = ("self", "director", "teachers", "pupils", "parents")
KINDS = ("single", "multiple", "scale", "number", "text")
DIRECTIONS = ("risk", "protective")
MAX_BYTES = 2 * 1024 * 1024


class TemplateFileError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _text(value, limit: int) -> bool:
    return isinstance(value, str) and 0 < len(value.strip()) <= limit


def _check_question(where: str, q, factor_codes: set[str], errors: list[str]) -> None:
    if not isinstance(q, dict):
        errors.append(f"{where}: вопрос должен быть объектом")
        return
    if not _text(q.get("code"), 20):
        errors.append(f"{where}: нет кода вопроса (до 20 знаков)")
    if not _text(q.get("text"), 1000):
        errors.append(f"{where}: нет текста вопроса (до 1000 знаков)")
    kind = q.get("kind")
    if kind not in KINDS:
        errors.append(f"{where}: тип «{kind}» не из {', '.join(KINDS)}")
        return
    options = q.get("options") or []
    option_codes = [o.get("code") for o in options if isinstance(o, dict)]
    if kind in ("single", "multiple"):
        if len(options) < 2 or len(option_codes) != len(options):
            errors.append(f"{where}: нужно не меньше двух вариантов ответа")
        for o in options:
            if isinstance(o, dict) and not (_text(o.get("code"), 20) and _text(o.get("text"), 500)):
                errors.append(f"{where}: у варианта ответа нужны код и текст")
        if len(set(option_codes)) != len(option_codes):
            errors.append(f"{where}: коды вариантов ответа повторяются")
    if kind in ("scale", "number"):
        low, high = q.get("low"), q.get("high")
        if not (isinstance(low, int) and isinstance(high, int) and low < high):
            errors.append(f"{where}: для шкалы и числа нужны целые «low» < «high»")
    for s in q.get("scoring") or []:
        if not isinstance(s, dict):
            errors.append(f"{where}: показатель должен быть объектом")
            continue
        if s.get("factor") not in factor_codes:
            errors.append(f"{where}: фактора «{s.get('factor')}» нет в каталоге кампании")
        if s.get("direction") not in DIRECTIONS:
            errors.append(f"{where}: направление «{s.get('direction')}» — нужно risk или protective")
        weight = s.get("weight")
        if not isinstance(weight, int | float) or isinstance(weight, bool) or not 0 < weight <= 100:
            errors.append(f"{where}: вес показателя — число больше 0 и не больше 100")
        option = s.get("option")
        if kind in ("single", "multiple") and option not in option_codes:
            errors.append(f"{where}: показатель ссылается на вариант «{option}», которого нет")
        if kind in ("scale", "number") and option is not None:
            errors.append(f"{where}: у шкалы и числа показатель без варианта («option»: null)")
        if kind == "text":
            errors.append(f"{where}: текстовый вопрос не участвует в расчёте")


def parse_template(data: bytes, factor_codes: set[str]) -> list[dict]:
    """The questionnaires of a template file, checked; TemplateFileError lists every problem."""
    if len(data) > MAX_BYTES:
        raise TemplateFileError(["Файл шаблона больше 2 МБ"])
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise TemplateFileError(["Файл не является шаблоном анкет Опоры (ожидается JSON в UTF-8)"]) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TemplateFileError(["Файл не является шаблоном анкет Опоры (нет «format»: «opora-questionnaires»)"])
    questionnaires = document.get("questionnaires")
    if not isinstance(questionnaires, list) or not questionnaires:
        raise TemplateFileError(["В шаблоне нет анкет"])
    errors: list[str] = []
    seen_groups: set[str] = set()
    for n, qn in enumerate(questionnaires, start=1):
        if not isinstance(qn, dict):
            errors.append(f"Анкета {n}: должна быть объектом")
            continue
        group = qn.get("group")
        if group not in GROUPS:
            errors.append(f"Анкета {n}: группа «{group}» не из {', '.join(GROUPS)}")
        elif group in seen_groups:
            errors.append(f"Анкета {n}: анкета группы «{group}» уже есть в файле")
        seen_groups.add(group)
        if not _text(qn.get("title"), 300):
            errors.append(f"Анкета {n}: нет названия")
        questions = qn.get("questions")
        if not isinstance(questions, list) or not questions:
            errors.append(f"Анкета {n}: нет вопросов")
            continue
        codes = [q.get("code") for q in questions if isinstance(q, dict)]
        if len(set(codes)) != len(codes):
            errors.append(f"Анкета {n}: коды вопросов повторяются")
        for m, q in enumerate(questions, start=1):
            _check_question(f"Анкета {n}, вопрос {m}", q, factor_codes, errors)
    if errors:
        raise TemplateFileError(errors)
    return questionnaires


def dump_template(questionnaires: list[dict]) -> bytes:
    return json.dumps(
        {"format": FORMAT, "version": 1, "questionnaires": questionnaires}, ensure_ascii=False, indent=2
    ).encode("utf-8")
