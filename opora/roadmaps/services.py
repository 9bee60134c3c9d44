"""Importing, editing, approving and copying roadmaps; reporting on their execution."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from opora.core.access import require, role_labels, rule
from opora.core.scoping import LEVELS, scope_of
from opora.registry.models import Campaign, Municipality, Order, Person

from .deadlines import parse_deadline
from .executors import mentioned_keys, name_keys, roles_named
from .models import Item, ItemReport, MonitoringStage, Roadmap, RoadmapChange, RoadmapImport, Section, TargetIndicator
from .parse import RoadmapError, deadline_warnings, parse_roadmap_bytes

EDITABLE = ("number", "action", "deadline_text", "executors", "planned_result", "indicator", "info")
PASSPORT = ("title", "year", "school_year", "problem", "goal", "tasks", "working_group")
# The start of the warning an item of an approved roadmap gets when its new deadline has no dates.
KEPT_DATES = "в сроке нет дат"


def _require(user, action: str, obj) -> None:
    """The permission check of a service; `user=None` is the system itself (demo loader, scripts)."""
    if user is not None:
        require(user, action, obj)


def roadmap_import_read(
    *, campaign: Campaign, level: str, municipality=None, school=None, upload, year: int | None, user
) -> RoadmapImport:
    """Keeps the file and what was read from it; raises ValidationError in Russian when nothing was."""
    record = RoadmapImport.objects.create(
        campaign=campaign,
        file=upload,
        original_name=upload.name[:255],
        level=level,
        municipality=municipality,
        school=school,
        uploaded_by=user,
    )
    with record.file.open("rb") as handle:
        data = handle.read()
    try:
        parsed = parse_roadmap_bytes(data, record.original_name, year)
    except RoadmapError as error:
        record.parsed = {"error": str(error)}
        record.save(update_fields=["parsed"])
        raise ValidationError(str(error)) from error
    payload = parsed.to_json_dict()
    payload["year"] = payload["year"] or year or campaign.year
    payload["school_year"] = parsed.school_year
    for item, source in zip(payload["items"], parsed.items, strict=True):
        item["deadline"]["warnings"] = deadline_warnings(
            source.deadline.text,
            source.deadline,
            payload["year"],
            parsed.school_year,
            expected="deadline" in parsed.columns,
        )
    record.parsed = payload
    record.save(update_fields=["parsed"])
    return record


def preview_apply_edits(
    record: RoadmapImport, edits: dict[int, dict[str, str]], year: int | None = None, title: str = ""
) -> dict:
    """The user's corrections to the preview (title, year, numbers, actions, deadlines), deadlines re-read."""
    payload = record.parsed
    if title.strip():
        payload["title"] = title.strip()
    if year == payload["year"]:
        year = None
    if year:
        payload["year"] = year
    for index, item in enumerate(payload["items"]):
        change = edits.get(index, {})
        old_label = f"Пункт {item['number']}:"
        item["number"] = change.get("number", item["number"]).strip()
        item["action"] = change.get("action", item["action"]).strip()
        text = change.get("deadline", item["deadline"]["text"]).strip()
        if text != item["deadline"]["text"] or year:
            deadline = parse_deadline(text, payload["year"], school_year=payload["school_year"])
            item["deadline"] = _deadline_json(deadline)
            item["deadline"]["warnings"] = deadline_warnings(text, deadline, payload["year"], payload["school_year"])
            # The document's list of warnings follows the corrected item.
            payload["warnings"] = [w for w in payload["warnings"] if not w.startswith(old_label)] + [
                f"Пункт {item['number']}: {w}" for w in item["deadline"]["warnings"]
            ]
    record.parsed = payload
    record.save(update_fields=["parsed"])
    return payload


def preview_year_mismatch(record: RoadmapImport, on: date) -> dict | None:
    """When the document's year is not the campaign's (an old order loaded into this year's
    campaign), what the user must decide before saving: {year, campaign_year, overdue}."""
    payload = record.parsed
    year, campaign_year = payload["year"], record.campaign.year
    # A school-year roadmap 2025/2026 belongs to the 2026 campaign as well as 2025/2026 does.
    fitting = {campaign_year, campaign_year - 1} if payload.get("school_year") else {campaign_year}
    if year in fitting or payload.get("year_kept") == year:
        return None
    overdue = sum(
        1 for item in payload["items"] if item["deadline"]["end"] and item["deadline"]["end"] < on.isoformat()
    )
    return {"year": year, "campaign_year": campaign_year, "overdue": overdue}


def preview_keep_year(record: RoadmapImport) -> None:
    """The user keeps the document's own year although the campaign's differs."""
    record.parsed["year_kept"] = record.parsed["year"]
    record.save(update_fields=["parsed"])


def preview_shift_year(record: RoadmapImport, year: int) -> dict:
    """Moves the document to `year`: years written in deadlines and in the title move by the same
    number of years, every deadline is read again."""
    payload = record.parsed
    shift = year - payload["year"]
    edits = {i: {"deadline": shift_years(item["deadline"]["text"], shift)} for i, item in enumerate(payload["items"])}
    return preview_apply_edits(record, edits, year, title=shift_years(payload["title"] or "", shift))


def _deadline_json(deadline) -> dict:
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    return {
        "text": deadline.text,
        "start": iso(deadline.start),
        "end": iso(deadline.end),
        "recurrence": deadline.recurrence,
        "periods": [{"start": iso(s), "end": iso(e)} for s, e in deadline.periods],
        "warnings": list(deadline.warnings),
    }


@transaction.atomic
def roadmap_import_save(*, record: RoadmapImport, title: str, user) -> Roadmap:
    payload = record.parsed
    if record.roadmap_id:
        raise ValidationError("Этот документ уже сохранён как дорожная карта.")
    owner = Roadmap(
        campaign=record.campaign, level=record.level, municipality=record.municipality, school=record.school
    )
    _require(user, "roadmap.create", owner)
    roadmap = Roadmap.objects.create(
        campaign=record.campaign,
        level=record.level,
        municipality=record.municipality,
        school=record.school,
        title=title or payload.get("title") or record.original_name,
        year=payload["year"],
        school_year=payload.get("school_year", False),
        source_file=record.file.name,
        created_by=user,
    )
    sections = {}
    for position, section in enumerate(payload["sections"]):
        sections[section["title"]] = Section.objects.create(
            roadmap=roadmap, position=position, number=section["number"], title=section["title"]
        )
    items = [
        Item(
            roadmap=roadmap,
            section=sections.get(data["section"]),
            position=position,
            number=data["number"],
            action=data["action"],
            executors=data["executors"],
            planned_result=data["result"],
            indicator=data["indicator"],
            info=data["info"],
            **_deadline_fields(data["deadline"]),
        )
        for position, data in enumerate(payload["items"])
    ]
    Item.objects.bulk_create(items)
    link_executors(roadmap, items)
    record.roadmap = roadmap
    record.save(update_fields=["roadmap"])
    return roadmap


def _deadline_fields(deadline: dict) -> dict:
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
    fields = _deadline_fields(_deadline_json(parse_deadline(text, roadmap.year, school_year=roadmap.school_year)))
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


@transaction.atomic
def item_update(*, item: Item, data: dict[str, str], user) -> Item:
    """Saves an edited item; its deadline is read again; on an approved roadmap every change is recorded."""
    roadmap = item.roadmap
    _require(user, "roadmap.change", roadmap)
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
    _require(user, "roadmap.change", roadmap)
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
        for field, value in _deadline_fields(_deadline_json(deadline)).items():
            setattr(item, field, value)
    Item.objects.bulk_update(items, ["start", "end", "recurrence", "periods", "deadline_warnings"])


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
    _require(user, "roadmap.change", roadmap)
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
def roadmap_approve(*, roadmap: Roadmap, order: Order, user) -> Roadmap:
    """Approves the roadmap by an order. Approving an approved roadmap again by the same order is
    refused; by a new order (the roadmap as amended) it is recorded in the history with the order
    it replaces. Whether an order that approves other documents too may be used is the user's
    confirmation, asked by ApprovalOrderForm(approving=…): one order may approve several roadmaps."""
    _require(user, "roadmap.approve", roadmap)
    if order.region_id != roadmap.campaign.region_id:
        raise ValidationError("Приказ издан в другом регионе.")
    stored = Roadmap.objects.select_for_update().select_related("order").get(pk=roadmap.pk)
    if stored.status == Roadmap.Status.APPROVED:
        if stored.order_id == order.pk:
            raise ValidationError(f"Дорожная карта уже утверждена этим приказом ({order}).")
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
    _require(user, "roadmap.change", roadmap)
    _require(
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
        deadline = _deadline_json(parse_deadline(text, copy.year, school_year=copy.school_year))
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
                **_deadline_fields(deadline),
            )
        )
    Item.objects.bulk_create(items)
    link_executors(copy, items)
    for indicator in roadmap.target_indicators.all():
        indicator.pk, indicator.roadmap = None, copy
        indicator.save()
    return copy


@transaction.atomic
def report_create(
    *, item: Item, stage: MonitoringStage, status: str, comment: str = "", evidence=None, link: str = "", user
) -> ItemReport:
    """A new report for the item and stage; the previous one stays as history."""
    _require(user, "item.report", item)
    if stage.campaign_id != item.roadmap.campaign_id:
        raise ValidationError("Этап мониторинга относится к другой кампании.")
    if status != ItemReport.Status.DONE and not comment.strip():
        raise ValidationError({"comment": "Поясните, что не выполнено и почему."})
    ItemReport.objects.filter(item=item, stage=stage, is_current=True).update(is_current=False)
    report = ItemReport(item=item, stage=stage, status=status, comment=comment.strip(), link=link, by=user)
    if evidence:
        report.evidence, report.evidence_name = evidence, evidence.name[:255]
    report.full_clean(exclude=["by"])
    report.save()
    return report


def roadmap_stats(roadmap_ids: list[int], on: date) -> dict[int, tuple[int, int, int]]:
    """roadmap id → (items, done, overdue), in one grouped query for a page of roadmaps."""
    rows = (
        Item.objects.filter(roadmap_id__in=roadmap_ids)
        .with_done()
        .values("roadmap_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(is_done=True)),
            overdue=Count("pk", filter=Q(end__lt=on, is_done=False)),
        )
    )
    return {r["roadmap_id"]: (r["total"], r["done"], r["overdue"]) for r in rows}


def municipality_shares(user, campaign: Campaign, on: date) -> list[dict]:
    """Per municipality of the region the user sees: items of its municipal and school roadmaps,
    done and overdue. Municipalities without a municipal roadmap are listed too (with
    `has_roadmap` false): they are the ones to chase."""
    rows = (
        Item.objects.for_user(user)
        .filter(roadmap__campaign=campaign)
        .exclude(roadmap__level="region")
        .with_done()
        .annotate(place=Coalesce("roadmap__municipality_id", "roadmap__school__municipality_id"))
        .values("place")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(is_done=True)),
            overdue=Count("pk", filter=Q(end__lt=on, is_done=False)),
        )
    )
    counts = {r["place"]: r for r in rows}
    with_roadmap = set(
        Roadmap.objects.for_user(user)
        .filter(campaign=campaign, level=Roadmap.Level.MUNICIPALITY)
        .values_list("municipality_id", flat=True)
    )
    shares = []
    for municipality in Municipality.objects.for_user(user).filter(region_id=campaign.region_id).order_by("name"):
        row = counts.get(municipality.pk, {"total": 0, "done": 0, "overdue": 0})
        shares.append(
            {
                "municipality": municipality,
                "municipality_name": municipality.name,
                "has_roadmap": municipality.pk in with_roadmap,
                "total": row["total"],
                "done": row["done"],
                "overdue": row["overdue"],
                "share": round(row["done"] * 100 / row["total"]) if row["total"] else 0,
            }
        )
    return shares


def today() -> date:
    return timezone.localdate()


def my_items(user, action: str | None = None):
    """Items naming this user: by their name, or by a role they hold — in the roadmaps of the
    places they hold it for, and in the region's roadmap («муниципальные координаторы», «кураторы»).
    Given an action («item.report»), only those on which the user may do it."""
    scope = scope_of(user)
    # A subquery rather than a join: no duplicate rows, so no DISTINCT over the region's items.
    named_people = Item.executor_people.through.objects.filter(person_id=user.person_id).values("item_id")
    mine = Q(pk__in=named_people) if user.person_id else Q(pk__in=[])
    regional = Q(roadmap__level="region", roadmap__campaign__region_id__in=scope.visible_region_ids)

    def named(role: str) -> Q:
        return Q(executor_roles__contains=f",{role},")

    for role in ("regional_coordinator", "regional_operator"):
        mine |= named(role) & Q(roadmap__campaign__region_id__in=scope.places(role, "region"))
    if "municipal_coordinator" in scope.roles:
        mine |= named("municipal_coordinator") & (
            Q(roadmap__municipality_id__in=scope.places("municipal_coordinator", "municipality")) | regional
        )
    for role in ("curator", "school_team"):
        if role in scope.roles:
            mine |= named(role) & (
                Q(roadmap__school_id__in=scope.places(role, "school"))
                | Q(roadmap__municipality_id__in=scope.visible_municipality_ids)
                | regional
            )
    return Item.objects.for_user(user, action).filter(mine)


def reporters(roadmap: Roadmap) -> str:
    """Who reports on this roadmap's items, in words: the holders of «item.report» nearest to it
    («муниципальный координатор (Северный район)»), for the items a user sees but does not report on."""
    applicable = [
        g for g in rule("item.report").grants if any(_follow(roadmap, lookup) is not None for lookup in g.lookups)
    ]
    if not applicable:
        return ""
    nearest = max(applicable, key=lambda g: LEVELS.index(g.level))
    labels = role_labels()
    who = " или ".join(labels.get(role, role).lower() for role in nearest.roles)
    return who if nearest.level == "region" else f"{who} ({roadmap.owner_name})"


def _follow(obj, path: str):
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj
