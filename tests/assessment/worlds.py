"""Results and lists added to the shared test world (tests/conftest.py)."""

import polars as pl
from django.core.files.base import ContentFile

from opora.assessment.models import Identification, ResultsUpload
from opora.assessment.rules import RuleParams
from opora.assessment.services import identification_approve, identification_run, store_results
from tests.factories import CampaignFactory, OrderFactory


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
    """School A and B are listed (A by two procedures, B two years running); C is in the risk zone.
    `approved` is approved by `list_order`; `draft` is the same run, not yet approved."""
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
    # Its own order: an order approves one list (world.order appoints people and approves roadmaps).
    world.list_order = OrderFactory(
        issuer=world.order.issuer, number="27-р", title="Об утверждении перечня ШНОР", date=world.order.date
    )
    world.approved = identification_run(campaign=world.campaign, year=2025, params=RuleParams(), user=operator)
    identification_approve(identification=world.approved, order=world.list_order, user=operator)
    world.draft = identification_run(campaign=world.campaign, year=2025, params=RuleParams(), user=operator)
    world.draft_row_a = world.draft.schools.get(school=world.school_a)
    world.other_campaign = CampaignFactory(region=world.other_region, year=2026)
    world.results_upload = ResultsUpload.objects.create(
        campaign=world.campaign,
        file=ContentFile(b"x", name="results.csv"),
        original_name="results.csv",
        status=ResultsUpload.Status.ACCEPTED,
    )
    assert Identification.objects.count() == 2


def add_other_region_lists(world) -> None:
    """Region R2's own lists, for tests that nothing of it shows to us (and nothing of ours to it):
    a campaign later than ours (2027), results of its school, a list approved by its own order with
    that school on it, a draft, a results upload. Call after `add_lists` (it counts the lists)."""
    # Imported here: this helper is an addition others' edits of the imports above need not meet.
    from tests.factories import OrganisationFactory

    operator = world.users["operator_r2"]
    world.other_current = getattr(world, "other_current", None) or CampaignFactory(region=world.other_region, year=2027)
    school = world.school_other_region.pk
    store_results(results_frame([(school, 2025, "vpr5_ru", 20, 9), (school, 2025, "oge_ma", 10, 4)]), upload_id=None)
    ministry = OrganisationFactory(region=world.other_region, name="Министерство просвещения Чужой области")
    world.other_list_order = OrderFactory(issuer=ministry, number="77-р", title="Об утверждении перечня Чужой области")
    params = RuleParams()
    world.other_approved = identification_run(campaign=world.other_current, year=2025, params=params, user=operator)
    identification_approve(identification=world.other_approved, order=world.other_list_order, user=operator)
    world.other_draft = identification_run(campaign=world.other_current, year=2025, params=params, user=operator)
    world.other_results_upload = ResultsUpload.objects.create(
        campaign=world.other_current,
        file=ContentFile(b"x", name="results-r2.csv"),
        original_name="results-r2.csv",
        status=ResultsUpload.Status.ACCEPTED,
    )
