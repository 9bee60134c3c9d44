from django.urls import reverse

from tests.factories import SchoolFactory


def test_a_filter_asked_by_htmx_gets_only_the_table(world, client_as):
    response = client_as(world.users["operator"]).get(reverse("registry:schools"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="school-table"' in body and "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_going_back_to_a_filtered_list_restores_the_whole_page(world, client_as):
    """htmx asks with HX-History-Restore-Request when it has no copy of the page: a bare table would show."""
    response = client_as(world.users["operator"]).get(
        reverse("registry:schools") + "?q=СОШ", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" in body and 'id="school-table"' in body and "Загрузка списка школ" in body


def test_a_full_page_also_says_it_varies_on_htmx(world, client_as):
    response = client_as(world.users["operator"]).get(reverse("registry:schools"))
    assert "HX-Request" in response["Vary"]


def test_the_fifty_first_school_stays_on_the_first_page(world, client_as):
    for n in range(48):  # the world has 3 schools of the region; 51 in all
        SchoolFactory(municipality=world.m, short_name=f"МБОУ «СОШ № {100 + n}»", fis_oko_login=f"sch42{1000 + n}")
    response = client_as(world.users["operator"]).get(reverse("registry:schools"))
    page = response.context["page"]
    assert page.paginator.num_pages == 1 and len(page.object_list) == 51


def test_pages_behind_the_login_are_not_kept_by_browsers(world, client_as):
    response = client_as(world.users["director_a"]).get(reverse("registry:schools"))
    assert "no-store" in response["Cache-Control"]


def _fail_logins(client, email: str, address: str, times: int):
    for _ in range(times):
        client.post(
            reverse("accounts:login"),
            {"username": email, "password": "wrong-password"},
            REMOTE_ADDR="10.0.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR=f"203.0.113.9, {address}",
        )


def test_behind_a_proxy_lockout_counts_the_clients_address_not_the_proxys(world, client, settings):
    settings.OPORA_BEHIND_PROXY = True
    settings.AXES_FAILURE_LIMIT = 3
    user = world.users["director_a"]
    user.set_password("correct-horse-battery")
    user.save()
    _fail_logins(client, user.email, "198.51.100.7", 3)  # someone guessing, from one address
    # The real director, from the school's address, through the same proxy: not locked out.
    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": "correct-horse-battery"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert response.status_code == 302 and response["Location"] == reverse("home:home")
    # The guesser stays locked out even with the right password (the first, forged entry is ignored).
    client.logout()
    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": "correct-horse-battery"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.200, 198.51.100.7",
    )
    assert response.status_code == 429


def test_pages_forbid_scripts_from_anywhere_but_this_server(world, client_as):
    response = client_as(world.users["director_a"]).get(reverse("registry:schools"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
