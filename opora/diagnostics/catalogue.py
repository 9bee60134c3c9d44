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


@transaction.atomic
def catalogue_change(*, campaign, names: dict[int, str], retired: set[int], new_code: str = "", new_name: str = ""):
    """The operator's edit of one campaign's catalogue: names, retired flags, one new factor.
    Other campaigns keep their own rows, so past profiles read as they were."""
    from django.core.exceptions import ValidationError

    factors = {f.pk: f for f in RiskFactor.objects.filter(campaign=campaign)}
    for pk, factor in factors.items():
        name = (names.get(pk) or factor.name).strip()[:300]
        if name != factor.name or (pk in retired) != factor.retired:
            factor.name, factor.retired = name, pk in retired
            factor.save(update_fields=["name", "retired"])
    new_code, new_name = new_code.strip().lower(), new_name.strip()
    if new_code or new_name:
        if not (new_code and new_name):
            raise ValidationError("Для нового фактора нужны код и название")
        if any(f.code == new_code for f in factors.values()):
            raise ValidationError(f"Фактор с кодом «{new_code}» в каталоге уже есть")
        position = max((f.position for f in factors.values()), default=0) + 1
        RiskFactor.objects.create(campaign=campaign, code=new_code[:20], name=new_name[:300], position=position)
