"""A roadmap as a whole: its passport, approval by an order (and re-approval), its copy for the
next year."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opora.registry.models import Campaign, Order

from ..deadlines import parse_deadline
from ..models import Item, Roadmap, RoadmapChange, Section, TargetIndicator
from .items import deadline_fields, deadline_json, link_executors, roadmap_redate
from .permission import require_unless_system

PASSPORT = ("title", "year", "school_year", "problem", "goal", "tasks", "working_group")


def indicator_line(name: str, unit: str, values: dict) -> str:
    """«Доля ШНОР, посещённых кураторами, % | 2021: 50 | 2022: 100» — as typed in the passport."""
    return " | ".join([f"{name}, {unit}" if unit else name, *(f"{y}: {v}" for y, v in values.items())])


def indicators_text(indicators) -> str:
    """Target indicators (models or the passport form's rows) one per line."""
    rows = [
        (i["name"], i["unit"], i["values"]) if isinstance(i, dict) else (i.name, i.unit, i.values) for i in indicators
    ]
    return "\n".join(indicator_line(*row) for row in rows)


def passport_values(roadmap: Roadmap) -> dict[str, str]:
    values = {field: str(getattr(roadmap, field)) for field in PASSPORT}
    values["school_year"] = "да" if roadmap.school_year else "нет"
    return values


@transaction.atomic
def roadmap_passport_update(*, roadmap: Roadmap, data: dict, user) -> Roadmap:
    """Saves the passport (the fields of PASSPORT and `indicators`, rows of name, unit and values by
    year) in one transaction: a new year re-dates the items; on an approved roadmap each changed
    field is recorded in its history, old → new."""
    require_unless_system(user, "roadmap.change", roadmap)
    # What is stored, not the instance: a model form has already written the new values into it.
    stored = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
    before = passport_values(stored) | {"indicators": indicators_text(stored.target_indicators.all())}
    for field in PASSPORT:
        setattr(roadmap, field, data[field])
    roadmap.save(update_fields=list(PASSPORT))
    if (stored.year, stored.school_year) != (roadmap.year, roadmap.school_year):
        roadmap_redate(roadmap=roadmap, user=user)
    roadmap.target_indicators.all().delete()
    TargetIndicator.objects.bulk_create(
        [TargetIndicator(roadmap=roadmap, position=n, **row) for n, row in enumerate(data["indicators"])]
    )
    if stored.status == Roadmap.Status.APPROVED:
        after = passport_values(roadmap) | {"indicators": indicators_text(data["indicators"])}
        RoadmapChange.objects.bulk_create(
            [
                RoadmapChange(roadmap=roadmap, field=field, old=before[field], new=after[field], by=user)
                for field in (*PASSPORT, "indicators")
                if before[field] != after[field]
            ]
        )
    return roadmap


@transaction.atomic
def roadmap_approve(*, roadmap: Roadmap, order: Order, user, again: bool | None = None) -> Roadmap:
    """Approves the roadmap by an order. Approving an approved roadmap again by the same order is
    refused; by a new order (the roadmap as amended) it is recorded in the history with the order
    it replaces. Whether an order that approves other documents too may be used is the user's
    confirmation, asked by ApprovalOrderForm(approving=…): one order may approve several roadmaps.

    `again=False`: the user approves what they saw as a draft; if someone approved it meanwhile
    (two people pressing «Утвердить» at once), that is refused, not taken for a re-approval.
    The roadmap's row is locked, so of two simultaneous approvals one waits for the other."""
    require_unless_system(user, "roadmap.approve", roadmap)
    if order.region_id != roadmap.campaign.region_id:
        raise ValidationError("Приказ издан в другом регионе.")
    stored = Roadmap.objects.select_for_update(of=("self",)).select_related("order").get(pk=roadmap.pk)
    if stored.status == Roadmap.Status.APPROVED:
        if stored.order_id == order.pk:
            raise ValidationError(f"Дорожная карта уже утверждена этим приказом ({order}).")
        if again is False:
            raise ValidationError(
                f"Дорожная карта уже утверждена: {stored.order or 'без приказа'}. Если её изменения утверждены "
                "новым приказом, выберите его в «Утвердить изменённую карту новым приказом»."
            )
        approved_on = f", утверждена {timezone.localtime(stored.approved_at):%d.%m.%Y}" if stored.approved_at else ""
        RoadmapChange.objects.create(
            roadmap=roadmap, field="order", old=f"{stored.order or 'без приказа'}{approved_on}", new=str(order), by=user
        )
    roadmap.status, roadmap.order, roadmap.approved_at = Roadmap.Status.APPROVED, order, timezone.now()
    roadmap.save(update_fields=["status", "order", "approved_at"])
    return roadmap


_YEAR_RE = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def shift_years(text: str, years: int) -> str:
    """«до 5 марта 2022», «2020-2021 учебный год» moved by the given number of years."""
    return _YEAR_RE.sub(lambda m: str(int(m.group(1)) + years), text) if years else text


@transaction.atomic
def roadmap_copy(*, roadmap: Roadmap, campaign: Campaign, user) -> Roadmap:
    """Last year's roadmap as this year's draft: the same sections and items, years in texts moved on."""
    require_unless_system(user, "roadmap.change", roadmap)
    require_unless_system(
        user,
        "roadmap.create",
        Roadmap(campaign=campaign, level=roadmap.level, municipality=roadmap.municipality, school=roadmap.school),
    )
    shift = campaign.year - roadmap.campaign.year
    copy = Roadmap.objects.create(
        campaign=campaign,
        level=roadmap.level,
        municipality=roadmap.municipality,
        school=roadmap.school,
        title=shift_years(roadmap.title, shift),
        year=roadmap.year + shift,
        school_year=roadmap.school_year,
        problem=roadmap.problem,
        goal=roadmap.goal,
        tasks=roadmap.tasks,
        working_group=roadmap.working_group,
        created_by=user,
    )
    sections = {
        s.pk: Section.objects.create(roadmap=copy, position=s.position, number=s.number, title=s.title)
        for s in roadmap.sections.all()
    }
    items = []
    for item in roadmap.items.all():
        text = shift_years(item.deadline_text, shift)
        deadline = deadline_json(parse_deadline(text, copy.year, school_year=copy.school_year))
        items.append(
            Item(
                roadmap=copy,
                section=sections.get(item.section_id),
                position=item.position,
                number=item.number,
                action=item.action,
                executors=item.executors,
                planned_result=item.planned_result,
                indicator=item.indicator,
                info=item.info,
                **deadline_fields(deadline),
            )
        )
    Item.objects.bulk_create(items)
    link_executors(copy, items)
    for indicator in roadmap.target_indicators.all():
        indicator.pk, indicator.roadmap = None, copy
        indicator.save()
    return copy
