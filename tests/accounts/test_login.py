import pytest
from django.urls import reverse

LOGIN = "/accounts/login/"


def test_login_by_email_ignores_case_and_lands_on_home(world, client):
    response = client.post(LOGIN, {"username": "Municipal@Example.RU", "password": "correct-horse-battery"})
    assert response.status_code == 302 and response["Location"] == reverse("home:home")
    home = client.get(reverse("home:home")).content.decode()
    assert "Северный район" in home and "Муниципальный координатор" in home


def test_five_wrong_passwords_lock_the_login(world, client):
    for _ in range(5):
        response = client.post(LOGIN, {"username": "expert@example.ru", "password": "wrong"})
    response = client.post(LOGIN, {"username": "expert@example.ru", "password": "correct-horse-battery"})
    assert response.status_code == 429
    assert "Вход временно заблокирован" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "must_show", "must_not_show"),
    [
        ("operator", ["Тестовая область", "Региональный оператор", "2026"], ["Чужая область"]),
        ("municipal", ["Ваши муниципалитеты", "Северный район"], ["Южный район"]),
        ("curator_a", ["Ваши школы", "МБОУ «СОШ № 1»"], ["Тохтор", "СОШ № 3"]),
        ("director_b", ["Ваши школы", "МКОУ «ООШ с. Тохтор»"], ["СОШ № 1"]),
    ],
)
def test_home_page_shows_the_users_real_scope(world, client_as, persona, must_show, must_not_show):
    body = client_as(world.users[persona]).get(reverse("home:home")).content.decode()
    for text in must_show:
        assert text in body
    for text in must_not_show:
        assert text not in body


def test_password_change_enforces_validators(world, client_as):
    client = client_as(world.users["director_a"])
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "correct-horse-battery", "new_password1": "12345", "new_password2": "12345"},
    )
    assert response.status_code == 200
    assert "Введённый пароль слишком короткий" in response.content.decode()
