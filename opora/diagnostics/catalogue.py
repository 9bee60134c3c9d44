"""The 2021+ catalogue of risk factors, seeded per campaign."""

from __future__ import annotations

from django.db import transaction

from .models import RiskFactor

# The eleven factors of the 2021+ catalogue (ФИОКО), in their customary order.
FACTORS_2021 = (
    ("f01", "Низкий уровень оснащения школы"),
    ("f02", "Дефицит педагогических кадров"),
    ("f03", "Недостаточная предметная и методическая компетентность педагогических работников"),
    ("f04", "Риски низкой адаптивности учебного процесса"),
    ("f05", "Несформированность внутришкольной системы повышения квалификации"),
    ("f06", "Низкое качество преодоления языковых и культурных барьеров"),
    ("f07", "Пониженный уровень качества школьной образовательной и воспитательной среды"),
    ("f08", "Низкий уровень вовлеченности родителей"),
    ("f09", "Низкая учебная мотивация обучающихся"),
    ("f10", "Высокая доля обучающихся с рисками учебной неуспешности"),
    ("f11", "Высокая доля обучающихся с ОВЗ"),
)


@transaction.atomic
def seed_catalogue(campaign) -> list[RiskFactor]:
    """The campaign's catalogue, created from the 2021+ factors when it has none yet.
    An existing catalogue (renamed, extended, retired by the operator) is left as it is."""
    existing = list(RiskFactor.objects.filter(campaign=campaign))
    if existing:
        return existing
    return RiskFactor.objects.bulk_create(
        RiskFactor(campaign=campaign, code=code, name=name, position=number)
        for number, (code, name) in enumerate(FACTORS_2021, start=1)
    )
