"""The curator's stage report as an official document: A4 portrait, a centred heading with the stage
and the school, the system's facts in tables, the curator's text per section, the signature block."""

from __future__ import annotations

from django.utils import timezone

from . import docx as d
from .facts import facts_of
from .models import SECTIONS, StageReport
from .presentation import parts


def filename(report: StageReport) -> str:
    login = report.school.fis_oko_login or f"shkola-{report.school_id}"
    return f"otchet-kuratora-{login}-etap-{report.stage.number}-{report.campaign.year}.docx"


def build_docx(report: StageReport, facts: dict | None = None) -> bytes:
    facts = facts or facts_of(report)
    general = facts["general"]
    document = d.new_document()
    d.heading(document, "ОТЧЁТ КУРАТОРА", points=14)
    d.heading(
        document,
        f"о сопровождении школы по итогам этапа «{general['stage']}»",
        f"{general['school']}",
        f"({general['municipality']}), {general['period']}",
        bold=False,
    )
    if not report.is_submitted:
        d.heading(document, "ПРОЕКТ (отчёт не отправлен)", points=11)
    shown = parts(facts)
    notes = report.notes()
    for number, (key, title, _has_facts, _field) in enumerate(SECTIONS, 1):
        d.section_title(document, f"{number}. {title}")
        part = shown.get(key)
        if part is not None:
            if part.pairs:
                d.key_values(document, part.pairs)
            for line in part.lines:
                d.paragraph(document, line)
            for table in part.tables:
                if table.caption:
                    d.paragraph(document, table.caption + ":", indent=False)
                d.table(document, table.headers, table.rows, table.widths_cm)
        note = notes[key].strip()
        if note:
            if part is not None:
                d.paragraph(document, "Комментарий куратора:", indent=False, italic=True)
            d.paragraph(document, note)
        elif part is None:
            d.paragraph(document, "—")
    d.paragraph(document, f"Сведения системы «Опора» на {facts['as_of']}.", indent=False, italic=True)
    when = timezone.localtime(report.submitted_at).strftime("%d.%m.%Y") if report.submitted_at else ""
    curator = report.curator.short_name if report.curator else general["curator"]
    d.signature(document, "Куратор", curator, when)
    return d.to_bytes(document)
