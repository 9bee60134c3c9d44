import pytest
from django.core.management import call_command
from django.urls import reverse

from opora.accounts.models import Assignment, User
from opora.registry.demo import LOGINS, PASSWORD
from opora.registry.models import Municipality, School


@pytest.fixture
def demo(db):
    call_command("demo", stdout=open("/dev/null", "w"))


def test_demo_region_has_about_350_schools_in_12_municipalities(demo):
    assert Municipality.objects.filter(region__name="Демо-область").count() == 12
    assert 330 <= School.objects.count() <= 370
    assert School.objects.filter(fis_oko_login__regex=r"^sch\d{6}$").count() == School.objects.count()


def test_loading_the_demo_twice_changes_nothing(demo):
    counts = (School.objects.count(), Assignment.objects.count(), User.objects.count())
    call_command("demo", stdout=open("/dev/null", "w"))
    assert (School.objects.count(), Assignment.objects.count(), User.objects.count()) == counts


@pytest.mark.parametrize(("email", "label"), LOGINS)
def test_every_demo_login_lands_on_its_own_home_page(demo, client, email, label):
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Здравствуйте" in body
    if "администратор" not in label:
        role = {
            "региональный оператор": "Региональный оператор",
            "куратор двух школ": "Куратор",
            "директор школы (управленческая команда)": "Управленческая команда школы",
        }.get(label)
        assert (role or label.split(" (")[0].capitalize()) in body


def test_curator_sees_exactly_two_schools(demo, client):
    client.post(reverse("accounts:login"), {"username": "curator@demo.opora.ru", "password": PASSWORD})
    response = client.get(reverse("registry:schools"))
    assert response.context["page"].paginator.count == 2
