"""Operations on the registry that touch several records at once."""

from __future__ import annotations

import logging

from django.db import IntegrityError, connection, transaction

from opora.core.tabular import TableFileError, capped, read_table_rows

from .models import Municipality, Person, Region, School, SchoolImport
from .school_file import SchoolRow, parse_school_rows

logger = logging.getLogger(__name__)

MAX_LISTED_ERRORS = 200
INTERNAL_FAILURE = "Файл не удалось обработать из-за внутренней ошибки; сообщите администратору."
RACE_FAILURE = (
    "Пока файл обрабатывался, эти же школы добавила другая загрузка, и повторить запись не удалось. "
    "Загрузите файл ещё раз: школы, которые уже есть, будут обновлены."
)


class ImportRejected(Exception):
    """The file is refused. `errors` are stored and shown capped: the first 200 messages and
    «… и ещё N ошибок» (a 200,000-row file with an error in each row made a 150 MB value)."""

    def __init__(self, errors: list[str]):
        self.errors = capped(errors, MAX_LISTED_ERRORS)
        super().__init__("\n".join(self.errors))


def schools_import(*, region: Region, upload, user, create_municipalities: bool = False) -> SchoolImport:
    """Adds or updates the region's schools from a CSV/XLSX file, all rows or none.

    The upload is stored first, outside the transaction, so a rejected file is still on record
    with the reasons; the schools are written only when every row is good."""
    record = SchoolImport.objects.create(region=region, file=upload, original_name=upload.name[:255], uploaded_by=user)
    try:
        with transaction.atomic():
            created, updated = _apply(region, _read(record), record.original_name, create_municipalities)
    except ImportRejected as rejected:
        record.status = SchoolImport.Status.FAILED
        record.errors = rejected.errors
    except Exception:
        # Never a record stuck in «получен»: it says the import failed, the error goes to the log.
        record.status, record.errors = SchoolImport.Status.FAILED, [INTERNAL_FAILURE]
        record.save(update_fields=["status", "errors"])
        raise
    else:
        record.status = SchoolImport.Status.SUCCEEDED
        record.created_count, record.updated_count = created, updated
    record.save(update_fields=["status", "errors", "created_count", "updated_count"])
    return record


def _read(record: SchoolImport) -> list[list[str]]:
    with record.file.open("rb") as handle:
        data = handle.read()
    try:
        return read_table_rows(data, record.original_name)
    except TableFileError as exc:
        raise ImportRejected([str(exc)]) from exc


def _apply(region: Region, rows: list[list[str]], filename: str, create_municipalities: bool) -> tuple[int, int]:
    """Checks and writes the rows, all or none. Two imports adding the same new school at once: the
    later one's insert fails on the unique login; it is tried once more (now the school exists and is
    updated), and if that fails too the import is refused with a message, never a server error."""
    for attempt in range(2):
        try:
            with transaction.atomic():  # a savepoint: a failed attempt leaves nothing behind
                return _apply_once(region, rows, filename, create_municipalities)
        except IntegrityError:
            logger.info("School import of %s collided with another import (attempt %d)", filename, attempt + 1)
    raise ImportRejected([RACE_FAILURE])


def _batches(values: list, size: int | None = None):
    """Lookups `__in` a long list in parts: SQLite takes at most 999 (older builds) parameters a query."""
    size = size or (900 if connection.vendor == "sqlite" else 10_000)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _apply_once(region: Region, rows: list[list[str]], filename: str, create_municipalities: bool) -> tuple[int, int]:
    schools, errors = parse_school_rows(rows, filename)
    if errors and not schools:
        raise ImportRejected(errors)
    municipalities = {m.name.lower().replace("ё", "е"): m for m in region.municipalities.all()}
    existing = {
        s.fis_oko_login: s
        for batch in _batches([s.login for s in schools])
        for s in School.objects.filter(fis_oko_login__in=batch).select_related("municipality", "director")
    }
    new_municipalities: dict[str, Municipality] = {}
    for row in schools:
        school = existing.get(row.login)
        if school and school.municipality.region_id != region.pk:
            errors.append(
                f"Строка {row.row_number}, столбец «Логин ОО»: {row.login} уже принадлежит школе "
                f"«{school.short_name}» другого региона."
            )
        key = row.municipality.lower().replace("ё", "е")
        if not row.municipality or key in municipalities or key in new_municipalities:
            continue
        if create_municipalities:
            new_municipalities[key] = Municipality(region=region, name=row.municipality)
        else:
            errors.append(
                f"Строка {row.row_number}, столбец «Муниципалитет»: «{row.municipality}» нет в регионе "
                f"«{region.name}». Проверьте написание или отметьте «создавать новые муниципалитеты»."
            )
    if errors:
        raise ImportRejected(sorted(set(errors), key=_row_order))
    for municipality in new_municipalities.values():
        municipality.save()
    municipalities.update(new_municipalities)
    return _write(region, schools, existing, municipalities)


def _row_order(message: str) -> tuple[int, str]:
    parts = message.split()
    number = parts[1].rstrip(",") if len(parts) > 1 and parts[0] == "Строка" else "0"
    return (int(number) if number.isdigit() else 0, message)


_SCHOOL_FIELDS = ("municipality_id", "full_name", "short_name", "kind", "is_rural", "address")


def _write(region, schools: list[SchoolRow], existing: dict[str, School], municipalities) -> tuple[int, int]:
    """Creates the new schools and rewrites only the existing ones whose values changed: a national
    file imported again costs reading, not 100,000 updates."""
    to_create, to_update, changed = [], [], []
    for row in schools:
        school = existing.get(row.login) or School(fis_oko_login=row.login)
        before = tuple(getattr(school, f) for f in _SCHOOL_FIELDS) if school.pk else None
        school.municipality = municipalities[row.municipality.lower().replace("ё", "е")]
        school.full_name, school.short_name = row.full_name, row.short_name
        school.kind, school.is_rural, school.address = row.kind, row.is_rural, row.address
        # The municipality is one of the region's, checked above: no query per school to validate it.
        school.full_clean(exclude=["director", "fis_oko_login", "municipality"], validate_unique=False)
        (to_update if school.pk else to_create).append(school)
        if before is not None and before != tuple(getattr(school, f) for f in _SCHOOL_FIELDS):
            changed.append(school)
    School.objects.bulk_create(to_create, batch_size=1000)
    School.objects.bulk_update(
        changed, ["municipality", "full_name", "short_name", "kind", "is_rural", "address"], batch_size=1000
    )
    _set_directors(region, schools, {s.fis_oko_login: s for s in to_create + to_update})
    return len(to_create), len(to_update)


def _set_directors(region: Region, rows: list[SchoolRow], by_login: dict[str, School]) -> None:
    changed = []
    for row in rows:
        school = by_login[row.login]
        if not row.director or (school.director and school.director.full_name == row.director):
            continue
        last, first, middle = [*row.director.split(), "", "", ""][:3]
        school.director = Person.objects.create(
            region=region,
            last_name=last,
            first_name=first,
            middle_name=middle,
            position="Директор",
            school=school,
        )
        changed.append(school)
    School.objects.bulk_update(changed, ["director"], batch_size=1000)
