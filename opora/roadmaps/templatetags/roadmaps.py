from django import template

from ..recurrence_words import recurrence_label

register = template.Library()

FIELD_TITLES = {
    "number": "номер",
    "action": "мероприятие",
    "deadline_text": "сроки",
    "executors": "ответственные",
    "planned_result": "планируемый результат",
    "indicator": "показатель",
    "info": "информационное сопровождение",
    "dates": "даты",
    # The passport and the approval (changes of the roadmap itself, not of an item).
    "title": "название",
    "year": "год",
    "school_year": "на учебный год",
    "problem": "описание проблемы",
    "goal": "цель",
    "tasks": "задачи",
    "working_group": "рабочая группа",
    "indicators": "целевые показатели",
    "order": "приказ об утверждении",
}


@register.filter
def recurrence(code: str) -> str:
    return recurrence_label(code)


@register.filter
def field_title(name: str) -> str:
    return FIELD_TITLES.get(name, name)


@register.filter
def change_subject(change) -> str:
    """What a history line is about: an item, the passport or the approval."""
    if change.item_id or change.item_number:
        return f"мероприятие {change.item_number}"
    return "утверждение" if change.field == "order" else "паспорт"
