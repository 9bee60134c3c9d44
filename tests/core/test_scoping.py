import datetime

import pytest
from django.urls import reverse

from opora.accounts.models import Role
from opora.core.scoping import scope_of
from opora.registry.models import Municipality, Person, Region, School
from tests.factories import SchoolFactory, UserFactory, assign


def test_municipal_coordinator_sees_only_their_municipality_schools(world, client_as):
    response = client_as(world.users["municipal"]).get(reverse("registry:schools"))
    shown = {school.fis_oko_login for school in response.context["page"]}
    assert shown == {"sch420001", "sch420003"}


def test_director_sees_only_their_school_even_in_their_municipality_page(world, client_as):
    response = client_as(world.users["director_a"]).get(reverse("registry:municipality", args=[world.m.pk]))
    assert [s.fis_oko_login for s in response.context["page"]] == ["sch420001"]


def test_expired_assignment_gives_no_access(world, client_as):
    user = UserFactory(person__region=world.region)
    assign(
        user,
        Role.MUNICIPAL_COORDINATOR,
        region=world.region,
        municipality=world.m,
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2021, 12, 31),
    )
    assert scope_of(user).is_empty
    assert client_as(user).get(reverse("registry:school", args=[world.school_a.pk])).status_code == 404


def test_regional_roles_see_the_whole_region_but_not_another(world):
    expert = world.users["expert"]
    assert set(School.objects.for_user(expert)) == {world.school_a, world.school_b, world.school_c}
    assert list(Region.objects.for_user(expert)) == [world.region]


def test_curator_sees_their_school_municipality_but_no_other_staff(world):
    curator = world.users["curator_a"]
    assert list(Municipality.objects.for_user(curator)) == [world.m]
    stranger = Person.objects.create(
        region=world.region, last_name="Чужой", first_name="Учитель", school=world.school_c
    )
    assert stranger not in Person.objects.for_user(curator)
    assert stranger in Person.objects.for_user(world.users["municipal"])


def test_superuser_sees_everything(world):
    admin = UserFactory(is_superuser=True, person=None)
    assert School.objects.for_user(admin).count() == 4


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not School.objects.for_user(AnonymousUser()).exists()


@pytest.mark.parametrize("url_name", ["registry:schools", "home:home"])
def test_pages_run_the_same_number_of_queries_for_many_schools(
    world, client_as, url_name, django_assert_max_num_queries
):
    client = client_as(world.users["operator"])
    client.get(reverse(url_name))  # warm up the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse(url_name))
    SchoolFactory.create_batch(120, municipality=world.m)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(url_name)).status_code == 200


def test_school_card_queries_are_bounded(world, client_as, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(world.users["operator"])
    url = reverse("registry:school", args=[world.school_a.pk])
    client.get(url)  # the first visit of a campaign creates its monitoring stages
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(15):
        user = UserFactory(person__region=world.region, person__school=world.school_a)
        assign(user, Role.SCHOOL_TEAM, region=world.region, schools=[world.school_a], order=world.order)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    team = response.context["card"].team
    assert len(team.current) + len(team.past) == 17
