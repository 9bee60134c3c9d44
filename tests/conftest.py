"""Personas shared by all tests (see STYLE.md): the regional operator, the regional coordinator,
the municipal coordinator of M, the curator of school A, the director of school A, the director of
school B, an expert, an observer of the region, an observer of municipality M2, the operator of
someone else's region R2 (`operator_r2`), and an anonymous visitor. A and C are in municipality M,
B in M2; R2 has one school of its own. The data of R2 (its campaign, lists, roadmaps) is added by
`add_other_region_lists` and `add_other_region_roadmaps` (tests/assessment|roadmaps/worlds.py)."""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from opora.accounts.models import Role

from .factories import (
    CampaignFactory,
    MunicipalityFactory,
    OrderFactory,
    OrganisationFactory,
    RegionFactory,
    SchoolFactory,
    UserFactory,
    assign,
)

REQUIRE_ALL = os.environ.get("OPORA_REQUIRE_ALL") == "1"


def missing(what: str) -> None:
    """Skip a test for lack of a system component — or fail when CI requires everything."""
    if REQUIRE_ALL:
        pytest.fail(f"{what} (OPORA_REQUIRE_ALL=1: пропуск запрещён)")
    pytest.skip(what)


@dataclass
class World:
    region: object
    other_region: object
    m: object
    m2: object
    school_a: object
    school_b: object
    school_c: object
    school_other_region: object
    campaign: object
    order: object
    municipal_order_m2: object
    users: dict


PERSONAS = [
    "operator",
    "coordinator",
    "municipal",
    "curator_a",
    "director_a",
    "director_b",
    "expert",
    "observer",
    "observer_m2",
    "operator_r2",
    "anonymous",
]


@pytest.fixture
def world(db) -> World:
    region = RegionFactory(name="Тестовая область")
    other_region = RegionFactory(name="Чужая область", timezone="Asia/Vladivostok")
    m = MunicipalityFactory(region=region, name="Северный район")
    m2 = MunicipalityFactory(region=region, name="Южный район")
    school_a = SchoolFactory(municipality=m, short_name="МБОУ «СОШ № 1»", fis_oko_login="sch420001")
    school_b = SchoolFactory(
        municipality=m2,
        short_name="МКОУ «ООШ с. Тохтор»",
        fis_oko_login="sch420002",
        is_rural=True,
        kind="oosh",
    )
    school_c = SchoolFactory(municipality=m, short_name="МБОУ «СОШ № 3»", fis_oko_login="sch420003")
    school_other = SchoolFactory(
        municipality=MunicipalityFactory(region=other_region, name="Чужой район"),
        short_name="МБОУ «Чужая СОШ»",
        fis_oko_login="sch770001",
    )
    campaign = CampaignFactory(region=region, year=2026)
    ministry = OrganisationFactory(region=region, name="Министерство образования Тестовой области")
    order = OrderFactory(issuer=ministry, number="112-р", title="О назначении кураторов")
    m2_authority = OrganisationFactory(
        region=region,
        municipality=m2,
        kind="municipal_authority",
        name="Управление образования Южного района",
    )
    municipal_order_m2 = OrderFactory(issuer=m2_authority, number="45", title="О рабочей группе Южного района")

    def persona(email, role, **scope):
        user = UserFactory(email=email, person__region=region)
        assign(user, role, region=region, campaign=campaign, order=order, **scope)
        return user

    def stranger(email, role):
        """Someone who works in region R2 only."""
        user = UserFactory(email=email, person__region=other_region)
        assign(user, role, region=other_region)
        return user

    users = {
        "operator": persona("operator@example.ru", Role.REGIONAL_OPERATOR),
        "municipal": persona("municipal@example.ru", Role.MUNICIPAL_COORDINATOR, municipality=m),
        "curator_a": persona("curator@example.ru", Role.CURATOR, schools=[school_a]),
        "director_a": persona("director.a@example.ru", Role.SCHOOL_TEAM, schools=[school_a]),
        "director_b": persona("director.b@example.ru", Role.SCHOOL_TEAM, schools=[school_b]),
        "expert": persona("expert@example.ru", Role.EXPERT),
        "coordinator": persona("coordinator@example.ru", Role.REGIONAL_COORDINATOR),
        "observer": persona("observer@example.ru", Role.OBSERVER),
        "observer_m2": persona("observer.m2@example.ru", Role.OBSERVER, municipality=m2),
        "operator_r2": stranger("operator@other.example.ru", Role.REGIONAL_OPERATOR),
        "anonymous": None,
    }
    return World(
        region,
        other_region,
        m,
        m2,
        school_a,
        school_b,
        school_c,
        school_other,
        campaign,
        order,
        municipal_order_m2,
        users,
    )


@pytest.fixture
def full_world(world, settings, tmp_path) -> World:
    """The world with everything in it, on both sides of the border: order files, our lists and
    roadmaps (tests/*/worlds.py), R2's campaign, lists, orders and roadmaps, a school import each."""
    from django.core.files.base import ContentFile

    from opora.registry.models import SchoolImport
    from tests.assessment.worlds import add_lists, add_other_region_lists
    from tests.roadmaps.worlds import add_other_region_roadmaps, add_roadmaps

    settings.MEDIA_ROOT = tmp_path
    world.order.file.save("prikaz-112.pdf", ContentFile(b"%PDF-1.4 test"))
    world.municipal_order_m2.file.save("prikaz-45.pdf", ContentFile(b"%PDF-1.4 test"))
    world.municipal_assignment = world.users["municipal"].person.assignments.get()
    add_lists(world)
    add_roadmaps(world)
    add_other_region_lists(world)
    add_other_region_roadmaps(world)
    world.other_order.file.save("prikaz-5.pdf", ContentFile(b"%PDF-1.4 test"))
    world.other_regional.source_file.save("karta-r2.docx", ContentFile(b"PK docx"))
    world.school_import = SchoolImport.objects.create(
        region=world.region, file=ContentFile(b"x", name="schools.csv"), original_name="schools.csv"
    )
    world.other_school_import = SchoolImport.objects.create(
        region=world.other_region,
        file=ContentFile(b"x", name="schools-r2.csv"),
        original_name="schools-r2.csv",
        uploaded_by=world.users["operator_r2"],
    )
    return world


@pytest.fixture
def client_as(client):
    """`client_as(user)` — a test client logged in as that user (or anonymous for None)."""

    def _login(user):
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        missing("Chromium не установлен (apt-get install chromium)")
    return path


SHARED_FISOKO = Path(__file__).resolve().parents[2] / "shared" / "data" / "fisoko"


@pytest.fixture
def postgres_only():
    """A test of what only PostgreSQL has (row locks, VACUUM, planner statistics): it runs in the
    PostgreSQL pass (python tests/postgres.py) and is deselected on SQLite (see below)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("проверяется на PostgreSQL (python tests/postgres.py)")


def pytest_collection_modifyitems(config, items):
    """On the PostgreSQL run (tests/postgres.py) only tests that touch the database are worth repeating.
    On SQLite, races that need row locks (the `postgres_only` fixture) are left to the PostgreSQL run:
    deselected, not skipped, so a run where nothing may skip still runs everything once."""
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    keep, drop = [], []
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if item.get_closest_marker("shared_data") and not SHARED_FISOKO.is_dir():
            # Real protocols are optional material beside the project (a clone stands alone): their
            # checks are left out, not skipped, when it is absent; built test files cover the rules.
            drop.append(item)
            continue
        if os.environ.get("OPORA_DB_ONLY") == "1":
            wanted = "django_db_setup" in fixtures and not item.get_closest_marker("browser")
        else:
            wanted = on_postgres or "postgres_only" not in fixtures
        (keep if wanted else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_report_header(config):
    from django.db import connection

    return f"база данных: {connection.vendor} ({connection.settings_dict['NAME']})"
