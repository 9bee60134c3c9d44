"""Results and lists added to the shared test world (tests/conftest.py)."""

import polars as pl
from django.core.files.base import ContentFile

from opora.assessment.models import Identification, ResultsUpload
from opora.assessment.rules import RuleParams
from opora.assessment.services import identification_approve, identification_run, store_results
from tests.factories import CampaignFactory


def results_frame(rows: list[tuple]) -> pl.DataFrame:
    """rows: (school_id, year, procedure, participants, low_count)."""
    return pl.DataFrame(
        [(*r, round(r[4] * 100 / r[3], 2), None) for r in rows],
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


def add_lists(world) -> None:
    """School A and B are listed (A by two procedures, B two years running); C is in the risk zone."""
    a, b, c = world.school_a.pk, world.school_b.pk, world.school_c.pk
    store_results(
        results_frame(
            [
                (a, 2025, "vpr5_ru", 20, 8),
                (a, 2025, "oge_ma", 10, 3),
                (a, 2024, "vpr5_ru", 20, 1),
                (b, 2024, "oge_ma", 12, 5),
                (b, 2025, "oge_ma", 12, 4),
                (b, 2025, "vpr5_ma", 12, 1),
                (c, 2025, "vpr5_ru", 30, 9),
                (c, 2025, "vpr5_ma", 30, 1),
            ]
        ),
        upload_id=None,
    )
    operator = world.users["operator"]
    world.approved = identification_run(campaign=world.campaign, year=2025, params=RuleParams(), user=operator)
    identification_approve(identification=world.approved, order=world.order, user=operator)
    world.draft = identification_run(campaign=world.campaign, year=2025, params=RuleParams(), user=operator)
    world.draft_row_a = world.draft.schools.get(school=world.school_a)
    world.other_campaign = CampaignFactory(region=world.other_region, year=2026)
    world.results_upload = ResultsUpload.objects.create(
        campaign=world.campaign, file=ContentFile(b"x", name="results.csv"), original_name="results.csv"
    )
    assert Identification.objects.count() == 2
