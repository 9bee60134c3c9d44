"""Task description files of a work (the `g04_math_ALL.xlsx` layout): per task the skills (ФГОС),
the block of the programme, the level Б/П/В, КЭС and КТ codes and the maximum points. Pure: no Django.

One task may take several rows: one per КЭС code, and in Russian one per criterion («1К1», «1К2»
under task «1»). Rows are merged per task number («№»); the maximum is the sum over its criteria."""

from __future__ import annotations

from opora.core.tabular import TableFileError, normalise_header, read_table_rows

_COLUMNS = {
    "kim": ("ким", "номер ким"),
    "number": ("номер задания", "номер", "задание"),
    "skills": ("умения виды деятельности в соответствии с фгос", "умения"),
    "block": ("блоки пооп ноо выпускник научится / получит возможность научиться", "блоки пооп"),
    "level": ("уровень сложности",),
    "kes": ("код кэс", "кэс"),
    "kt": ("код кт", "кт"),
    "max_points": ("максимальный балл за выполнение задания", "максимальный балл"),
}


def read_task_descriptions(data: bytes, filename: str) -> dict[str, dict]:
    """task number → {skills, block, level, kes, kt, max_points}. TableFileError when unreadable."""
    rows = read_table_rows(data, filename)
    header = [normalise_header(c) for c in rows[0]]
    positions = {}
    if "№" in (raw := [" ".join(c.split()) for c in rows[0]]):
        positions["number"] = raw.index("№")  # normalise_header drops «№»
    for field, names in _COLUMNS.items():
        for name in names if field not in positions else ():
            found = next((i for i, h in enumerate(header) if h == name or h.startswith(name)), None)
            if found is not None and found not in positions.values():
                positions[field] = found
                break
    if "number" not in positions or "skills" not in positions:
        raise TableFileError(
            f"Файл «{filename}» не похож на описание заданий: нужны столбцы «№» и «Умения, виды деятельности»."
        )
    tasks: dict[str, dict] = {}
    criteria: dict[str, dict[str, int]] = {}
    for row in rows[1:]:

        def cell(field: str, row=row) -> str:
            at = positions.get(field)
            return row[at].strip() if at is not None and at < len(row) else ""

        number = cell("number")
        if not number:
            continue
        task = tasks.setdefault(number, {"skills": [], "block": [], "level": "", "kes": [], "kt": [], "max_points": 0})
        for field in ("skills", "block", "kes", "kt"):
            value = " ".join(cell(field).split())
            if value and value not in task[field]:
                task[field].append(value)
        task["level"] = task["level"] or cell("level")
        try:
            points = int(float(cell("max_points").replace(",", "."))) if cell("max_points") else 0
        except ValueError:
            points = 0
        part = cell("kim") or number
        criteria.setdefault(number, {})[part] = max(points, criteria.get(number, {}).get(part, 0))
    if not tasks:
        raise TableFileError(f"Файл «{filename}»: нет ни одного задания.")
    for number, task in tasks.items():
        task["max_points"] = sum(criteria[number].values())
        for field in ("skills", "block", "kes", "kt"):
            task[field] = "; ".join(task[field])
    return tasks
