"""The questionnaires seeded for a new campaign: a reasonable start that a region replaces with
its own (export, edit, import). In the format of the template file (`template_file.py`).

Compact notation here: a question is (code, kind, text, options or (low, high), scoring), where
scoring is a list of (factor code, option code or None, weight, direction)."""

from __future__ import annotations

R, P = "risk", "protective"
AGREE = (1, 5)  # «совсем не согласен» … «полностью согласен»

SELF = [
    (
        "s1",
        "number",
        "Доля учебных кабинетов, оснащённых компьютером и проектором (интерактивной панелью), %",
        (0, 100),
        [("f01", None, 2, P)],
    ),
    (
        "s2",
        "single",
        "Есть ли в школе стабильный доступ к интернету не ниже 50 Мбит/с?",
        [("yes", "Да"), ("no", "Нет")],
        [("f01", "no", 1, R)],
    ),
    ("s3", "number", "Доля ставок педагогов, не закрытых на начало учебного года, %", (0, 50), [("f02", None, 2, R)]),
    (
        "s4",
        "number",
        "Доля уроков, которые ведут педагоги не по своей специальности, %",
        (0, 50),
        [("f02", None, 1, R), ("f03", None, 1, R)],
    ),
    (
        "s5",
        "number",
        "Доля педагогов, прошедших повышение квалификации за последние три года, %",
        (0, 100),
        [("f05", None, 2, P)],
    ),
    ("s6", "number", "Доля обучающихся, для которых русский язык не родной, %", (0, 50), [("f06", None, 2, R)]),
    ("s7", "number", "Доля обучающихся с ОВЗ, %", (0, 20), [("f11", None, 3, R)]),
    (
        "s8",
        "number",
        "Доля обучающихся, не освоивших программу по итогам прошлого года, %",
        (0, 20),
        [("f10", None, 3, R)],
    ),
    (
        "s9",
        "multiple",
        "Какие формы поддержки обучающихся с трудностями в учёбе есть в школе?",
        [
            ("plan", "Индивидуальные образовательные маршруты"),
            ("cons", "Регулярные консультации"),
            ("tutor", "Тьюторское сопровождение"),
            ("none", "Таких форм нет"),
        ],
        [("f04", "plan", 1, P), ("f04", "cons", 1, P), ("f04", "none", 2, R), ("f10", "none", 1, R)],
    ),
]

DIRECTOR = [
    ("d1", "scale", "Оснащение школы позволяет выполнять требования ФГОС", AGREE, [("f01", None, 1, P)]),
    (
        "d2",
        "single",
        "Работает ли в школе система наставничества и методической помощи педагогам?",
        [("works", "Да, работает"), ("formal", "Есть формально"), ("no", "Нет")],
        [("f05", "formal", 1, R), ("f05", "no", 2, R), ("f03", "no", 1, R)],
    ),
    ("d3", "scale", "Педагоги школы дают обучающимся задания разного уровня сложности", AGREE, [("f04", None, 2, P)]),
    (
        "d4",
        "single",
        "Как часто родители участвуют в жизни школы?",
        [("often", "Регулярно"), ("sometimes", "Иногда"), ("rarely", "Редко или никогда")],
        [("f08", "rarely", 2, R), ("f08", "sometimes", 1, R)],
    ),
    ("d5", "number", "Сколько педагогов школе не хватает сейчас?", (0, 10), [("f02", None, 1, R)]),
]

TEACHERS = [
    (
        "t1",
        "scale",
        "Я уверенно владею современными методиками преподавания своего предмета",
        AGREE,
        [("f03", None, 2, P)],
    ),
    ("t2", "scale", "В школе я могу получить методическую помощь коллег", AGREE, [("f05", None, 1, P)]),
    (
        "t3",
        "single",
        "Какие отношения в педагогическом коллективе?",
        [("good", "Доброжелательные"), ("tense", "Напряжённые"), ("conflict", "Конфликтные")],
        [("f07", "tense", 1, R), ("f07", "conflict", 2, R)],
    ),
    (
        "t4",
        "single",
        "Как часто вы даёте на уроке задания разного уровня сложности?",
        [("often", "Почти на каждом уроке"), ("sometimes", "Иногда"), ("never", "Никогда")],
        [("f04", "never", 2, R), ("f04", "often", 1, P)],
    ),
    (
        "t5",
        "single",
        "Бывает ли, что обучающиеся не понимают объяснение из-за языка?",
        [("often", "Часто"), ("seldom", "Редко"), ("never", "Нет")],
        [("f06", "often", 2, R), ("f06", "seldom", 1, R)],
    ),
    (
        "t6",
        "number",
        "Какая доля ваших обучающихся, по вашей оценке, не хочет учиться, %",
        (0, 100),
        [("f09", None, 1, R), ("f10", None, 1, R)],
    ),
    ("t7", "text", "Какая помощь вам нужнее всего?", None, []),
]

PUPILS = [
    ("p1", "scale", "Мне интересно на уроках", AGREE, [("f09", None, 2, P)]),
    (
        "p2",
        "single",
        "За последний месяц тебя обижали или травили в школе?",
        [("no", "Нет"), ("once", "Один-два раза"), ("often", "Часто")],
        [("f07", "once", 1, R), ("f07", "often", 2, R)],
    ),
    ("p3", "scale", "В школе я чувствую себя в безопасности", AGREE, [("f07", None, 1, P)]),
    ("p4", "scale", "Я понимаю объяснения учителя на уроке", AGREE, [("f10", None, 1, P), ("f06", None, 1, P)]),
    (
        "p5",
        "multiple",
        "Зачем ты учишься?",
        [
            ("future", "Хочу поступить туда, куда мечтаю"),
            ("interest", "Мне интересно"),
            ("parents", "Заставляют родители"),
            ("unknown", "Не знаю"),
        ],
        [("f09", "unknown", 1, R), ("f09", "parents", 1, R), ("f09", "interest", 1, P)],
    ),
]

PARENTS = [
    (
        "r1",
        "single",
        "Как часто вы бываете в школе (собрания, мероприятия, встречи с учителями)?",
        [("often", "Часто"), ("sometimes", "Иногда"), ("never", "Почти никогда")],
        [("f08", "never", 2, R), ("f08", "sometimes", 1, R)],
    ),
    ("r2", "scale", "Школа сообщает мне об успехах и трудностях ребёнка", AGREE, [("f08", None, 1, P)]),
    ("r3", "scale", "Ребёнку комфортно и безопасно в школе", AGREE, [("f07", None, 1, P)]),
    (
        "r4",
        "single",
        "Хватает ли в школе учебников, компьютеров и оборудования?",
        [("yes", "Да"), ("partly", "Частично"), ("no", "Нет")],
        [("f01", "no", 2, R), ("f01", "partly", 1, R)],
    ),
    ("r5", "text", "Что бы вы хотели улучшить в школе?", None, []),
]

TITLES = {
    "self": ("Самодиагностика школы", "Заполняет управленческая команда по данным школы на начало года."),
    "director": ("Анкета директора", "Ответьте, как обстоят дела сейчас."),
    "teachers": ("Анкета педагога", "Анкета анонимная: имя и адрес не спрашиваются и не сохраняются."),
    "pupils": ("Анкета обучающегося", "Анкета анонимная: никто не узнает, что ответил именно ты."),
    "parents": ("Анкета для родителей", "Анкета анонимная: имя и адрес не спрашиваются и не сохраняются."),
}


def _question(code, kind, text, spec, scoring) -> dict:
    question = {"code": code, "kind": kind, "text": text, "required": kind != "text", "options": []}
    if kind in ("single", "multiple"):
        question["options"] = [{"code": c, "text": t} for c, t in spec]
    elif kind in ("scale", "number"):
        question["low"], question["high"] = spec
        if kind == "scale":
            question["low_label"], question["high_label"] = "совсем не согласен", "полностью согласен"
    question["scoring"] = [
        {"factor": factor, "option": option, "weight": weight, "direction": direction}
        for factor, option, weight, direction in scoring
    ]
    return question


def default_template() -> dict:
    groups = {"self": SELF, "director": DIRECTOR, "teachers": TEACHERS, "pupils": PUPILS, "parents": PARENTS}
    return {
        "format": "opora-questionnaires",
        "version": 1,
        "questionnaires": [
            {
                "group": group,
                "title": TITLES[group][0],
                "intro": TITLES[group][1],
                "questions": [_question(*q) for q in questions],
            }
            for group, questions in groups.items()
        ],
    }
