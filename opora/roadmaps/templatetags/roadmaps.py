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
}


@register.filter
def recurrence(code: str) -> str:
    return recurrence_label(code)


@register.filter
def field_title(name: str) -> str:
    return FIELD_TITLES.get(name, name)
