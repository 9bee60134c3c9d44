import datetime

from opora.monitoring.models import MonitoringSettings, Visit, VisitStatus
from opora.monitoring.selectors import (
    curators_of,
    gap_flags,
    last_visit_dates,
    open_recommendations,
    visit_norm_days,
    visits_for_school,
)
from tests.monitoring.worlds import TODAY, add_visits


def test_last_visit_dates_count_held_visits_only(world):
    add_visits(world)
    dates = last_visit_dates([world.school_a.pk, world.school_b.pk, world.school_c.pk], world.campaign)
    assert dates == {
        world.school_a.pk: TODAY - datetime.timedelta(days=10),
        world.school_b.pk: TODAY - datetime.timedelta(days=40),
        world.school_c.pk: None,
    }


def test_the_norm_is_28_days_unless_the_campaign_sets_its_own(world):
    assert visit_norm_days(world.campaign) == 28
    MonitoringSettings.objects.create(campaign=world.campaign, visit_norm_days=21)
    assert visit_norm_days(world.campaign) == 21


def test_a_school_is_flagged_when_the_gap_exceeds_the_norm(world, django_assert_max_num_queries):
    add_visits(world)
    ids = [world.school_a.pk, world.school_b.pk, world.school_c.pk]
    with django_assert_max_num_queries(3):
        flags = gap_flags(ids, world.campaign, TODAY)
    # A: 10 days; B: 40 days; C: no curator, so not flagged here.
    assert flags == {world.school_b.pk: 40}
    MonitoringSettings.objects.create(campaign=world.campaign, visit_norm_days=7)
    assert gap_flags(ids, world.campaign, TODAY) == {world.school_a.pk: 10, world.school_b.pk: 40}


def test_a_school_never_visited_counts_from_the_day_its_curator_was_assigned(world):
    # curator_a is assigned since 2020-01-01 (tests/factories.assign); no visit held at school A.
    flags = gap_flags([world.school_a.pk], world.campaign, TODAY)
    assert flags == {world.school_a.pk: (TODAY - datetime.date(2020, 1, 1)).days}


def test_a_cancelled_or_planned_visit_does_not_close_the_gap(world):
    add_visits(world)
    Visit.objects.create(
        school=world.school_b,
        campaign=world.campaign,
        curator=world.curator_b.person,
        status=VisitStatus.CANCELLED,
        planned_on=TODAY,
    )
    assert gap_flags([world.school_b.pk], world.campaign, TODAY) == {world.school_b.pk: 40}


def test_visits_for_school_bring_their_recommendations(world, django_assert_max_num_queries):
    add_visits(world)
    with django_assert_max_num_queries(5):
        visits = visits_for_school(world.school_a, world.campaign)
        texts = [r.text for v in visits for r in v.recommendations.all()]
        [list(v.attachments.all()) + list(v.participants.all()) for v in visits]
    assert [v.pk for v in visits] == [world.visit_a.pk]  # the planned visit is not there
    assert texts == ["Ввести разноуровневые задания", "Провести педсовет"]
    assert visits_for_school(world.school_a, world.campaign, since=TODAY) == []


def test_open_recommendations_leave_out_confirmed_ones_and_other_schools(world):
    add_visits(world)
    world.rec_a_done.status = "confirmed"
    world.rec_a_done.save()
    assert list(open_recommendations([world.school_a.pk], world.campaign)) == [world.rec_a]


def test_curators_of_schools(world):
    add_visits(world)
    found = curators_of([world.school_a.pk, world.school_b.pk, world.school_c.pk], TODAY)
    assert found == {world.school_a.pk: [world.users["curator_a"].person], world.school_b.pk: [world.curator_b.person]}
