"""Demo roadmaps: the region's own, and three municipal ones imported from real orders of other
regions (copies in demo_data/), moved to the demo campaign's year and to the demo's places, with
reports in various states: items past their deadline mostly done, some overdue, some due soon."""

from __future__ import annotations

import datetime
import random
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from opora.accounts.models import User
from opora.core.russian import counted
from opora.registry import demo as registry_demo
from opora.registry.models import Municipality, Region

from .models import ItemReport, MonitoringStage, Roadmap
from .services import (
    preview_apply_edits,
    report_create,
    roadmap_approve,
    roadmap_import_read,
    roadmap_import_save,
    shift_years,
    today,
)

DEMO_DATA = Path(__file__).parent / "demo_data"
# file, name of the demo's copy, municipality of the demo region (none: the region's own),
# the document's year, and the campaign year it becomes, relative to the campaign: a calendar-year
# plan becomes the campaign's, the school-year plan (November–August) the school year ending in it.
SOURCES = [
    ("regional-roadmap.md", "regionalnaya-dorozhnaya-karta.md", None, 2026, 0),
    ("aksha-2022-municipal.txt", "severny-rayon-dorozhnaya-karta.txt", "Северный район", 2022, 0),
    ("karpinsk-2022-municipal.md", "ozyorsky-rayon-dorozhnaya-karta.md", "Озёрский район", 2022, 0),
    ("leninsk-kuznetsky-2020-municipal.txt", "zarechny-go-dorozhnaya-karta.txt", "Заречный городской округ", 2020, -1),
]
# Two items of the region's roadmap are always current: a report that was due twelve days ago
# (and is not in) and a meeting in nine days, so every day's demo has something overdue and
# something due soon for its coordinators and curators. Number: days from today.
LIVE = {"4.4": -12, "4.5": 9}
# The orders name the places of three other regions; in the demo they name Демо-область's.
# Longer phrases first: each replacement sees the text the previous ones left.
PLACES = [
    # Акшинский район, Забайкальский край → Северный район
    ("«Акшинский район»", "«Северный район»"),
    ("«СОШ с. Акша»", "«СОШ № 3»"),
    ("Основная общеобразовательная школа с.Улача", "Средняя общеобразовательная школа с.Покровка"),
    ("Забайкальского края", "Демо-области"),
    # ГО Карпинск, Свердловская область → Озёрский район
    ("АДМИНИСТРАЦИИ ГОРОДСКОГО ОКРУГА КАРПИНСК", "АДМИНИСТРАЦИИ ОЗЁРСКОГО РАЙОНА"),
    ("в городском округе Карпинск", "в Озёрском районе"),
    ("г. Карпинск", "п. Озёрный"),
    ("в ГО Карпинск", "в Озёрском районе"),
    ("ГО Карпинск", "Озёрского района"),
    ("Министерства образования и молодежной политики Свердловской области", "Министерства образования Демо-области"),
    ("Свердловской области", "Демо-области"),
    # Ленинск-Кузнецкий городской округ, Кузбасс → Заречный городской округ
    ("ЛЕНИНСК-КУЗНЕЦКОГО ГОРОДСКОГО ОКРУГА", "ЗАРЕЧНОГО ГОРОДСКОГО ОКРУГА"),
    ("г. Ленинск-Кузнецкий", "г. Заречный"),
    ("Ленинск-Кузнецкого городского округа", "Заречного городского округа"),
    ("Л-Кузнецкий ГО", "Заречный ГО"),
    ("министерства образования и науки Кузбасса", "министерства образования Демо-области"),
    ("Кемеровской области – Кузбасса", "Демо-области"),
    ("Кузбасса", "Демо-области"),
]


def demo_text(name: str, shift: int) -> str:
    """The demo's copy of a document: its years moved by `shift`, its places the demo's."""
    text = shift_years((DEMO_DATA / name).read_text(encoding="utf-8"), shift)
    for foreign, ours in PLACES:
        text = text.replace(foreign, ours)
    return text


def load(region: Region, out) -> None:
    campaign = registry_demo.campaign_of(region)
    if Roadmap.objects.filter(campaign=campaign).exists():
        return
    operator = User.objects.get(email="operator@demo.opora.ru")
    order = registry_demo.demo_order(
        region,
        "45-р",
        registry_demo.dated(2, 10),
        "Об утверждении дорожных карт по повышению качества образования "
        "в школах с низкими образовательными результатами",
    )
    rng = random.Random(4)
    MonitoringStage.for_campaign(campaign)
    for name, demo_name, municipality_name, year, offset in SOURCES:
        municipality = Municipality.objects.get(region=region, name=municipality_name) if municipality_name else None
        shift = campaign.year + offset - year
        record = roadmap_import_read(
            campaign=campaign,
            level=Roadmap.Level.MUNICIPALITY if municipality else Roadmap.Level.REGION,
            municipality=municipality,
            upload=SimpleUploadedFile(demo_name, demo_text(name, shift).encode()),
            year=year + shift,
            user=operator,
        )
        if municipality is None:
            _bring_live_items_to_today(record, campaign.year)
        roadmap = roadmap_import_save(record=record, title="", user=operator)
        roadmap_approve(roadmap=roadmap, order=order, user=operator)
        _reports(roadmap, operator, rng)
        out.write(
            f"Дорожная карта «{roadmap.owner_name}»: "
            f"{counted(roadmap.items.count(), 'мероприятие', 'мероприятия', 'мероприятий')}."
        )


def _bring_live_items_to_today(record, year: int) -> None:
    now = today()
    edits = {}
    for index, item in enumerate(record.parsed["items"]):
        if item["number"] in LIVE:
            day = now + datetime.timedelta(days=LIVE[item["number"]])
            # Within the campaign year: early in January nothing of this year is overdue yet.
            day = min(max(day, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))
            edits[index] = {"deadline": f"{'до ' if day < now else ''}{day:%d.%m.%Y}"}
    preview_apply_edits(record, edits)


def _reports(roadmap: Roadmap, user, rng: random.Random) -> None:
    """Past items mostly done, some partly or not; a few future ones done early."""
    stages = MonitoringStage.for_campaign(roadmap.campaign)
    now = today()
    for item in roadmap.items.exclude(end__isnull=True):
        if roadmap.level == Roadmap.Level.REGION and item.number in LIVE:
            continue
        stage = stages[0] if item.end.month <= 8 else stages[1]
        roll = rng.random()
        if item.end < now:
            if roll < 0.65:
                report_create(
                    item=item,
                    stage=stage,
                    status=ItemReport.Status.DONE,
                    user=user,
                    comment="Проведено в установленный срок",
                    link="https://example.ru/novosti",
                )
            elif roll < 0.8:
                report_create(
                    item=item,
                    stage=stage,
                    status=ItemReport.Status.PARTLY,
                    user=user,
                    comment="Проведено не во всех ШНОР; завершение перенесено",
                )
        elif roll < 0.1:
            report_create(
                item=item, stage=stage, status=ItemReport.Status.DONE, user=user, comment="Выполнено досрочно"
            )
