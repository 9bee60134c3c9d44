"""Demo results for three years and the approved lists of two campaigns, so that the list page
shows markers, criteria, a risk zone and the dynamics (entered / stayed / left)."""

from __future__ import annotations

import datetime
import random

import polars as pl

from opora.accounts.models import Assignment, Role, User
from opora.core.russian import counted
from opora.registry.models import Campaign, Order, Organisation, Region

from .models import Identification
from .rules import RuleParams
from .services import identification_approve, identification_run, store_results

PROCEDURES = ["vpr5_ru", "vpr5_ma", "vpr6_ru", "vpr6_ma", "oge_ru", "oge_ma", "ege_ru", "ege_ma"]
YEARS = [2023, 2024, 2025]


def load(region: Region, out) -> None:
    campaign = Campaign.objects.get(region=region, year=2026)
    previous, _ = Campaign.objects.get_or_create(
        region=region, year=2025, defaults={"title": "Адресная методическая помощь ШНОР — 2025"}
    )
    if Identification.objects.filter(campaign=campaign).exists():
        return
    _results(region)
    operator = User.objects.get(email="operator@demo.opora.ru")
    ministry = region.organisations.get(kind=Organisation.Kind.MINISTRY)
    for year_campaign, n, number, day in (
        (previous, 2024, "31-р", datetime.date(2025, 1, 28)),
        (campaign, 2025, "27-р", datetime.date(2026, 1, 26)),
    ):
        run = identification_run(campaign=year_campaign, year=n, params=RuleParams(), user=operator)
        order, _ = Order.objects.get_or_create(
            issuer=ministry,
            number=number,
            date=day,
            defaults={
                "region": region,
                "title": "Об утверждении перечня общеобразовательных организаций, "
                "имеющих низкие образовательные результаты обучающихся",
            },
        )
        identification_approve(identification=run, order=order, user=operator)
        out.write(
            f"Перечень ШНОР {year_campaign.year}: {counted(run.schools.on_list().count(), 'школа', 'школы', 'школ')}, "
            f"в зоне риска {run.schools.in_risk_zone().count()}."
        )


def _results(region: Region) -> None:
    rng = random.Random(500)
    rows = []
    schools = list(region.municipalities.values_list("schools__pk", "schools__kind", "schools__is_rural"))
    # The schools the registry demo gave curators are the weak ones, plus a few the list will catch anew.
    supported = set(Assignment.objects.filter(region=region, role=Role.SCHOOL_TEAM).values_list("schools", flat=True))
    weak = supported | {pk for pk, _kind, rural in schools if pk and rng.random() < (0.04 if rural else 0.015)}
    for pk, kind, rural in schools:
        if pk is None:
            continue
        for year in YEARS:
            # Some weak schools improve, some others slip: the list changes between years.
            struggling = (pk in weak and rng.random() < 0.85) or rng.random() < 0.01
            for code in PROCEDURES:
                if code.startswith("ege") and kind == "oosh":
                    continue
                participants = rng.randint(6, 18) if rural else rng.randint(25, 110)
                if code.startswith("ege"):
                    participants = max(3, participants // 3)
                base = rng.uniform(0.18, 0.55) if struggling and rng.random() < 0.6 else rng.uniform(0.0, 0.21)
                low = min(participants, round(participants * base))
                rows.append(
                    (
                        pk,
                        year,
                        code,
                        participants,
                        low,
                        round(low * 100 / participants, 2),
                        round(rng.uniform(2, 30), 2),
                    )
                )
    frame = pl.DataFrame(
        rows,
        schema={
            "school_id": pl.Int64,
            "year": pl.Int64,
            "procedure": pl.String,
            "participants": pl.Int64,
            "low_count": pl.Int64,
            "low_share": pl.Float64,
            "high_share": pl.Float64,
        },
        orient="row",
    )
    store_results(frame, upload_id=None)
