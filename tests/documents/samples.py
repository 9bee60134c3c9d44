"""What the printed documents are made of: a list of 76 schools as a region approves it, and a real
municipal roadmap (tests/fixtures/roadmaps) as it is kept in the database."""

from __future__ import annotations

import random

from opora.assessment.rules import (
    CRITERION_CONSECUTIVE,
    CRITERION_PROCEDURES,
    IdentificationResult,
    IdentifiedSchool,
    RiskSchool,
    RuleParams,
)

YEAR = 2025
# The eight procedures of the demo and of most regions' lists: ВПР 5–6 and both exams, РУ and МА.
PROCEDURES = ["vpr5_ru", "vpr5_ma", "vpr6_ru", "vpr6_ma", "oge_ru", "oge_ma", "ege_ru", "ege_ma"]
MUNICIPALITIES = [
    "Город Демоград",
    "Северный район",
    "Заречный городской округ",
    "Озёрский район",
    "Берёзовский район",
    "Ленинск-Кузнецкий муниципальный округ",
]
LONG_NAME = "МБОУ «Средняя общеобразовательная школа № {n} имени Героя Советского Союза И. И. Молодцова»"
# Natural order in one municipality: № 3, № 4, № 32 — a string sort gives 3, 32, 4.
NUMBERED = ["МБОУ «СОШ № 32»", "МБОУ «СОШ № 4»", "МБОУ «СОШ № 3»"]


def school_name(i: int) -> str:
    if i < len(NUMBERED):
        return NUMBERED[i]
    if i % 7 == 0:
        return LONG_NAME.format(n=i + 1)
    if i % 3 == 0:
        return f"МКОУ «Основная общеобразовательная школа с. Верхнечусовские Городки-{i}»"
    return f"МБОУ «СОШ № {i + 100}»"


def appendix_result(schools: int = 76, procedures: list[str] = PROCEDURES) -> IdentificationResult:
    rng = random.Random(8)
    listed = [
        IdentifiedSchool(
            login=f"sch{990001 + i}",
            name=school_name(i),
            municipality=MUNICIPALITIES[0] if i < len(NUMBERED) else MUNICIPALITIES[i % len(MUNICIPALITIES)],
            markers={YEAR - 1: sorted(rng.sample(procedures, 2)), YEAR: sorted(rng.sample(procedures, 3))},
            criteria={CRITERION_PROCEDURES: True, CRITERION_CONSECUTIVE: i % 2 == 0},
        )
        for i in range(schools)
    ]
    risk = [
        RiskSchool(f"sch{980001 + i}", f"МБОУ «СОШ № {i + 1}»", MUNICIPALITIES[i % 6], {}, {}, ["ОГЭ МА: 27 %"])
        for i in range(12)
    ]
    return IdentificationResult(YEAR, RuleParams(), 338, listed, risk, [], list(procedures))


def roadmap_from_fixture(name: str):
    """A roadmap saved as the import saves it: sections, items, deadlines and executors."""
    from opora.roadmaps.models import Item, Roadmap, Section
    from opora.roadmaps.parse import parse_roadmap
    from tests.factories import CampaignFactory, MunicipalityFactory
    from tests.paths import ROADMAP_FIXTURES

    parsed = parse_roadmap(ROADMAP_FIXTURES / name)
    municipality = MunicipalityFactory()
    campaign = CampaignFactory(region=municipality.region, year=parsed.year)
    roadmap = Roadmap.objects.create(
        campaign=campaign, level="municipality", municipality=municipality, title=parsed.title, year=parsed.year
    )
    sections = {
        s.title: Section.objects.create(roadmap=roadmap, position=p, number=s.number, title=s.title)
        for p, s in enumerate(parsed.sections)
    }
    Item.objects.bulk_create(
        Item(
            roadmap=roadmap,
            section=sections.get(item.section),
            position=position,
            number=item.number,
            action=item.action,
            deadline_text=item.deadline.text,
            start=item.deadline.start,
            end=item.deadline.end,
            executors=item.executors,
            planned_result=item.result,
        )
        for position, item in enumerate(parsed.items)
    )
    return roadmap, parsed
