"""The analytic note (DOCX, PDF) and the consolidated XLSX, built in the task worker (`core.prepared`).

The builder fetches everything again through its requester's own scope and checks their right for
the level (`note.region` on the region, `note.municipality` on the municipality), so a file never
holds more than the requester may see; the content is collected once per file."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404

from opora.core.access import require
from opora.core.prepared import builder
from opora.registry.models import Campaign, Municipality
from opora.roadmaps.models import MonitoringStage

from . import note_content

FORMATS = {"docx": "DOCX", "pdf": "PDF", "xlsx": "сводная выгрузка, XLSX"}


def resolve(user, params: dict):
    """(stage, municipality or None, start, end) named by the params, as the user may see them."""
    stage = MonitoringStage.objects.filter(pk=params.get("stage")).first()
    if stage is None or not Campaign.objects.for_user(user).filter(pk=stage.campaign_id).exists():
        raise Http404("Этап мониторинга недоступен: он удалён или вне вашей зоны ответственности.")
    stage = MonitoringStage.objects.select_related("campaign__region").get(pk=stage.pk)
    municipality = None
    if params.get("municipality"):
        municipality = (
            Municipality.objects.for_user(user)
            .filter(pk=params["municipality"], region_id=stage.campaign.region_id)
            .first()
        )
        if municipality is None:
            raise Http404("Муниципалитет вне вашей зоны ответственности.")
        require(user, "note.municipality", municipality)
    else:
        require(user, "note.region", stage.campaign.region)
    start = _day(params.get("start"))
    end = _day(params.get("end"))
    if start and end and start > end:
        raise ValidationError("Начало периода позже его окончания.")
    return stage, municipality, start, end


def _day(text) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def title_of(stage: MonitoringStage, municipality, fmt: str) -> str:
    place = municipality.name if municipality else stage.campaign.region.name
    what = "Сводная выгрузка мониторинга" if fmt == "xlsx" else "Аналитическая справка"
    return f"{what}: {place}, {stage.title.lower()} {stage.campaign.year} ({FORMATS[fmt]})"


def build_file(user, params: dict, step=lambda percent, words: None) -> tuple[bytes, str]:
    fmt = params.get("fmt")
    if fmt not in FORMATS:
        raise ValidationError("Неизвестный формат файла.")
    stage, municipality, start, end = resolve(user, params)
    step(10, "Сбор данных мониторинга")
    note = note_content.collect(user, stage, municipality, start, end)
    if fmt == "xlsx":
        from .consolidated_xlsx import build_xlsx

        step(50, f"Построение таблиц: школ {note.figures['schools']}")
        return build_xlsx(note, user, stage, municipality), f"svod-{note.file_stem}.xlsx"
    from .note_docx import build_docx

    step(40, "Построение справки и диаграмм")
    data = build_docx(note)
    if fmt == "docx":
        return data, f"{note.file_stem}.docx"
    from .note_pdf import docx_to_pdf

    step(70, "Преобразование в PDF (LibreOffice)")
    return docx_to_pdf(data, note.file_stem), f"{note.file_stem}.pdf"


@builder("dashboards.note")
def build_in_background(params: dict, user, step) -> tuple[bytes, str]:
    try:
        return build_file(user, params, step)
    except ValueError as error:  # a malformed date or id in the params
        raise ValidationError("Неверные параметры справки.") from error
