"""Execution: reports on items, the figures of done and overdue, «my items» and who reports."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from opora.core.access import role_labels, rule
from opora.core.filetypes import DOCUMENT_KINDS, UnsafeFile, require_kind
from opora.core.scoping import LEVELS, scope_of
from opora.registry.models import Campaign, Municipality

from ..models import Item, ItemReport, MonitoringStage, Roadmap
from .permission import require_unless_system


@transaction.atomic
def report_create(
    *, item: Item, stage: MonitoringStage, status: str, comment: str = "", evidence=None, link: str = "", user
) -> ItemReport:
    """A new report for the item and stage; the previous one stays as history. Evidence is
    accepted by what the file is (a document or a picture: DOCUMENT_KINDS), not by its name."""
    require_unless_system(user, "item.report", item)
    if stage.campaign_id != item.roadmap.campaign_id:
        raise ValidationError("Этап мониторинга относится к другой кампании.")
    if status != ItemReport.Status.DONE and not comment.strip():
        raise ValidationError({"comment": "Поясните, что не выполнено и почему."})
    if evidence:
        try:
            require_kind(evidence, PurePath(evidence.name).name, DOCUMENT_KINDS)
        except UnsafeFile as error:
            raise ValidationError({"evidence": str(error)}) from error
    # Two reports at the same moment: the second waits for the first on the item's row, then
    # supersedes it (the database allows one current report per item and stage).
    list(Item.objects.select_for_update().filter(pk=item.pk).order_by().values_list("pk", flat=True))
    ItemReport.objects.filter(item=item, stage=stage, is_current=True).update(is_current=False)
    report = ItemReport(item=item, stage=stage, status=status, comment=comment.strip(), link=link, by=user)
    if evidence:
        report.evidence, report.evidence_name = evidence, PurePath(evidence.name).name[:255]
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


def municipality_shares(campaign: Campaign, on: date) -> list[dict]:
    """Per municipality of the campaign's region: items of its municipal and school roadmaps, done
    and overdue. Municipalities without a municipal roadmap are listed too (with `has_roadmap`
    false): they are the ones to chase. For those who see the whole region (the caller checks)."""
    rows = (
        Item.objects.filter(roadmap__campaign=campaign)
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
        Roadmap.objects.filter(campaign=campaign, level=Roadmap.Level.MUNICIPALITY).values_list(
            "municipality_id", flat=True
        )
    )
    shares = []
    for municipality in Municipality.objects.filter(region_id=campaign.region_id).order_by("name"):
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
