"""The participant survey form a region starts from: questions for curators and school teams about
the programme's support. In the questionnaire file format of the diagnostics (one questionnaire)."""

from __future__ import annotations

SCALE = {"kind": "scale", "low": 1, "high": 5, "low_label": "совсем нет", "high_label": "очень"}


def default_form() -> dict:
    return {
        "group": "survey",
        "title": "Опрос участников программы «500+»: поддержка школ",
        "intro": "Ответы анонимны: в результатах не видно, кто что ответил. Опрос займёт 3–5 минут.",
        "questions": [
            {
                "code": "role",
                "kind": "single",
                "text": "В каком качестве вы участвуете в программе?",
                "options": [
                    {"code": "curator", "text": "Куратор"},
                    {"code": "school", "text": "Управленческая команда школы"},
                    {"code": "municipal", "text": "Муниципальный координатор"},
                    {"code": "other", "text": "Другое"},
                ],
            },
            {**SCALE, "code": "webinars", "text": "Насколько полезны для вас вебинары программы?"},
            {**SCALE, "code": "visits", "text": "Насколько полезны выезды куратора в школу?"},
            {**SCALE, "code": "docs", "text": "Насколько понятны требования к документам (концепция, программа)?"},
            {
                "code": "needs",
                "kind": "multiple",
                "text": "Какой поддержки не хватает?",
                "required": False,
                "options": [
                    {"code": "methods", "text": "Методической помощи"},
                    {"code": "visits", "text": "Очных встреч с куратором"},
                    {"code": "exchange", "text": "Обмена опытом между школами"},
                    {"code": "staff", "text": "Повышения квалификации педагогов"},
                ],
            },
            {
                "code": "comment",
                "kind": "text",
                "text": "Что стоит изменить в поддержке школ?",
                "required": False,
            },
        ],
    }
