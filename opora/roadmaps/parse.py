"""A roadmap (дорожная карта) read from an uploaded document: title, year, sections and items.

Pure module (no Django): `parse_roadmap(path, year=None)` and `parse_roadmap_bytes(data, filename,
year=None)` return a `ParsedRoadmap`; `to_json_dict()` gives the shape printed by
``opora roadmap-parse``. A document with no roadmap table raises `RoadmapError` with a Russian
message for the user.

- The roadmap table is the first whose header names an action column and a deadline, executors or
  result column; later tables with the same columns, and a headerless table of the same width
  right after it, continue it (a table split by page breaks). Other tables are left alone.
- A row with a title alone in its first cell is a section («2. Информационное сопровождение»,
  «Организационный этап (январь-май)»); so is a row «N | title» followed by items «N.1, N.2 …».
  A section written without a number takes it from its items when they all read «N.x».
- A header row again (after a page break) is dropped, in the same words or in others whose roles
  are those of a header. A row «II | Этап реализации» (Roman number, no deadline or other cells)
  or a bold row with only a title is a section.
- In text extracted from PDF a row with an empty number cell continues the item above (a row
  broken by a page break) unless it has an action and a deadline of its own while the item above
  has its deadline: then it is a new item without a number.
- The year is the `year` argument, else the first year in the title («на 2024 год», «в 2022 году»,
  «на 2020-2021 годы» → 2020), else the commonest year among the deadlines. A title with two
  consecutive years or «учебный год» makes a school-year roadmap: September to August.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import cell_text
from .columns import Layout, find_layout, looks_like_header
from .deadlines import Deadline, parse_deadline, roadmap_period
from .tables import MAX_ITEMS, Document, Table, UnreadableDocument, read_document, read_document_bytes, thousands


class RoadmapError(ValueError):
    """The document holds no readable roadmap; the message is in Russian, for the user."""


@dataclass
class Section:
    number: str
    title: str


@dataclass
class Item:
    number: str
    section: str
    action: str
    deadline: Deadline
    executors: list[str] = field(default_factory=list)
    result: str = ""
    indicator: str = ""
    info: str = ""


@dataclass
class ParsedRoadmap:
    title: str
    year: int | None
    columns: list[str]
    sections: list[Section]
    items: list[Item]
    warnings: list[str]
    school_year: bool = False

    def to_json_dict(self) -> dict:
        return {
            "title": self.title,
            "year": self.year,
            "columns": list(self.columns),
            "sections": [{"number": s.number, "title": s.title} for s in self.sections],
            "items": [_item_json(item) for item in self.items],
            "warnings": list(self.warnings),
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _item_json(item: Item) -> dict:
    d = item.deadline
    return {
        "number": item.number,
        "section": item.section,
        "action": item.action,
        "deadline": {
            "text": d.text,
            "start": _iso(d.start),
            "end": _iso(d.end),
            "recurrence": d.recurrence,
            "periods": [{"start": _iso(s), "end": _iso(e)} for s, e in d.periods],
        },
        "executors": list(item.executors),
        "result": item.result,
        "indicator": item.indicator,
        "info": item.info,
    }


def parse_roadmap(path: str | Path, year: int | None = None) -> ParsedRoadmap:
    try:
        document = read_document(path)
    except UnreadableDocument as exc:
        raise RoadmapError(str(exc)) from exc
    return parse_document(document, year, Path(path).name)


def parse_roadmap_bytes(data: bytes, filename: str, year: int | None = None) -> ParsedRoadmap:
    try:
        document = read_document_bytes(data, filename)
    except UnreadableDocument as exc:
        raise RoadmapError(str(exc)) from exc
    return parse_document(document, year, filename)


def parse_document(document: Document, year: int | None = None, filename: str = "") -> ParsedRoadmap:
    found = _roadmap_rows(document)
    if found is None:
        raise RoadmapError(
            f"В файле «{filename}» не найдена таблица дорожной карты: нужна строка заголовков "
            "со столбцами «Мероприятие» и «Сроки» (или «Ответственные», «Результат»)."
        )
    layout, rows, before = found
    warnings = [f"Столбец «{name}» не распознан и пропущен" for name in layout.ignored]
    title = find_title(before)
    title_year, school = year_of_title(title)
    year = year or title_year
    if year is None:
        year = _commonest_year(layout, rows)
        if year is None:
            warnings.append("Не удалось определить год дорожной карты — укажите его явно")
        else:
            warnings.append(f"Год дорожной карты ({year}) определён по срокам мероприятий")
    builder = _Builder(layout, year, school)
    for cells, extracted, bold in rows:
        builder.add(cells, extracted, bold)
    count = builder.item_count()
    if count > MAX_ITEMS:
        raise RoadmapError(
            f"В файле «{filename}» {thousands(count)} мероприятий, а в одной дорожной карте может быть не более "
            f"{thousands(MAX_ITEMS)}. Разделите её на несколько карт (например, по разделам)."
        )
    if count == 0:
        raise RoadmapError(
            f"В файле «{filename}» у таблицы дорожной карты есть строка заголовков, но нет ни одного "
            "мероприятия. Проверьте, что загружаете заполненную карту."
        )
    sections, items = builder.finish()
    warnings.extend(builder.warnings)
    return ParsedRoadmap(title, year, layout.columns, sections, items, warnings, school)


# -- finding the table ------------------------------------------------------------------------


def _roadmap_rows(document: Document):
    """The roadmap's layout, its body rows (cells aligned to the layout, and whether the row came
    from extracted text), and the text above the table."""
    tables = document.tables
    for index, table in enumerate(tables):
        found = find_layout(table.rows, table.extracted)
        if found is None:
            continue
        layout, body_start = found
        header_index = body_start - len(layout.header_rows)
        before = document.paragraphs[: table.position] + _joined_rows(table.rows[:header_index])
        rows = _aligned(layout, table, body_start)
        previous = index
        for later_index in range(index + 1, len(tables)):
            later = tables[later_index]
            rows_more = _continuation(layout, later, directly_after=later_index == previous + 1)
            if rows_more is not None:
                rows.extend(rows_more)
                previous = later_index
        return layout, rows, before
    return None


def _continuation(layout: Layout, table: Table, directly_after: bool):
    found = find_layout(table.rows, table.extracted)
    if found is not None:
        own, start = found
        if own.columns != layout.columns:
            return None
        return _aligned(own, table, start)
    width = max(len(row) for row in table.rows)
    if directly_after and width in (layout.width, len(layout.kept)):
        return _aligned(layout, table, 0)
    return None


def _aligned(layout: Layout, table: Table, start: int) -> list[tuple[list[str], bool, bool]]:
    """Rows from `start` on: (cells aligned to the layout, extracted text?, written in bold?)."""
    return [
        (layout.align(table.rows[index]), table.extracted, index in table.bold)
        for index in range(start, len(table.rows))
    ]


def _joined_rows(rows: list[list[str]]) -> list[str]:
    # Rows above the header of a sheet (.xlsx, .csv) carry the title, as paragraphs do in Word.
    return [" ".join(cell for cell in row if cell) for row in rows if any(row)]


# -- title and year ----------------------------------------------------------------------------

_ROADMAP_WORDS = re.compile(r"[«\"]?дорожная\s+карта", re.IGNORECASE)
_PLAN_WORDS = re.compile(r"(?:\d+\.\s*)?[«\"]?план(?![а-я])", re.IGNORECASE)


def deadline_warnings(
    text: str, deadline: Deadline, year: int | None, school_year: bool, expected: bool = True
) -> list[str]:
    """What is wrong with an item's deadline: unread fragments, no deadline, dates outside the period."""
    problems = list(deadline.warnings)
    if expected and not text:
        problems.append("срок не указан")
    elif deadline.start and year is not None:
        first, last = roadmap_period(year, school_year)
        if deadline.start < first or deadline.end > last:
            problems.append(f"срок «{text}» выходит за период дорожной карты ({first:%d.%m.%Y} – {last:%d.%m.%Y})")
    return problems


def find_title(paragraphs: list[str]) -> str:
    """The heading above the table: the last paragraph opening with «Дорожная карта», else the last
    opening with «План», with the paragraphs that continue it in lower case («по реализации …»)."""
    candidates = [p for p in paragraphs if len(p) <= 600]
    start = None
    for pattern in (_ROADMAP_WORDS, _PLAN_WORDS):
        for index in range(len(paragraphs) - 1, -1, -1):
            if paragraphs[index] in candidates and pattern.match(paragraphs[index]):
                start = index
                break
        if start is not None:
            break
    if start is None:
        return ""
    parts = [re.sub(r"^\d+\.\s*", "", paragraphs[start])]
    for paragraph in paragraphs[start + 1 :]:
        if not (paragraph[0].islower() or paragraph[0] in '(«"') or len(paragraph) > 600:
            break
        parts.append(paragraph)
    return " ".join(" ".join(parts).split())


def year_of_title(title: str) -> tuple[int | None, bool]:
    """The roadmap year from its title, and whether it is a school-year roadmap."""
    span = re.search(r"(?<!\d)(20\d\d)\s*[-–—/]\s*(20\d\d|\d\d)(?!\d)", title)
    if span:
        first = int(span.group(1))
        second = int(span.group(2)) if len(span.group(2)) == 4 else 2000 + int(span.group(2))
        return first, second == first + 1 or "учебн" in title.lower()
    single = re.search(r"(?<!\d)(20\d\d)(?!\d)", title)
    if single:
        return int(single.group(1)), "учебн" in title.lower()
    return None, False


def _commonest_year(layout: Layout, rows) -> int | None:
    if "deadline" not in layout.roles:
        return None
    column = layout.roles.index("deadline")
    years = Counter()
    for cells, _, _ in rows:
        text = cells[column] if column < len(cells) else ""
        years.update(int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", text))
        years.update(2000 + int(y) for y in re.findall(r"(?<![\d.])\d{1,2}\.\d{1,2}\.(\d\d)(?!\d)", text))
    if not years:
        return None
    top = max(years.values())
    return min(y for y, count in years.items() if count == top)


# -- sections and items -------------------------------------------------------------------------

_SECTION_TITLE = re.compile(r"(?:раздел\s+)?(\d+(?:\.\d+)*|[IVXLC]+)\.?\s+(\S.*)", re.IGNORECASE | re.DOTALL)
_COLUMN_NUMBERS = re.compile(r"\d+")


class _Builder:
    """Turns body rows into sections and items, in document order."""

    def __init__(self, layout: Layout, year: int | None, school: bool):
        self.layout = layout
        self.year = year
        self.school = school
        self.roles = layout.roles
        self.entries: list[dict] = []  # {"kind": "section"|"item", ...} before the final pass
        self.promoted = False
        self.warnings: list[str] = []

    def _field(self, cells: list[str], role: str) -> str:
        return cells[self.roles.index(role)] if role in self.roles else ""

    def add(self, cells: list[str], extracted: bool, bold: bool = False) -> None:
        if not any(cells) or self._is_header(cells) or self._is_column_numbers(cells):
            return
        filled = [i for i, cell in enumerate(cells) if cell]
        if filled == [0] and not cell_text.is_item_number(cells[0]):
            self.entries.append({"kind": "section", "text": cells[0]})
            return
        raw_number = self._field(cells, "number")
        number = cell_text.normalize_number(raw_number)
        action = self._field(cells, "action")
        content = [
            cell for role, cell in zip(self.roles, cells, strict=False) if cell and role not in ("number", "action")
        ]
        if action and not content and (cell_text.is_roman(number) or (not number and bold)):
            # «II | Этап реализации» or a bold «| Организационный этап |»: a section.
            self.entries.append({"kind": "section", "text": f"{number}. {action}" if number else action})
            return
        last = self.entries[-1] if self.entries else None
        if extracted and not number and "number" in self.roles and last and last["kind"] == "item":
            if not self._starts_new_item(cells, last):
                # The rest of an item cut by a page break.
                for role, cell in zip(self.roles, cells, strict=False):
                    if role and cell:
                        last[role] = cell_text.join_broken(last.get(role, ""), cell)
                return
        entry = {role: cell for role, cell in zip(self.roles, cells, strict=False) if role}
        entry.update(kind="item", number=number)
        self.entries.append(entry)

    def _is_header(self, cells: list[str]) -> bool:
        # The header again after a page break, in the same words or in others («№ | Содержание
        # мероприятия | Срок исполнения (план)» under «№ п/п | Мероприятие | Срок»).
        return self.layout.is_header(cells) or looks_like_header(cells)

    def _starts_new_item(self, cells: list[str], last: dict) -> bool:
        """A row without a number in extracted text is a new item when it has an action of its own
        (a capital letter after a finished one) and a deadline of its own that reads, while the
        item above has its deadline already; anything else continues the item above."""
        action, deadline = self._field(cells, "action"), self._field(cells, "deadline")
        if not (action and deadline and last.get("deadline")) or not action[0].isupper():
            return False
        before = last.get("action", "").rstrip()
        if before.endswith(("-", ",")) or before.split()[-1:] in (["и"], ["в"], ["с"], ["по"], ["на"], ["для"]):
            return False  # the action above stops mid-phrase
        read = parse_deadline(deadline, self.year, school_year=self.school)
        return read.start is not None and not read.warnings

    @staticmethod
    def _is_column_numbers(cells: list[str]) -> bool:
        # The row «1 | 2 | 3 | 4 | 5» under a header, repeated on every page.
        filled = [cell for cell in cells if cell]
        return len(filled) >= 3 and filled == [str(n) for n in range(1, len(filled) + 1)]

    def _promote_sections(self) -> None:
        """«2 | Информационное сопровождение | | » before items «2.1 …» is a section, not an item."""
        if self.promoted:
            return
        self.promoted = True
        items = [e for e in self.entries if e["kind"] == "item"]
        for position, entry in enumerate(items):
            number = entry["number"]
            content = [r for r in ("deadline", "executors", "result", "indicator", "info") if entry.get(r)]
            following = items[position + 1]["number"] if position + 1 < len(items) else ""
            if "." not in number and number and entry.get("action") and not content:
                if following.startswith(number + "."):
                    entry["kind"] = "section"
                    entry["text"] = f"{number}. {entry['action']}"

    def item_count(self) -> int:
        """How many items the rows make (read before their deadlines are, which takes the time)."""
        self._promote_sections()
        return sum(1 for entry in self.entries if entry["kind"] != "section")

    def finish(self) -> tuple[list[Section], list[Item]]:
        self._promote_sections()
        sections: list[Section] = []
        members: list[list[str]] = []
        items: list[Item] = []
        current = ""
        for entry in self.entries:
            if entry["kind"] == "section":
                match = _SECTION_TITLE.fullmatch(entry["text"])
                number, title = (match.group(1), match.group(2)) if match else ("", entry["text"])
                sections.append(Section(number, " ".join(title.split())))
                members.append([])
                current = sections[-1].title
                continue
            item = self._item(entry, current)
            items.append(item)
            if sections:
                members[-1].append(item.number)
        self._number_sections(sections, members)
        self._check_numbers(items)
        return sections, items

    def _item(self, entry: dict, section: str) -> Item:
        label = f"Пункт {entry['number']}" if entry["number"] else f"Пункт «{entry.get('action', '')[:40]}»"
        text = entry.get("deadline", "")
        deadline = parse_deadline(text, self.year, school_year=self.school)
        problems = deadline_warnings(text, deadline, self.year, self.school, expected="deadline" in self.roles)
        self.warnings.extend(f"{label}: {warning}" for warning in problems)
        return Item(
            number=entry["number"],
            section=section,
            action=entry.get("action", ""),
            deadline=deadline,
            executors=cell_text.split_executors(entry.get("executors", "")),
            result=entry.get("result", ""),
            indicator=entry.get("indicator", ""),
            info=entry.get("info", ""),
        )

    @staticmethod
    def _number_sections(sections: list[Section], members: list[list[str]]) -> None:
        # «Совершенствование управления…» above items 1.1–1.17 is section 1.
        used = {s.number for s in sections if s.number}
        for section, numbers in zip(sections, members, strict=True):
            heads = {n.split(".")[0] for n in numbers if "." in n}
            if not section.number and numbers and len(heads) == 1 and all("." in n for n in numbers):
                head = heads.pop()
                if head not in used:
                    section.number = head
                    used.add(head)

    def _check_numbers(self, items: list[Item]) -> None:
        counts = Counter(item.number for item in items if item.number)
        for number, count in counts.items():
            if count > 1:
                self.warnings.append(f"Номер пункта {number} повторяется ({count} пункта) — пункты сохранены как есть")
