"""Each seeded indicator on the small world of tests/indicators/worlds.py, with its value worked
out by hand (the reasoning is in each test), for the region and, where it differs, a municipality."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from opora.indicators.compute import Place, evaluate
from opora.indicators.library import LIBRARY, ensure_library

from .worlds import build


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 9, 1, 10, 0), tick=False):
        yield


@pytest.fixture
def small(world):
    extra = build(world)
    extra.by_code = {i.code: i for i in ensure_library(world.campaign)}
    return extra


def value(small, code, place=None):
    figure = evaluate(small.by_code[code], place or Place())
    return figure.numerator, figure.denominator, figure.value


def test_the_library_is_seeded_once_per_campaign(world):
    first = ensure_library(world.campaign)
    again = ensure_library(world.campaign)
    assert len(first) == len(again) == len(LIBRARY) == 13
    assert first[0].title == "Доля ШНОР, в которых назначены кураторы"


def test_curators(small, world):
    # Listed A, B, D; curators hold A (curator_a) and D → 2 of 3. In M only A is listed → 1 of 1.
    assert value(small, "curators") == (2, 3, 66.7)
    assert value(small, "curators", Place(world.m.pk)) == (1, 1, 100.0)
    assert value(small, "curators", Place(world.m2.pk)) == (1, 2, 50.0)


def test_visited_in_the_stage_period(small):
    # Stage 2 period: 16 Aug – 15 Dec. A held on 20 Aug (in), B on 10 Aug (before), D only planned.
    assert value(small, "visited") == (1, 3, 33.3)


def test_concept_approved(small):
    # A and B approved, D's on review.
    assert value(small, "concept") == (2, 3, 66.7)


def test_all_required_documents_approved(small):
    # A: concept, midterm and the programme of its factor; B lacks the programme; D lacks all.
    assert value(small, "documents") == (1, 3, 33.3)


def test_verified_profiles(small):
    assert value(small, "profiles") == (1, 3, 33.3)


def test_municipal_roadmaps(small):
    # Municipalities with listed schools: M (A) and M2 (B, D); only M's roadmap is approved.
    assert value(small, "municipal_roadmaps") == (1, 2, 50.0)


def test_items_done(small):
    # Approved roadmaps only (M's); due by 15 Dec: items 1, 2, 3; done: item 1 (item 3 is partly).
    assert value(small, "items_done") == (1, 3, 33.3)


def test_items_overdue(small, world):
    # On 1 Sep: item 2 (due 1 Jun, no report) only; item 1 is done, item 3 is due 1 Dec; M2's is a draft.
    assert value(small, "items_overdue") == (1, None, 1.0)
    assert value(small, "items_overdue", Place(world.m2.pk)) == (0, None, 0.0)


def test_webinars(small):
    # Webinar 1 (10 Mar) held; webinar 2 (20 Sep) is still to come; the seminar is another kind.
    assert value(small, "webinars") == (1, None, 1.0)


def test_selector_meeting_share_of_municipal_coordinators(small, world):
    # Municipal coordinators: of M and of M2; the meeting on 25 Aug was attended by M's (and a
    # curator, who is not counted) → 1 of 2. In M2 → 0 of 1.
    assert value(small, "selector_meetings") == (1, 2, 50.0)
    assert value(small, "selector_meetings", Place(world.m2.pk)) == (0, 1, 0.0)


def test_survey_response_rate(small):
    # The wave asks school teams: A's and B's directors; A's answered.
    assert value(small, "survey") == (1, 2, 50.0)


def test_schools_that_left_the_list(small, world):
    # 2025: A and C; 2026: A, B, D → C left.
    assert value(small, "left_list") == (1, None, 1.0)
    assert value(small, "left_list", Place(world.m2.pk)) == (0, None, 0.0)


def test_share_of_low_results_fell(small):
    # A: 10/40 → 5/40 fell; B: 4/12 → 6/12 rose; D has no 2025 results → 1 of 3.
    assert value(small, "low_share_fell") == (1, 3, 33.3)
