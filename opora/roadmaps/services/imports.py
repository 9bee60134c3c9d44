"""Importing a document: reading it (a hostile or huge file refused before it is unpacked), the
preview the user corrects, and saving it as a roadmap. The import page has the task worker read
the document (`roadmaps.jobs`); reading itself is here, shared with the demo and the tests."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from opora.core.russian import counted
from opora.registry.models import Campaign

from ..deadlines import parse_deadline
from ..models import Item, Roadmap, RoadmapImport, Section
from ..parse import RoadmapError, deadline_warnings, parse_document
from ..tables import UnreadableDocument, check_document, read_document_bytes
from .approval import shift_years
from .items import deadline_fields, deadline_json, link_executors
from .permission import require_unless_system

Progress = Callable[[int, str], None]


def _silent(percent: int, stage: str) -> None:
    pass


def roadmap_import_check(upload) -> bytes:
    """The uploaded file's bytes once it may be read; ValidationError in Russian for a file that is
    no roadmap document at all (a program, an archive or a PDF that would unpack to gigabytes, text
    past the size limit) — refused in the request, before anything is stored."""
    data = upload.read()
    upload.seek(0)
    try:
        check_document(data, upload.name)
    except UnreadableDocument as error:
        raise ValidationError(str(error)) from error
    return data


def reading_stage(data: bytes) -> str:
    """What the reader is doing, in words: a PDF is read page by page, at up to 0.6 s a page, so
    its pages and how long they may take are told; Word, Excel and text are read in seconds."""
    if data.lstrip()[:5] != b"%PDF-":
        return "Чтение документа"
    import pdfplumber

    from ..pdf_tables import MAX_PAGES

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)  # from the page tree: no page is laid out
    except Exception:  # encrypted, broken: the reader says what is wrong
        pages = 0
    if not 0 < pages <= MAX_PAGES:  # the reader refuses it at once, saying why
        return "Чтение страниц документа PDF"
    minutes = math.ceil(pages * 0.6 / 60)
    return f"Чтение {counted(pages, 'страницы', 'страниц', 'страниц')} документа PDF" + (
        f" (до {minutes} мин.)" if pages >= 100 else ""
    )


def roadmap_import_payload(
    data: bytes, filename: str, *, year: int | None, campaign_year: int, progress: Progress = _silent
) -> dict:
    """What the preview shows, read from the document's bytes: items, sections, warnings per
    deadline. RoadmapError in Russian when nothing can be read. `progress(percent, stage)` is told
    each stage (the task worker writes it on the record)."""
    stage = reading_stage(data)
    progress(10, stage)
    shown = [10]

    def on_page(done: int, total: int) -> None:
        # Pages are 10–70 % of the work; the record is written when the whole percent moves.
        percent = 10 + 60 * done // total
        if percent > shown[0]:
            shown[0] = percent
            progress(percent, f"{stage}: прочитано {done} из {total}")

    try:
        document = read_document_bytes(data, filename, on_page=on_page)
    except UnreadableDocument as error:
        raise RoadmapError(str(error)) from error
    progress(70, "Разбор мероприятий и сроков")
    parsed = parse_document(document, year, filename)
    progress(90, f"Проверка сроков: {counted(len(parsed.items), 'мероприятие', 'мероприятия', 'мероприятий')}")
    payload = parsed.to_json_dict()
    payload["year"] = payload["year"] or year or campaign_year
    payload["school_year"] = parsed.school_year
    for item, source in zip(payload["items"], parsed.items, strict=True):
        item["deadline"]["warnings"] = deadline_warnings(
            source.deadline.text,
            source.deadline,
            payload["year"],
            parsed.school_year,
            expected="deadline" in parsed.columns,
        )
    return payload


def new_import(
    *, campaign: Campaign, level: str, municipality, school, upload, year: int | None, user, status: str, stage=""
) -> RoadmapImport:
    """The record of an uploaded document, its file kept."""
    return RoadmapImport.objects.create(
        campaign=campaign,
        file=upload,
        original_name=upload.name[:255],
        level=level,
        municipality=municipality,
        school=school,
        year=year,
        uploaded_by=user,
        status=status,
        stage=stage,
    )


def roadmap_import_read(
    *, campaign: Campaign, level: str, municipality=None, school=None, upload, year: int | None, user
) -> RoadmapImport:
    """Keeps the file and reads it at once (the demo, the tests; the import page has the task
    worker read it: `jobs.roadmap_import_accept`); raises ValidationError in Russian when nothing
    was read. A file that is no roadmap document at all is refused before anything is stored."""
    data = roadmap_import_check(upload)
    record = new_import(
        campaign=campaign, level=level, municipality=municipality, school=school, upload=upload, year=year, user=user,
        status=RoadmapImport.Status.PROCESSING,
    )  # fmt: skip
    try:
        record.parsed = roadmap_import_payload(data, record.original_name, year=year, campaign_year=campaign.year)
    except RoadmapError as error:
        record.parsed = {"error": str(error)}
        record.status = RoadmapImport.Status.FAILED
        record.save(update_fields=["parsed", "status"])
        raise ValidationError(str(error)) from error
    record.status, record.progress = RoadmapImport.Status.READ, 100
    record.save(update_fields=["parsed", "status", "progress"])
    return record


def preview_apply_edits(
    record: RoadmapImport, edits: dict[int, dict[str, str]], year: int | None = None, title: str = ""
) -> dict:
    """The user's corrections to the preview (title, year, numbers, actions, deadlines), deadlines re-read."""
    payload = record.parsed
    if title.strip():
        payload["title"] = title.strip()
    if year == payload["year"]:
        year = None
    if year:
        payload["year"] = year
    for index, item in enumerate(payload["items"]):
        change = edits.get(index, {})
        old_label = f"Пункт {item['number']}:"
        item["number"] = change.get("number", item["number"]).strip()
        item["action"] = change.get("action", item["action"]).strip()
        text = change.get("deadline", item["deadline"]["text"]).strip()
        if text != item["deadline"]["text"] or year:
            deadline = parse_deadline(text, payload["year"], school_year=payload["school_year"])
            item["deadline"] = deadline_json(deadline)
            item["deadline"]["warnings"] = deadline_warnings(text, deadline, payload["year"], payload["school_year"])
            # The document's list of warnings follows the corrected item.
            payload["warnings"] = [w for w in payload["warnings"] if not w.startswith(old_label)] + [
                f"Пункт {item['number']}: {w}" for w in item["deadline"]["warnings"]
            ]
    record.parsed = payload
    record.save(update_fields=["parsed"])
    return payload


def preview_year_mismatch(record: RoadmapImport, on: date) -> dict | None:
    """When the document's year is not the campaign's (an old order loaded into this year's
    campaign), what the user must decide before saving: {year, campaign_year, overdue}."""
    payload = record.parsed
    year, campaign_year = payload["year"], record.campaign.year
    # A school-year roadmap 2025/2026 belongs to the 2026 campaign as well as 2025/2026 does.
    fitting = {campaign_year, campaign_year - 1} if payload.get("school_year") else {campaign_year}
    if year in fitting or payload.get("year_kept") == year:
        return None
    overdue = sum(
        1 for item in payload["items"] if item["deadline"]["end"] and item["deadline"]["end"] < on.isoformat()
    )
    return {"year": year, "campaign_year": campaign_year, "overdue": overdue}


def preview_keep_year(record: RoadmapImport) -> None:
    """The user keeps the document's own year although the campaign's differs."""
    record.parsed["year_kept"] = record.parsed["year"]
    record.save(update_fields=["parsed"])


def preview_shift_year(record: RoadmapImport, year: int) -> dict:
    """Moves the document to `year`: years written in deadlines and in the title move by the same
    number of years, every deadline is read again."""
    payload = record.parsed
    shift = year - payload["year"]
    edits = {i: {"deadline": shift_years(item["deadline"]["text"], shift)} for i, item in enumerate(payload["items"])}
    return preview_apply_edits(record, edits, year, title=shift_years(payload["title"] or "", shift))


@transaction.atomic
def roadmap_import_save(*, record: RoadmapImport, title: str, user) -> Roadmap:
    """The preview saved as a draft roadmap. Saving the same preview again (a double click, two
    tabs) gives the roadmap saved the first time: the import row is locked while it is saved."""
    locked = RoadmapImport.objects.select_for_update().get(pk=record.pk)
    if locked.roadmap_id:
        # A query of its own, not a join in the locking one: that one sees the row as it was when
        # it began waiting, before the roadmap it now points to existed.
        record.roadmap = Roadmap.objects.get(pk=locked.roadmap_id)
        return record.roadmap
    record.parsed = payload = locked.parsed
    owner = Roadmap(
        campaign=record.campaign, level=record.level, municipality=record.municipality, school=record.school
    )
    require_unless_system(user, "roadmap.create", owner)
    roadmap = Roadmap.objects.create(
        campaign=record.campaign,
        level=record.level,
        municipality=record.municipality,
        school=record.school,
        title=title or payload.get("title") or record.original_name,
        year=payload["year"],
        school_year=payload.get("school_year", False),
        source_file=record.file.name,
        created_by=user,
    )
    sections = {}
    for position, section in enumerate(payload["sections"]):
        sections[section["title"]] = Section.objects.create(
            roadmap=roadmap, position=position, number=section["number"], title=section["title"]
        )
    items = [
        Item(
            roadmap=roadmap,
            section=sections.get(data["section"]),
            position=position,
            number=data["number"],
            action=data["action"],
            executors=data["executors"],
            planned_result=data["result"],
            indicator=data["indicator"],
            info=data["info"],
            **deadline_fields(data["deadline"]),
        )
        for position, data in enumerate(payload["items"])
    ]
    Item.objects.bulk_create(items)
    link_executors(roadmap, items)
    record.roadmap = roadmap
    record.save(update_fields=["roadmap"])
    return roadmap
