"""Stage reports on top of the shared world: school B gets a curator of its own; A's report for the
first stage is a draft, B's is submitted. Probes of tests/test_access_rules.py make fresh ones."""

from __future__ import annotations

import re

from django.urls import reverse

from opora.accounts.models import Role
from opora.reports import services
from opora.reports.models import StageReport
from opora.roadmaps.models import MonitoringStage
from tests.factories import UserFactory, assign


def stages(world) -> list[MonitoringStage]:
    return MonitoringStage.for_campaign(world.campaign)


def curator_b(world):
    """A curator of school B (made once per world)."""
    if "curator_b" not in world.users:
        user = UserFactory(email="curator.b@example.ru", person__region=world.region, person__last_name="Борисова")
        assign(user, Role.CURATOR, region=world.region, campaign=world.campaign, schools=[world.school_b])
        world.users = {**world.users, "curator_b": user}
    return world.users["curator_b"]


def make_report(world, school: str, status: str = "draft", stage_number: int = 1) -> StageReport:
    """A report of school A (by curator_a) or B (by curator_b), a draft or submitted."""
    target = {"A": world.school_a, "B": world.school_b}[school]
    user = world.users["curator_a"] if school == "A" else curator_b(world)
    stage = stages(world)[stage_number - 1]
    report = services.report_save(
        user=user,
        school=target,
        stage=stage,
        notes={"note_visits": f"Визиты в школу {school} прошли по плану.", "conclusions": f"Выводы по школе {school}."},
        revision=None,
    )
    if status == "submitted":
        report = services.report_submit(user=user, report=report, revision=report.revision)
    return report


def reports_of(world):
    """Once per world: A's draft and B's submitted report for the first stage."""
    if not hasattr(world, "report_draft_a"):
        world.report_draft_a = make_report(world, "A")
        world.report_submitted_b = make_report(world, "B", "submitted")
    return world


# Probes of tests/test_access_rules.py: each request makes its own report, inside its own transaction.


def probe_report(world, school: str, status: str = "draft") -> StageReport:
    target = {"A": world.school_a, "B": world.school_b}[school]
    stage = stages(world)[0]
    return StageReport.objects.create(
        school=target, campaign=world.campaign, stage=stage, status=status, conclusions="Выводы куратора."
    )


def write_of(world, school: str, status: str = "draft"):
    report = probe_report(world, school, status)
    return reverse("reports:write", args=[report.school_id, report.stage_id]), {
        "revision": report.revision,
        "conclusions": "Новые выводы.",
    }


def submit_of(world, school: str):
    report = probe_report(world, school)
    return reverse("reports:submit", args=[report.pk]), {"revision": report.revision}


def reopen_of(world, school: str, status: str = "submitted"):
    report = probe_report(world, school, status)
    return reverse("reports:reopen", args=[report.pk]), {"reason": "Нет сведений о визитах за июль."}


def opened_report(response) -> bool:
    return response.status_code == 302 and bool(
        re.fullmatch(r"/reports/(\d+/|school/\d+/stage/\d+/)", response["Location"])
    )
