"""Demo results for three years and the approved lists of two campaigns, so that the list page
shows markers, criteria, a risk zone and the dynamics (entered / stayed / left)."""

from __future__ import annotations

import datetime
import random
import zoneinfo

import polars as pl

from opora.accounts.models import Assignment, Role, User
from opora.core.russian import counted
from opora.registry import demo as registry_demo
from opora.registry.models import Campaign, Region

from .models import Identification, SchoolResult
from .rules import RuleParams
from .services import identification_approve, identification_run, store_results

PROCEDURES = ["vpr5_ru", "vpr5_ma", "vpr6_ru", "vpr6_ma", "oge_ru", "oge_ma", "ege_ru", "ege_ma"]
# Campaign N lists by the results of N-1 against N-2; the order approving it is dated in January N.
LIST_ORDERS = {0: ("27-р", 26), -1: ("31-р", 28)}  # campaign year offset: (number, day of January)


def load(region: Region, out) -> None:
    campaign = registry_demo.campaign_of(region)
    previous, _ = Campaign.objects.get_or_create(
        region=region,
        year=campaign.year - 1,
        defaults={"title": f"Адресная методическая помощь ШНОР — {campaign.year - 1}"},
    )
    _results(region, range(campaign.year - 3, campaign.year))
    operator = User.objects.get(email="operator@demo.opora.ru")
    zone = zoneinfo.ZoneInfo(region.timezone)
    for list_campaign in (previous, campaign):
        if Identification.objects.filter(campaign=list_campaign).exists():
            continue
        number, day = LIST_ORDERS[list_campaign.year - campaign.year]
        order = registry_demo.demo_order(
            region,
            number,
            registry_demo.dated(1, day, list_campaign.year),
            "Об утверждении перечня общеобразовательных организаций, "
            "имеющих низкие образовательные результаты обучающихся",
        )
        run = identification_run(
            campaign=list_campaign, year=list_campaign.year - 1, params=RuleParams(), user=operator
        )
        identification_approve(identification=run, order=order, user=operator)
        # The list is calculated a week and a half before the order that approves it.
        Identification.objects.filter(pk=run.pk).update(
            run_at=datetime.datetime.combine(order.date - datetime.timedelta(days=9), datetime.time(11), zone),
            approved_at=datetime.datetime.combine(order.date, datetime.time(15), zone),
        )
        out.write(
            f"Перечень ШНОР {list_campaign.year}: {counted(run.schools.on_list().count(), 'школа', 'школы', 'школ')}, "
            f"в зоне риска {run.schools.in_risk_zone().count()}."
        )


def _results(region: Region, years) -> None:
    """Results of the years the region has none for yet; each school's numbers depend only on the
    school and the year, so a demo loaded again next year adds a year and keeps the others."""
    stored = set(
        SchoolResult.objects.filter(school__municipality__region=region).values_list("year", flat=True).distinct()
    )
    years = [year for year in years if year not in stored]
    if not years:
        return
    rows = []
    schools = list(
        region.municipalities.filter(schools__isnull=False).values_list(
            "schools__pk", "schools__fis_oko_login", "schools__kind", "schools__is_rural"
        )
    )
    # The schools the registry demo gave curators are the weak ones, plus a few the list will catch anew.
    supported = set(Assignment.objects.filter(region=region, role=Role.SCHOOL_TEAM).values_list("schools", flat=True))
    weak = supported | {
        pk for pk, login, _kind, rural in schools if random.Random(login).random() < (0.04 if rural else 0.015)
    }
    for pk, login, kind, rural in schools:
        for year in years:
            rng = random.Random(f"{login}:{year}")
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
