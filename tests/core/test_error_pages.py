from django.urls import reverse


def test_another_schools_card_says_not_found_in_russian(world, client_as):
    response = client_as(world.users["director_a"]).get(reverse("registry:school", args=[world.school_b.pk]))
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_a_page_for_another_role_says_why_in_russian(world, client_as):
    response = client_as(world.users["expert"]).get(reverse("registry:school_import"))
    assert response.status_code == 403
    assert "Это действие (загружать список школ региона) доступно: региональный оператор." in response.content.decode()
