"""Which column of a roadmap table holds what, found from the header words, whatever their order.

Pure module. `find_layout(rows, extracted)` finds the header row (with an optional second header
row beneath it, as in «Мероприятия» over «№ | Наименование») and returns a `Layout` that maps
every later row onto the roadmap's columns.

Text extracted from PDF loses empty cells unevenly: the same table gives rows of five cells and
rows of four. A column that no role claims and that is empty in every full-width row is such a
ghost; rows one ghost short are read as if the ghost were left out.
"""

import re
from dataclasses import dataclass, field

ROLES = ("number", "action", "deadline", "executors", "result", "indicator", "info")

# Headers rarely run long; a longer cell is data, not a header.
_HEADER_CELL_LIMIT = 80
_HEADER_SEARCH_ROWS = 15


def role_of(header: str) -> str | None:
    """The role of a column from its header text: «Сроки реализации» → deadline."""
    text = " ".join(header.lower().replace("ё", "е").split())
    if not text:
        return None
    # The order matters: «Планируемые результаты реализации» is a result, not a deadline.
    if "информацион" in text and "сопровожд" in text:
        return "info"
    if "показател" in text:
        return "indicator"
    if "результат" in text:
        return "result"
    if "ответствен" in text or "исполнител" in text:
        return "executors"
    if "срок" in text or text.startswith(("дата", "период")):
        return "deadline"
    if text.startswith("№") or "п/п" in text or "n/n" in text or text in ("n", "no", "номер", "нпп"):
        return "number"
    if re.search(r"мероприят|наименовани|действи|содержание|(?<![а-я])мер(?:а|ы)?(?![а-я])", text):
        return "action"
    return None


@dataclass
class Layout:
    header_rows: list[list[str]]  # the header row, and the second header row when there is one
    roles: list[str | None]  # one per kept column
    kept: list[int]  # physical column indices kept (ghost columns left out)
    width: int  # physical width of the header
    ignored: list[str] = field(default_factory=list)  # headers of columns with no known role

    @property
    def columns(self) -> list[str]:
        return [role for role in self.roles if role]

    def align(self, row: list[str]) -> list[str]:
        """The row's cells, one per kept column."""
        if len(row) >= self.width:
            cells = [row[i] for i in self.kept]
            extra = [cell for cell in row[self.width :] if cell]
            if extra:  # stray cells past the header belong to the last column
                cells[-1] = " ".join([cells[-1], *extra]).strip()
            return cells
        if len(row) == len(self.kept):
            return list(row)
        cells = [row[i] if i < len(row) else "" for i in self.kept]
        return cells

    def is_header(self, row: list[str]) -> bool:
        key = _key(row)
        return any(key == _key(header) for header in self.header_rows)


def _key(row: list[str]) -> tuple[str, ...]:
    cells = [" ".join(cell.lower().split()) for cell in row]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


def _is_header_row(row: list[str]) -> bool:
    cells = [cell for cell in row if cell]
    if not cells or any(len(cell) > _HEADER_CELL_LIMIT for cell in cells):
        return False
    roles = {role_of(cell) for cell in cells} - {None}
    return "action" in roles and bool(roles & {"deadline", "executors", "result"})


def looks_like_header(row: list[str]) -> bool:
    """A header row by its words' roles, whatever the words: short cells without digits, all but
    at most one naming a column, an action among them."""
    cells = [cell for cell in row if cell]
    if len(cells) < 2 or any(len(cell) > _HEADER_CELL_LIMIT or re.search(r"\d", cell) for cell in cells):
        return False
    roles = [role_of(cell) for cell in cells]
    known = [role for role in roles if role]
    return "action" in known and len(set(known)) >= 2 and len(known) >= len(cells) - 1


def _is_subheader(row: list[str], header: list[str]) -> bool:
    cells = [cell for cell in row if cell]
    if not cells or any(len(cell) > 40 for cell in cells) or not any(role_of(cell) for cell in cells):
        return False
    # A second header row splits a merged header cell: it fills a column whose header is empty
    # or names several columns; a lone short title («1. Мероприятия …») is a section instead.
    under_empty = any(cell and (i >= len(header) or not header[i]) for i, cell in enumerate(row))
    return under_empty or len(cells) >= 2


def find_layout(rows: list[list[str]], extracted: bool) -> tuple[Layout, int] | None:
    """The layout and the index of the first row after the header, or None for a table that is
    not a roadmap (a list of schools, a working group)."""
    index = next((i for i, row in enumerate(rows[:_HEADER_SEARCH_ROWS]) if _is_header_row(row)), None)
    if index is None:
        return None
    header = rows[index]
    width = len(header)
    sub = rows[index + 1] if index + 1 < len(rows) else None
    if sub is not None and not _is_subheader(sub, header):
        sub = None
    header_rows = [header] + ([sub] if sub else [])
    body = rows[index + len(header_rows) :]
    named: list[str | None] = []  # the role each column's header names
    ignored: list[str] = []
    group = ""  # a header merged over several columns is written in the first of them
    for column in range(width):
        top = header[column] if column < len(header) else ""
        group = top or (group if sub else "")
        below = sub[column] if sub and column < len(sub) else ""
        named.append(role_of(below) or role_of(group))
        if named[-1] is None and (top or below):
            ignored.append(" ".join(part for part in (top, below) if part))
    roles = _one_column_a_role(named, body)
    kept = list(range(width))
    if extracted:
        kept = _without_ghosts(body, roles, width)
    layout = Layout(header_rows, [roles[i] for i in kept], kept, width, ignored)
    return layout, index + len(header_rows)


def _one_column_a_role(named: list[str | None], body: list[list[str]]) -> list[str | None]:
    """Each role to one column. A role named by several headers (a second «№» under «Мероприятия»,
    or «Мероприятия №» over the empty column beside «Наименование» when a PDF's header rows run
    together) goes to the first of them with text in the body, else to the first."""
    data = [row for row in body if not looks_like_header(row)]  # the header repeated on each page
    filled = {c for row in data for c, cell in enumerate(row) if cell}
    roles: list[str | None] = [None] * len(named)
    for role in dict.fromkeys(role for role in named if role):
        columns = [c for c, named_role in enumerate(named) if named_role == role]
        roles[next((c for c in columns if c in filled), columns[0])] = role
    return roles


def _without_ghosts(body: list[list[str]], roles: list[str | None], width: int) -> list[int]:
    full = [row for row in body if len(row) >= width]
    if not full or all(len(row) >= width for row in body):
        return list(range(width))
    ghosts = [c for c in range(width) if roles[c] is None and not any(row[c] for row in full)]
    short = max((len(row) for row in body if len(row) < width), default=width)
    drop = ghosts[: width - short]
    return [c for c in range(width) if c not in drop]
