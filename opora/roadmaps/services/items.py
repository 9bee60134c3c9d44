"""Items: editing one in place (its deadline read again, changes to an approved roadmap recorded),
adding one, re-dating a roadmap, and linking executors to people of the registry."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opora.registry.models import Person

from ..deadlines import parse_deadline
from ..executors import mentioned_keys, name_keys, roles_named
from ..models import Item, Roadmap, RoadmapChange
from .permission import require_unless_system

EDITABLE = ("number", "action", "deadline_text", "executors", "planned_result", "indicator", "info")
# The start of the warning an item of an approved roadmap gets when its new deadline has no dates.
KEPT_DATES = "в сроке нет дат"


def deadline_json(deadline) -> dict:
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    return {
        "text": deadline.text,
        "start": iso(deadline.start),
        "end": iso(deadline.end),
        "recurrence": deadline.recurrence,
        "periods": [{"start": iso(s), "end": iso(e)} for s, e in deadline.periods],
        "warnings": list(deadline.warnings),
    }


def deadline_fields(deadline: dict) -> dict:
    return {
        "deadline_text": deadline["text"][:500],
        "start": date.fromisoformat(deadline["start"]) if deadline["start"] else None,
        "end": date.fromisoformat(deadline["end"]) if deadline["end"] else None,
        "recurrence": deadline["recurrence"] or "",
        "periods": deadline["periods"],
        "deadline_warnings": deadline.get("warnings", []),
    }


def link_executors(roadmap: Roadmap, items: list[Item]) -> None:
    """Links items to the people of the region named among their executors, and notes roles."""
    # Only people whose surname occurs in the texts are candidates: a region has thousands of people.
    words = {word.title() for item in items for text in item.executors for word in re.findall(r"[А-Яа-яЁё-]{2,}", text)}
    people = {}
    candidates = Person.objects.filter(region_id=roadmap.campaign.region_id, last_name__in=words)
    for pk, last, first, middle in candidates.values_list("pk", "last_name", "first_name", "middle_name"):
        for key in name_keys(last, first, middle):
            people.setdefault(key, set()).add(pk)
    through = Item.executor_people.through
    through.objects.filter(item__in=items).delete()
    links = []
    for item in items:
        item.executor_roles = roles_named(item.executors)
        found = (
            set().union(*(people.get(key, ()) for key in mentioned_keys(item.executors))) if item.executors else set()
        )
        links += [through(item_id=item.pk, person_id=pk) for pk in found]
    Item.objects.bulk_update(items, ["executor_roles"])
    through.objects.bulk_create(links)


def _shown(value: str) -> str:
    """Executors are kept one per line; in a history line they are separated by «; »."""
    return "; ".join(line for line in value.splitlines() if line.strip())


def _dates_shown(start: date | None, end: date | None) -> str:
    return f"{start:%d.%m.%Y} — {end:%d.%m.%Y}" if start and end else "без дат"


def item_values(item: Item) -> dict[str, str]:
    return {
        "number": item.number,
        "action": item.action,
        "deadline_text": item.deadline_text,
        "executors": "\n".join(item.executors),
        "planned_result": item.planned_result,
        "indicator": item.indicator,
        "info": item.info,
    }


def _read_deadline(item: Item, text: str, approved: bool) -> None:
    """Reads the item's new deadline text into its dates.

    On an approved roadmap a text without dates («весной», «по мере необходимости») does not
    remove the approved dates: the item keeps them with a warning, so an overdue item stays overdue
    until it is reported done or given a dated deadline."""
    roadmap = item.roadmap
    fields = deadline_fields(deadline_json(parse_deadline(text, roadmap.year, school_year=roadmap.school_year)))
    if approved and item.end and not fields["end"]:
        fields.update(start=item.start or item.end, end=item.end, periods=[], recurrence="")
        fields["deadline_warnings"] = [
            *fields["deadline_warnings"],
            f"{KEPT_DATES}: для контроля оставлен прежний срок {_dates_shown(fields['start'], item.end)} "
            "из утверждённой карты; укажите срок с датами",
        ]
    for field, value in fields.items():
        setattr(item, field, value)


def dates_kept(item: Item) -> bool:
    """Does the item keep approved dates its deadline text no longer gives?"""
    return any(w.startswith(KEPT_DATES) for w in item.deadline_warnings)


def undated_notice(item: Item, had_dates: bool) -> str:
    """What the user is told after saving an item whose deadline no longer gives dates."""
    text = item.deadline_text or "пустой"
    if dates_kept(item):
        return (
            f"Мероприятие {item.number}: в сроке «{text}» нет дат. Для контроля исполнения оставлен прежний срок "
            f"окончания {item.end:%d.%m.%Y}; укажите срок с датами."
        )
    if had_dates and not item.end:
        return f"Мероприятие {item.number} теперь без дат: в сроке «{text}» дат нет, просроченным оно не станет."
    return ""


class ItemConflict(ValidationError):
    """Someone else saved the item after the user opened it for editing; `version` is the item's
    version now (a form that carries it saves over, deliberately)."""

    def __init__(self, message: str, version: int):
        super().__init__(message)
        self.version = version


def _conflict_message(stored: Item, data: dict[str, str]) -> str:
    """Who changed the item meanwhile and what its fields hold now where the user's differ."""
    from ..templatetags.roadmaps import FIELD_TITLES

    who = stored.updated_by.get_full_name() if stored.updated_by_id else "другой пользователь"
    when = f" в {timezone.localtime(stored.updated_at):%H:%M %d.%m.%Y}" if stored.updated_at else ""
    now = item_values(stored)
    yours = {field: str(data.get(field, "")).strip() for field in EDITABLE}
    differing = [
        f"{FIELD_TITLES.get(field, field)}: «{_shown(now[field]) or 'пусто'}»"
        for field in EDITABLE
        if _shown(now[field]) != _shown(yours[field])
    ]
    held = "; ".join(differing) if differing else "то же, что ввели вы"
    return (
        f"Мероприятие {stored.number} изменил(а) {who}{when}, пока вы его правили. Ваши изменения не сохранены. "
        f"Сейчас в нём: {held}. Проверьте; чтобы записать ваши значения поверх, нажмите «Сохранить» ещё раз."
    )


@transaction.atomic
def item_update(*, item: Item, data: dict[str, str], user) -> Item:
    """Saves an edited item; its deadline is read again; on an approved roadmap every change is recorded.
    `data["version"]`, when given, is the version the user began editing: if the item has been
    saved since, ItemConflict is raised and nothing is saved."""
    roadmap = item.roadmap
    require_unless_system(user, "roadmap.change", roadmap)
    if item.pk is not None:
        # The row is locked until this transaction ends: a second save of the item waits here,
        # then finds the version moved on.
        stored = Item.objects.select_for_update().get(pk=item.pk)
        expected = data.get("version")
        if expected is not None and int(expected) != stored.version:
            raise ItemConflict(_conflict_message(stored, data), stored.version)
        for field in Item._meta.concrete_fields:
            setattr(item, field.attname, getattr(stored, field.attname))
        item.version = stored.version + 1
    item.updated_by, item.updated_at = user, timezone.now()
    before = item_values(item)
    before_dates = (item.start, item.end)
    approved = roadmap.status == Roadmap.Status.APPROVED
    item.number, item.action = data["number"].strip(), data["action"].strip()
    item.executors = [line.strip() for line in data["executors"].splitlines() if line.strip()]
    item.planned_result, item.indicator, item.info = data["planned_result"], data["indicator"], data["info"]
    if data["deadline_text"].strip() != item.deadline_text or not item.deadline_text:
        _read_deadline(item, data["deadline_text"].strip(), approved and item.pk is not None)
    if not item.action:
        raise ValidationError({"action": "Опишите мероприятие."})
    item.save()
    link_executors(roadmap, [item])
    if approved:
        after = item_values(item)
        changes = [
            RoadmapChange(
                roadmap=roadmap,
                item=item,
                item_number=item.number,
                field=field,
                old=_shown(before[field]),
                new=_shown(after[field]),
                by=user,
            )
            for field in EDITABLE
            if before[field] != after[field]
        ]
        # The dates decide what is overdue: their change is history too, and so is a deadline
        # that lost its dates while the approved ones are kept.
        if before["deadline_text"] != after["deadline_text"] and item.pk and before_dates[1]:
            after_dates = _dates_shown(item.start, item.end)
            if dates_kept(item):
                after_dates += " (в новом сроке нет дат, оставлены прежние)"
            if after_dates != _dates_shown(*before_dates):
                changes.append(
                    RoadmapChange(
                        roadmap=roadmap,
                        item=item,
                        item_number=item.number,
                        field="dates",
                        old=_dates_shown(*before_dates),
                        new=after_dates,
                        by=user,
                    )
                )
        RoadmapChange.objects.bulk_create(changes)
    return item


@transaction.atomic
def item_create(*, roadmap: Roadmap, data: dict[str, str], user) -> Item:
    require_unless_system(user, "roadmap.change", roadmap)
    position = (roadmap.items.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    item = Item(roadmap=roadmap, position=position, action="", section=roadmap.sections.order_by("-position").first())
    item = item_update(item=item, data=data, user=user)
    if roadmap.status == Roadmap.Status.APPROVED:
        RoadmapChange.objects.create(
            roadmap=roadmap, item=item, item_number=item.number, field="добавлено", new=item.action, by=user
        )
    return item


@transaction.atomic
def roadmap_redate(*, roadmap: Roadmap, user) -> None:
    """The roadmap's year or kind of year changed: every deadline is read again against it."""
    items = list(roadmap.items.all())
    for item in items:
        deadline = parse_deadline(item.deadline_text, roadmap.year, school_year=roadmap.school_year)
        for field, value in deadline_fields(deadline_json(deadline)).items():
            setattr(item, field, value)
    Item.objects.bulk_update(items, ["start", "end", "recurrence", "periods", "deadline_warnings"])
