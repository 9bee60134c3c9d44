"""Roadmaps added to the shared test world (tests/conftest.py)."""

import datetime

from django.core.files.base import ContentFile

from opora.roadmaps.models import Item, ItemReport, MonitoringStage, Roadmap, RoadmapImport
from opora.roadmaps.services import link_executors, roadmap_approve


def _roadmap(world, level, title, **owner) -> Roadmap:
    return Roadmap.objects.create(campaign=world.campaign, level=level, title=title, year=2026, **owner)


def _item(roadmap, number, action, end, executors=(), start=None) -> Item:
    item = Item.objects.create(
        roadmap=roadmap,
        position=int(number.replace(".", "")),
        number=number,
        action=action,
        deadline_text=f"до {end:%d.%m.%Y}",
        start=start or datetime.date(2026, 1, 1),
        end=end,
        executors=list(executors),
    )
    link_executors(roadmap, [item])
    return item


def add_roadmaps(world) -> None:
    """Regional (approved), municipal for M and M2, school roadmap of A; past items, a report with a file."""
    world.regional = _roadmap(world, "region", "Дорожная карта Тестовой области на 2026 год")
    roadmap_approve(roadmap=world.regional, order=world.order, user=None)
    world.regional_item = _item(
        world.regional, "1.1", "Селекторное совещание с МОУО", datetime.date(2026, 2, 10), ["Региональный координатор"]
    )
    world.roadmap_m = _roadmap(world, "municipality", "Дорожная карта Северного района", municipality=world.m)
    world.item_m = _item(
        world.roadmap_m, "1.1", "Назначение кураторов", datetime.date(2026, 3, 1), ["Муниципальный координатор"]
    )
    world.roadmap_m2 = _roadmap(world, "municipality", "Дорожная карта Южного района", municipality=world.m2)
    _item(world.roadmap_m2, "1.1", "Совещание в Южном районе", datetime.date(2026, 3, 1))
    world.roadmap_a = _roadmap(world, "school", "План мероприятий МБОУ «СОШ № 1»", school=world.school_a)
    world.roadmap_a.source_file.save("plan.docx", ContentFile(b"PK docx"))
    _item(world.roadmap_a, "1", "Самодиагностика", datetime.date(2026, 3, 15), ["Директор школы", "Куратор"])
    stage = MonitoringStage.for_campaign(world.campaign)[0]
    world.report = ItemReport.objects.create(
        item=world.regional_item,
        stage=stage,
        status="done",
        evidence=ContentFile(b"%PDF", name="protokol.pdf"),
        evidence_name="protokol.pdf",
    )
    world.roadmap_import = RoadmapImport.objects.create(
        campaign=world.campaign,
        file=ContentFile(b"x", name="karta.txt"),
        original_name="karta.txt",
        level="region",
        parsed={
            "title": "Карта",
            "year": 2026,
            "school_year": False,
            "columns": [],
            "sections": [],
            "items": [],
            "warnings": [],
        },
        uploaded_by=world.users["operator"],
    )
    municipal = world.users["municipal"]
    municipal.calendar_token = "t" * 32
    municipal.save(update_fields=["calendar_token"])


def add_other_region_roadmaps(world) -> None:
    """Region R2's roadmaps in its 2027 campaign: the regional one (approved by its order) and one of
    its municipality, with past items, a report with evidence and an import preview of its operator."""
    # Imported here: this helper is an addition others' edits of the imports above need not meet.
    from tests.factories import CampaignFactory, OrderFactory, OrganisationFactory

    operator = world.users["operator_r2"]
    world.other_current = getattr(world, "other_current", None) or CampaignFactory(region=world.other_region, year=2027)
    campaign = world.other_current
    authority = OrganisationFactory(region=world.other_region, name="Департамент образования Чужой области")
    world.other_order = OrderFactory(
        issuer=authority, number="5-р", title="Об утверждении дорожной карты Чужой области"
    )
    world.other_municipality = world.school_other_region.municipality
    world.other_regional = Roadmap.objects.create(
        campaign=campaign, level="region", title="Дорожная карта Чужой области", year=2027
    )
    roadmap_approve(roadmap=world.other_regional, order=world.other_order, user=operator)
    world.other_regional_item = _item(
        world.other_regional,
        "1.1",
        "Выездной семинар Чужой области",
        datetime.date(2026, 10, 1),
        ["Региональный координатор", "Муниципальный координатор", "Куратор", "Директор школы"],
        start=datetime.date(2026, 9, 1),
    )
    world.other_roadmap_m = Roadmap.objects.create(
        campaign=campaign,
        level="municipality",
        municipality=world.other_municipality,
        title="Дорожная карта Чужого района",
        year=2027,
    )
    world.other_item_m = _item(
        world.other_roadmap_m,
        "1.1",
        "Совещание директоров Чужого района",
        datetime.date(2026, 10, 15),
        ["Муниципальный координатор"],
        start=datetime.date(2026, 9, 1),
    )
    world.other_report = ItemReport.objects.create(
        item=world.other_regional_item,
        stage=MonitoringStage.for_campaign(campaign)[0],
        status="done",
        by=operator,
        evidence=ContentFile(b"%PDF", name="protokol-r2.pdf"),
        evidence_name="protokol-r2.pdf",
    )
    world.other_roadmap_import = RoadmapImport.objects.create(
        campaign=campaign,
        file=ContentFile(b"x", name="karta-r2.txt"),
        original_name="karta-r2.txt",
        level="region",
        parsed={
            "title": "Карта Чужой области",
            "year": 2027,
            "school_year": False,
            "columns": [],
            "sections": [],
            "items": [],
            "warnings": [],
        },
        uploaded_by=operator,
    )
