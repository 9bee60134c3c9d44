"""The recurrence vocabulary of calendar_words, said in Russian for people."""

import re

ONCE = {
    "daily": "ежедневно",
    "weekly": "еженедельно",
    "monthly": "ежемесячно",
    "quarterly": "ежеквартально",
    "semiannually": "раз в полугодие",
    "yearly": "ежегодно",
}
DAYS = {"mon": "пн", "tue": "вт", "wed": "ср", "thu": "чт", "fri": "пт", "sat": "сб", "sun": "вс"}
# unit → forms after «раз в N» (1, 2–4, 5+) and after «N раза в …»
EVERY = {
    "day": ("день", "дня", "дней"),
    "week": ("неделю", "недели", "недель"),
    "month": ("месяц", "месяца", "месяцев"),
    "year": ("год", "года", "лет"),
}
PER = {"day": "день", "week": "неделю", "month": "месяц", "quarter": "квартал", "halfyear": "полугодие", "year": "год"}


def _form(n: int, forms: tuple[str, str, str]) -> str:
    n %= 100
    if 11 <= n <= 19:
        return forms[2]
    return forms[0] if n % 10 == 1 else forms[1] if 2 <= n % 10 <= 4 else forms[2]


def recurrence_label(code: str) -> str:
    """«weekly:wed,thu,fri» → «еженедельно: ср, чт, пт»; «every 3-4 weeks» → «раз в 3–4 недели»."""
    if not code:
        return ""
    if code in ONCE:
        return ONCE[code]
    if code.startswith("weekly:"):
        return "еженедельно: " + ", ".join(DAYS.get(day, day) for day in code[7:].split(","))
    match = re.fullmatch(r"every (\d+)(?:-(\d+))? (\w+)s", code)
    if match and match.group(3) in EVERY:
        low, high, unit = match.groups()
        count = f"{low}–{high}" if high else low
        return f"раз в {count} {_form(int(high or low), EVERY[unit])}"
    match = re.fullmatch(r"(\d+) per (\w+)", code)
    if match and match.group(2) in PER:
        times = int(match.group(1))
        return f"{times} {_form(times, ('раз', 'раза', 'раз'))} в {PER[match.group(2)]}"
    return code
