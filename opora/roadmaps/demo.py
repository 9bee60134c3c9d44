"""Demo roadmaps: the region's own, and three municipal ones imported from real orders
(shared/fixtures/roadmaps), moved to the demo campaign's year, with reports in various states."""

from __future__ import annotations

import datetime
import random
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from opora.accounts.models import User
from opora.core.russian import counted
from opora.registry.models import Campaign, Municipality, Order, Organisation, Region

from .models import ItemReport, MonitoringStage, Roadmap
from .services import (
    preview_apply_edits,
    report_create,
    roadmap_approve,
    roadmap_import_read,
    roadmap_import_save,
    shift_years,
)

FIXTURES = [  # file, municipality of the demo region, year of the document
    ("aksha-2022-municipal.txt", "Северный район", 2022),
    ("karpinsk-2022-municipal.md", "Озёрский район", 2022),
    ("leninsk-kuznetsky-2020-municipal.txt", "Заречный городской округ", 2020),
]
REGIONAL = Path(__file__).parent / "demo_data" / "regional-roadmap.md"


def fixtures_dir() -> Path:
    return settings.SHARED_DIR / "fixtures" / "roadmaps"


def load(region: Region, out) -> None:
    campaign = Campaign.objects.get(region=region, year=2026)
    if Roadmap.objects.filter(campaign=campaign).exists():
        return
    operator = User.objects.get(email="operator@demo.opora.ru")
    ministry = region.organisations.get(kind=Organisation.Kind.MINISTRY)
    order, _ = Order.objects.get_or_create(
        issuer=ministry,
        number="45-р",
        date=datetime.date(2026, 2, 10),
        defaults={
            "region": region,
            "title": "Об утверждении дорожных карт по повышению качества образования "
            "в школах с низкими образовательными результатами",
        },
    )
    sources = [(REGIONAL, None, 2026)] + [(fixtures_dir() / name, name_m, year) for name, name_m, year in FIXTURES]
    rng = random.Random(4)
    MonitoringStage.for_campaign(campaign)
    for path, municipality_name, year in sources:
        if not path.exists():
            out.write(f"Нет файла {path}: дорожная карта пропущена.")
            continue
        municipality = Municipality.objects.get(region=region, name=municipality_name) if municipality_name else None
        record = roadmap_import_read(
            campaign=campaign,
            level=Roadmap.Level.MUNICIPALITY if municipality else Roadmap.Level.REGION,
            municipality=municipality,
            upload=SimpleUploadedFile(path.name, path.read_bytes()),
            year=year,
            user=operator,
        )
        shift = campaign.year - record.parsed["year"]
        edits = {
            i: {"deadline": shift_years(item["deadline"]["text"], shift)}
            for i, item in enumerate(record.parsed["items"])
        }
        preview_apply_edits(record, edits, record.parsed["year"] + shift)
        roadmap = roadmap_import_save(record=record, title=shift_years(record.parsed["title"], shift), user=operator)
        roadmap_approve(roadmap=roadmap, order=order, user=operator)
        _reports(roadmap, operator, rng)
        out.write(
            f"Дорожная карта «{roadmap.owner_name}»: "
            f"{counted(roadmap.items.count(), 'мероприятие', 'мероприятия', 'мероприятий')}."
        )


def _reports(roadmap: Roadmap, user, rng: random.Random) -> None:
    """Past items mostly done, some partly or not; a few future ones done early."""
    from .services import today

    stages = MonitoringStage.for_campaign(roadmap.campaign)
    now = today()
    for item in roadmap.items.exclude(end__isnull=True):
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
