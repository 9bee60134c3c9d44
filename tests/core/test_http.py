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
