"""The curator's stage reports on the school (opora.reports): each monitoring stage of the campaign
with its report or its absence, and the reports of earlier campaigns."""

from __future__ import annotations

from dataclasses import dataclass, field

from opora.registry.models import Campaign, School
from opora.reports.models import StageReport
from opora.roadmaps.models import MonitoringStage


@dataclass
class StageRow:
    stage: MonitoringStage
    report: StageReport | None
    probe: StageReport  # what `{% can "report.write" %}` asks about


@dataclass
class Reports:
    stages: list[StageRow] = field(default_factory=list)
    earlier: list[StageReport] = field(default_factory=list)


def reports(user, school: School, campaign: Campaign | None) -> Reports:
    """Two queries: the school's reports the user may see (drafts are the curator's and the
    region's), the campaign's stages."""
    found = list(
        StageReport.objects.for_user(user)
        .filter(school=school)
        .select_related("stage", "campaign", "curator")
        .order_by("-campaign__year", "stage__number")
    )
    if campaign is None:
        return Reports(earlier=found)
    by_stage = {r.stage_id: r for r in found if r.campaign_id == campaign.pk}
    stages = MonitoringStage.objects.filter(campaign=campaign).order_by("number")
    return Reports(
        stages=[
            StageRow(stage, by_stage.get(stage.pk), StageReport(school=school, campaign=campaign, stage=stage))
            for stage in stages
        ],
        earlier=[r for r in found if r.campaign_id != campaign.pk],
    )
