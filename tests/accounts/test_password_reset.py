import re

from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory


def signs_in(client, email: str, password: str) -> bool:
    response = client.post(reverse("accounts:login"), {"username": email, "password": password})
    return response.status_code == 302 and response["Location"] == reverse("home:home")


def test_a_forgotten_password_comes_back_by_email(world, client):
    user = world.users["director_a"]
    login = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:password_reset") in login
    response = client.post(reverse("accounts:password_reset"), {"email": user.email.upper()})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
    letter = mail.outbox[0]
    assert "восстановление пароля" in letter.subject
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", letter.body).group(1)
    form = client.get(link, follow=True)
    assert "Новый пароль" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": "new-long-password-2027", "new_password2": "new-long-password-2027"},
    )
    assert done.status_code == 302
    assert signs_in(client, user.email, "new-long-password-2027")


def test_an_unknown_address_is_not_revealed(world, client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.ru"}, follow=True)
    assert "Если такой адрес есть" in response.content.decode()
    assert mail.outbox == []


def test_the_operator_gives_a_new_password_shown_once(world, client_as):
    person = world.users["director_a"].person
    people = client_as(world.users["operator"]).get(reverse("registry:people")).content.decode()
    assert reverse("accounts:person_password_reset", args=[person.pk]) in people
    response = client_as(world.users["operator"]).post(reverse("accounts:person_password_reset", args=[person.pk]))
    password = re.search(r'data-testid="new-password">([^<]+)<', response.content.decode()).group(1)
    assert signs_in(client_as(None), person.user.email, password)


def test_only_the_operator_of_the_persons_region_resets_passwords(world, client_as):
    person = world.users["director_a"].person
    person.school = world.school_a  # so the municipal coordinator of M sees the director
    person.save()
    url = reverse("accounts:person_password_reset", args=[person.pk])
    assert client_as(world.users["municipal"]).post(url).status_code == 403
    assert client_as(world.users["director_b"]).post(url).status_code == 404
    people = client_as(world.users["municipal"]).get(reverse("registry:people")).content.decode()
    assert url not in people
    stranger = UserFactory(email="stranger@example.ru", person__region=world.other_region)
    from opora.accounts.models import Role
    from tests.factories import assign

    assign(stranger, Role.REGIONAL_OPERATOR, region=world.other_region)
    assert client_as(stranger).post(url).status_code == 404
