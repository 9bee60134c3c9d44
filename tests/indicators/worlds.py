"""A small world for the indicators, over the shared test world (tests/conftest.py), built on a
frozen day (TODAY, 1 September 2026: stage 1 was due 15 August, stage 2 is due 15 December).

Listed in 2026: A (M), B and D (M2); C (M) was listed in 2025 and left. The numbers each seeded
indicator should give are worked out by hand in tests/indicators/test_library.py."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from opora.accounts.models import Assignment, Role
from opora.assessment.models import Identification, ListedSchool, SchoolResult
from opora.diagnostics.models import ActivatedFactor, RiskFactor, RiskProfile
from opora.monitoring.models import Attendance, Event, EventKind, Visit
from opora.programs.models import DocumentKind, SchoolDocument
from opora.roadmaps.models import Item, ItemReport, MonitoringStage, Roadmap
from opora.surveys.models import Participation, Wave
from opora.surveys.services import form_default
from tests.factories import CampaignFactory, SchoolFactory, UserFactory, assign

TODAY = datetime.date(2026, 9, 1)
JAN = datetime.date(2026, 1, 1)


def d(month: int, day: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, day)


def listed(campaign, schools, year) -> Identification:
    ident = Identification.objects.create(campaign=campaign, year=year, status=Identification.Status.APPROVED)
    ListedSchool.objects.bulk_create([ListedSchool(identification=ident, school=s, rule_listed=True) for s in schools])
    return ident


def build(world) -> SimpleNamespace:
    w = world
    # Everyone of the shared world holds their role since January.
    Assignment.objects.update(valid_from=JAN)
    school_d = SchoolFactory(municipality=w.m2, short_name="МБОУ «СОШ № 4»", fis_oko_login="sch420004")
    previous = CampaignFactory(region=w.region, year=2025)
    listed(previous, [w.school_a, w.school_c], 2024)
    listed(w.campaign, [w.school_a, w.school_b, school_d], 2025)
    stages = MonitoringStage.for_campaign(w.campaign)

    # Curators: A (the shared curator) and D.
    curator_d = UserFactory(email="curator.d@example.ru", person__region=w.region)
    assign(curator_d, Role.CURATOR, region=w.region, campaign=w.campaign, schools=[school_d], valid_from=JAN)
    # A second municipal coordinator, of M2.
    municipal_m2 = UserFactory(email="municipal.m2@example.ru", person__region=w.region)
    assign(municipal_m2, Role.MUNICIPAL_COORDINATOR, region=w.region, municipality=w.m2, valid_from=JAN)

    # Visits: A held in the stage's period, B held before it, D only planned.
    curator = w.users["curator_a"].person
    Visit.objects.create(school=w.school_a, campaign=w.campaign, curator=curator, status="held",
                         planned_on=d(8, 20), held_on=d(8, 20))  # fmt: skip
    Visit.objects.create(school=w.school_b, campaign=w.campaign, curator=curator, status="held",
                         planned_on=d(8, 10), held_on=d(8, 10))  # fmt: skip
    Visit.objects.create(school=school_d, campaign=w.campaign, curator=curator_d.person, planned_on=d(8, 25))

    # Documents: A has concept, midterm and the anti-risk programme of its factor approved; B has
    # concept and midterm approved but no programme for its activated factor; D's concept is on review.
    kinds = {k.code: k for k in DocumentKind.for_campaign(w.campaign)}
    factor = RiskFactor.objects.create(campaign=w.campaign, code="f07", name="Низкая учебная мотивация", position=7)

    def doc(school, code, status, factor_=None):
        SchoolDocument.objects.create(
            school=school, campaign=w.campaign, kind=kinds[code], status=status, factor=factor_
        )

    for school in (w.school_a, w.school_b):
        doc(school, "concept", "approved")
        doc(school, "midterm", "approved")
    doc(w.school_a, "antirisk", "approved", factor)
    doc(school_d, "concept", "submitted")
    profile_a = RiskProfile.objects.create(school=w.school_a, campaign=w.campaign, state="verified")
    profile_b = RiskProfile.objects.create(school=w.school_b, campaign=w.campaign)
    for profile in (profile_a, profile_b):
        ActivatedFactor.objects.create(
            profile=profile, factor=factor, confirmed_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
        )

    # Roadmaps: M's is approved with four items, M2's is a draft.
    road_m = Roadmap.objects.create(campaign=w.campaign, level="municipality", municipality=w.m,
                                    title="ДК Северного района", year=2026, status="approved")  # fmt: skip
    road_m2 = Roadmap.objects.create(campaign=w.campaign, level="municipality", municipality=w.m2,
                                     title="ДК Южного района", year=2026)  # fmt: skip

    def item(roadmap, n, end, action):
        return Item.objects.create(roadmap=roadmap, position=n, number=str(n), action=action, end=end, start=JAN)

    i1 = item(road_m, 1, d(3, 1), "Назначить кураторов всем ШНОР")
    i2 = item(road_m, 2, d(6, 1), "Провести семинар для директоров")
    i3 = item(road_m, 3, d(12, 1), "Провести селекторное совещание")
    item(road_m, 4, d(2, 1, 2027), "Подвести итоги года")
    item(road_m2, 1, d(3, 1), "Черновик: не считается")
    ItemReport.objects.create(item=i1, stage=stages[0], status="done")
    ItemReport.objects.create(item=i3, stage=stages[0], status="partly")

    # Events: a webinar held, one still to come, a seminar; a selector meeting in the stage period.
    EventKind.objects.ensure_defaults()  # a browser test before this one may have flushed the migration's rows
    webinar = EventKind.objects.get(region=None, name="вебинар")
    seminar = EventKind.objects.get(region=None, name="семинар")
    selector = EventKind.objects.get(region=None, name="селекторное совещание")
    Event.objects.create(campaign=w.campaign, kind=webinar, title="Вебинар 1", starts_on=d(3, 10))
    Event.objects.create(campaign=w.campaign, kind=webinar, title="Вебинар 2", starts_on=d(9, 20))
    Event.objects.create(campaign=w.campaign, kind=seminar, title="Семинар", starts_on=d(4, 1), municipality=w.m)
    meeting = Event.objects.create(campaign=w.campaign, kind=selector, title="Селектор", starts_on=d(8, 25))
    Attendance.objects.create(event=meeting, person=w.users["municipal"].person, source="manual")
    Attendance.objects.create(event=meeting, person=curator, source="manual")

    # A survey of school teams: A's director answered, B's did not.
    wave = Wave.objects.create(campaign=w.campaign, form=form_default(w.campaign), title="Опрос 1",
                               opens_on=d(8, 1), closes_on=d(9, 30), roles=[Role.SCHOOL_TEAM])  # fmt: skip
    Participation.objects.create(wave=wave, person=w.users["director_a"].person, answered_on=d(8, 5))

    # Results: A's share of «2» fell (10/40 → 5/40), B's rose (4/12 → 6/12), D has only this year's.
    SchoolResult.objects.bulk_create(
        [
            SchoolResult(school=w.school_a, year=2025, procedure="vpr5_ru", participants=40, low_count=10),
            SchoolResult(school=w.school_a, year=2026, procedure="vpr5_ru", participants=40, low_count=5),
            SchoolResult(school=w.school_b, year=2025, procedure="oge_ma", participants=12, low_count=4),
            SchoolResult(school=w.school_b, year=2026, procedure="oge_ma", participants=12, low_count=6),
            SchoolResult(school=school_d, year=2026, procedure="oge_ma", participants=20, low_count=1),
        ]
    )
    return SimpleNamespace(school_d=school_d, road_m=road_m, items=(i1, i2, i3), wave=wave, stages=stages)
