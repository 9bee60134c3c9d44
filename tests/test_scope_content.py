"""What each persona sees on a page, in its exports and feeds: their own objects, and nothing of
another school, municipality or region (tests/conftest.py `full_world`: A and C in M, B in M2,
region R2 with its own campaign, lists, orders and roadmaps).

The status matrix (tests/test_access_matrix.py) proves who may open a URL; these tests prove what
the page then holds, so a view that forgets `for_user` on one of its querysets is caught.
`scripts/scope_mutants.py` measures that: it replaces each `.for_user(...)` by `.all()` in turn
and reports the replacements no test notices."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from opora.accounts.models import Assignment
from opora.assessment.models import Identification, ListedSchool
from opora.assessment.rules import RuleParams
from opora.assessment.services import identification_run
from opora.registry.models import Campaign, Municipality, Person, Region

pytestmark = pytest.mark.django_db


def page_of(client_as, user, url, status=200):
    response = client_as(user).get(url)
    assert response.status_code == status, f"{url}: {response.status_code}"
    return response


def text_of(response) -> str:
    return response.content.decode()


def listed_names(rows) -> set[str]:
    return {row.school.short_name for row in rows}


def xlsx_text(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return "\n".join(
        str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row if value
    )


def docx_text(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


A, B, C, R2 = "МБОУ «СОШ № 1»", "МКОУ «ООШ с. Тохтор»", "МБОУ «СОШ № 3»", "МБОУ «Чужая СОШ»"


# --- the home page --------------------------------------------------------------------------


def test_home_of_the_other_regions_operator_shows_their_region_only(full_world, client_as):
    w = full_world
    response = page_of(client_as, w.users["operator_r2"], reverse("home:home"))
    regions = [region for region, _campaign, _count in response.context["region_rows"]]
    assert regions == [w.other_region]
    assert "Тестовая область" not in text_of(response)
    assert response.context["waiting"]["campaign"] == w.other_current


def test_home_of_our_operator_shows_nothing_of_the_other_region(full_world, client_as):
    w = full_world
    response = page_of(client_as, w.users["operator"], reverse("home:home"))
    assert [(region, count) for region, _c, count in response.context["region_rows"]] == [(w.region, 3)]
    assert "Чужая область" not in text_of(response)


def test_home_counts_only_the_directors_school(full_world, client_as):
    w = full_world
    response = page_of(client_as, w.users["director_a"], reverse("home:home"))
    assert [(region, count) for region, _c, count in response.context["region_rows"]] == [(w.region, 1)]


def test_home_waits_on_our_campaign_and_counts_overdue_items_the_director_sees(full_world, client_as):
    w = full_world
    waiting = page_of(client_as, w.users["director_a"], reverse("home:home")).context["waiting"]
    # R2's campaign is later (2027); ours is the director's.
    assert waiting["campaign"] == w.campaign
    # Overdue in our campaign: M's item and A's; not M2's (and the regional one has its report).
    assert waiting["overdue"] == 2
    assert waiting["identification"] == w.approved


def test_home_of_a_director_says_nothing_of_a_draft_list(world, client_as):
    """Before a list is approved the draft is the regional team's; the director's home shows no list."""
    from opora.assessment.services import store_results
    from tests.assessment.worlds import results_frame

    store_results(results_frame([(world.school_a.pk, 2025, "vpr5_ru", 20, 8)]), upload_id=None)
    draft = identification_run(campaign=world.campaign, year=2025, params=RuleParams(), user=world.users["operator"])
    assert page_of(client_as, world.users["operator"], reverse("home:home")).context["waiting"]["identification"] == (
        draft
    )
    assert page_of(client_as, world.users["director_a"], reverse("home:home")).context["waiting"]["identification"] is (
        None
    )


def test_home_counts_as_mine_only_items_the_user_reports_on(full_world, client_as):
    """An item of the regional roadmap naming municipal coordinators is theirs to know about, not to
    report on: it is not counted among their items due soon."""
    from tests.roadmaps.worlds import _item

    w = full_world
    soon = datetime.date.today() + datetime.timedelta(days=10)
    _item(w.regional, "1.2", "Мониторинг муниципальных дорожных карт", soon, ["Муниципальный координатор"])
    waiting = page_of(client_as, w.users["municipal"], reverse("home:home")).context["waiting"]
    assert waiting["mine_soon"] == 0
    # The same kind of item in M's own roadmap is theirs to report on.
    _item(w.roadmap_m, "1.2", "Отчёт муниципального координатора", soon, ["Муниципальный координатор"])
    assert page_of(client_as, w.users["municipal"], reverse("home:home")).context["waiting"]["mine_soon"] == 1


def test_the_time_zone_of_the_other_regions_operator_is_theirs(full_world, client_as):
    client = client_as(full_world.users["operator_r2"])
    client.get(reverse("home:home"))
    assert client.session["opora_tz"] == "Asia/Vladivostok"
    client = client_as(full_world.users["director_a"])
    client.get(reverse("home:home"))
    assert client.session["opora_tz"] == "Europe/Moscow"


# --- people and assignments -----------------------------------------------------------------


def test_assignments_of_the_municipal_coordinator_are_those_of_their_municipality(full_world, client_as):
    w = full_world
    response = page_of(client_as, w.users["municipal"], reverse("accounts:assignments"))
    people = {a.person_id for a in response.context["page"]}
    assert people == {w.users[p].person_id for p in ("municipal", "curator_a", "director_a")}


def test_assignments_of_our_operator_leave_out_the_other_region(full_world, client_as):
    w = full_world
    response = page_of(client_as, w.users["operator"], reverse("accounts:assignments"))
    people = {a.person_id for a in response.context["page"]}
    assert w.users["director_b"].person_id in people
    assert w.users["operator_r2"].person_id not in people


def test_a_new_assignment_is_offered_only_in_the_operators_region(full_world, client_as):
    w = full_world
    for persona, region in (("operator", w.region), ("operator_r2", w.other_region)):
        form = page_of(client_as, w.users[persona], reverse("accounts:assignment_create")).context["form"]
        assert list(form.fields["region"].queryset) == [region]


def test_people_of_the_other_region_are_not_listed(full_world, client_as):
    w = full_world
    response = page_of(client_as, w.users["operator"], reverse("registry:people"))
    people = {p.pk for p in response.context["page"]}
    assert w.users["director_b"].person_id in people
    assert w.users["operator_r2"].person_id not in people


# --- registry pages -------------------------------------------------------------------------


def test_region_page_of_the_director_counts_and_lists_only_their_places(full_world, client_as):
    w = full_world
    response = page_of(client_as, w.users["director_a"], reverse("registry:region", args=[w.region.pk]))
    assert [(m, total) for m, total, _rural in response.context["municipalities"]] == [(w.m, 1)]
    assert response.context["school_total"] == 1
    assert "Южный район" not in text_of(response)


def test_municipality_page_of_the_curator_lists_their_school_and_not_its_neighbour(full_world, client_as):
    w = full_world
    response = page_of(client_as, w.users["curator_a"], reverse("registry:municipality", args=[w.m.pk]))
    assert [s.short_name for s in response.context["page"]] == [A]
    assert C not in text_of(response)
    # Who coordinates the municipality is for those who oversee it, not for a school's curator.
    assert list(response.context["coordinators"]) == []
    municipal = page_of(client_as, w.users["municipal"], reverse("registry:municipality", args=[w.m.pk]))
    assert [a.person_id for a in municipal.context["coordinators"]] == [w.users["municipal"].person_id]


def test_school_list_and_its_filter_hold_only_the_directors_school(full_world, client_as):
    w = full_world
    response = page_of(client_as, w.users["director_a"], reverse("registry:schools"))
    assert [s.short_name for s in response.context["page"]] == [A]
    assert list(response.context["filter_form"].fields["municipality"].queryset) == [w.m]


def test_school_list_of_the_observer_of_m2_holds_m2_only(full_world, client_as):
    response = page_of(client_as, full_world.users["observer_m2"], reverse("registry:schools"))
    assert [s.short_name for s in response.context["page"]] == [B]


def test_school_import_offers_and_lists_only_the_operators_region(full_world, client_as):
    w = full_world
    response = page_of(client_as, w.users["operator"], reverse("registry:school_import"))
    assert list(response.context["form"].fields["region"].queryset) == [w.region]
    assert [r.pk for r in response.context["history"]] == [w.school_import.pk]
    response = page_of(client_as, w.users["operator_r2"], reverse("registry:school_import"))
    assert list(response.context["form"].fields["region"].queryset) == [w.other_region]
    assert [r.pk for r in response.context["history"]] == [w.other_school_import.pk]


def test_orders_of_another_municipality_and_region_are_not_listed(full_world, client_as):
    w = full_world
    response = page_of(client_as, w.users["municipal"], reverse("registry:orders"))
    numbers = {o.number for o in response.context["page"]}
    assert "112-р" in numbers
    assert "45" not in numbers  # M2's municipal order
    response = page_of(client_as, w.users["operator"], reverse("registry:orders"))
    numbers = {o.number for o in response.context["page"]}
    assert {"112-р", "45"} <= numbers
    assert not numbers & {"77-р", "5-р"}  # R2's orders


def test_an_order_page_lists_only_the_appointments_the_user_oversees(full_world, client_as):
    w = full_world
    response = page_of(client_as, w.users["municipal"], reverse("registry:order", args=[w.order.pk]))
    people = {a.person_id for a in response.context["assignments"]}
    assert people == {w.users[p].person_id for p in ("municipal", "curator_a", "director_a")}


def test_a_new_order_is_issued_only_by_bodies_of_the_operators_region(full_world, client_as):
    w = full_world
    form = page_of(client_as, w.users["operator_r2"], reverse("registry:order_create")).context["form"]
    regions = {issuer.region_id for issuer in form.fields["issuer"].queryset}
    assert regions == {w.other_region.pk}


# --- lists of low-result schools --------------------------------------------------------------


def test_current_list_page_is_the_users_own_campaign(full_world, client_as):
    w = full_world
    response = client_as(w.users["director_a"]).get(reverse("assessment:current"))
    assert response["Location"] == reverse("assessment:campaign", args=[w.campaign.pk])
    response = client_as(w.users["operator_r2"]).get(reverse("assessment:current"))
    assert response["Location"] == reverse("assessment:campaign", args=[w.other_current.pk])


def test_campaign_page_of_the_director_shows_the_approved_list_with_their_school_only(full_world, client_as):
    w = full_world
    response = page_of(client_as, w.users["director_a"], reverse("assessment:campaign", args=[w.campaign.pk]))
    identifications = list(response.context["identifications"])
    assert identifications == [w.approved]  # not the draft
    assert identifications[0].listed_count == 1
    operator = page_of(client_as, w.users["operator"], reverse("assessment:campaign", args=[w.campaign.pk]))
    assert {i.pk: i.listed_count for i in operator.context["identifications"]} == {w.approved.pk: 2, w.draft.pk: 2}


def test_approved_list_page_of_the_director_holds_their_school_only(full_world, client_as):
    w = full_world
    response = page_of(client_as, w.users["director_a"], reverse("assessment:identification", args=[w.approved.pk]))
    assert listed_names(response.context["page"]) == {A}
    assert response.context["counts"]["listed"] == 1
    assert B not in text_of(response)


def test_list_page_shows_dynamics_within_the_schools_the_user_sees(full_world, client_as):
    """Last year school B was on the list and left it: the director of A is not told about B."""
    w = full_world
    from opora.assessment.services import identification_approve
    from tests.factories import CampaignFactory, OrderFactory

    operator = w.users["operator"]
    last_year = CampaignFactory(region=w.region, year=2025)
    previous = identification_run(campaign=last_year, year=2025, params=RuleParams(), user=operator)
    ListedSchool.objects.filter(identification=previous, school=w.school_a).update(rule_listed=False)
    order = OrderFactory(issuer=w.order.issuer, number="3-р", title="Об утверждении перечня 2025")
    identification_approve(identification=previous, order=order, user=operator)
    ListedSchool.objects.filter(identification=w.approved, school=w.school_b).update(rule_listed=False)
    dynamics = page_of(client_as, operator, reverse("assessment:identification", args=[w.approved.pk])).context[
        "dynamics"
    ]
    assert [name for _pk, name in dynamics["left"]] == [f"{B} (Южный район)"]
    response = page_of(client_as, w.users["director_a"], reverse("assessment:identification", args=[w.approved.pk]))
    dynamics = response.context["dynamics"]
    assert [name for _pk, name in dynamics["entered"]] == [f"{A} (Северный район)"]
    assert dynamics["left"] == []
    assert B not in text_of(response)


def test_approval_form_offers_only_orders_of_the_region_the_user_sees(full_world, client_as):
    w = full_world
    response = page_of(client_as, w.users["municipal"], reverse("roadmaps:roadmap", args=[w.roadmap_m.pk]))
    numbers = {o.number for o in response.context["approve_form"].fields["order"].queryset}
    assert "112-р" in numbers
    assert "45" not in numbers  # M2's order
    response = page_of(client_as, w.users["operator"], reverse("assessment:identification", args=[w.draft.pk]))
    numbers = {o.number for o in response.context["approve_form"].fields["order"].queryset}
    assert {"112-р", "45"} <= numbers
    assert not numbers & {"77-р", "5-р"}


def test_a_school_of_another_region_cannot_be_included_in_our_list(full_world, client_as):
    w = full_world
    client = client_as(w.users["operator"])
    response = client.post(
        reverse("assessment:include", args=[w.draft.pk]),
        {"login": w.school_other_region.fis_oko_login, "reason": "по решению комиссии"},
        follow=True,
    )
    told = " ".join(str(m) for m in response.context["messages"])
    # Not «the school belongs to another region»: the system does not confirm it exists.
    assert told == "Школы с логином «sch770001» нет в реестре региона."
    assert not w.draft.schools.filter(school=w.school_other_region).exists()
    # A school of the region is included the same way.
    client.post(reverse("assessment:include", args=[w.draft.pk]), {"login": "sch420003", "reason": "по решению"})
    assert w.draft.schools.get(school=w.school_c).manual == ListedSchool.Manual.INCLUDED


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_export_of_the_approved_list_for_the_director_holds_their_school_only(full_world, client_as, fmt):
    w = full_world
    read = xlsx_text if fmt == "xlsx" else docx_text
    response = page_of(client_as, w.users["director_a"], reverse("assessment:export", args=[w.approved.pk, fmt]))
    text = read(response.content)
    assert A in text
    assert B not in text
    text = read(
        page_of(client_as, w.users["operator"], reverse("assessment:export", args=[w.approved.pk, fmt])).content
    )
    assert A in text and B in text


def test_school_results_show_our_lists_only(full_world, client_as):
    w = full_world
    response = page_of(client_as, w.users["director_a"], reverse("assessment:school_results", args=[w.school_a.pk]))
    assert [listed.identification for listed in response.context["listings"]] == [w.approved]


# --- roadmaps ---------------------------------------------------------------------------------


def test_roadmap_list_of_the_director_is_of_our_campaign_and_their_places(full_world, client_as):
    w = full_world
    response = page_of(client_as, w.users["director_a"], reverse("roadmaps:list"))
    assert response.context["campaign"] == w.campaign
    assert {r.pk for r in response.context["page"]} == {w.regional.pk, w.roadmap_m.pk, w.roadmap_a.pk}
    assert list(response.context["campaigns"]) == [w.campaign]
    assert "Чужой области" not in text_of(response)


def test_roadmap_list_of_the_other_regions_operator_holds_theirs(full_world, client_as):
    w = full_world
    response = page_of(client_as, w.users["operator_r2"], reverse("roadmaps:list"))
    assert response.context["campaign"] == w.other_current
    assert {r.pk for r in response.context["page"]} == {w.other_regional.pk, w.other_roadmap_m.pk}


def test_another_regions_campaign_cannot_be_chosen_on_roadmap_pages(full_world, client_as):
    w = full_world
    url = reverse("roadmaps:overdue") + f"?campaign={w.other_current.pk}"
    page_of(client_as, w.users["operator"], url, status=404)


def test_overdue_items_of_the_director_are_those_of_their_roadmaps(full_world, client_as):
    w = full_world
    response = page_of(client_as, w.users["director_a"], reverse("roadmaps:overdue"))
    assert {i.roadmap_id for i in response.context["page"]} == {w.roadmap_m.pk, w.roadmap_a.pk}
    assert list(response.context["municipalities"]) == [w.m]
    assert "Совещание в Южном районе" not in text_of(response)


def test_my_items_leave_out_roadmaps_the_user_does_not_see_even_when_they_name_them(full_world, client_as):
    """School C's plan names the curator of A by name; the curator works with A only."""
    from opora.roadmaps.models import Roadmap
    from opora.roadmaps.services import link_executors
    from tests.roadmaps.worlds import _item

    w = full_world
    person = w.users["curator_a"].person
    Person.objects.filter(pk=person.pk).update(last_name="Соколова", first_name="Анна", middle_name="Петровна")
    plan_c = Roadmap.objects.create(
        campaign=w.campaign, level="school", school=w.school_c, title="План СОШ № 3", year=2026
    )
    item = _item(plan_c, "1", "Посещение уроков в СОШ № 3", datetime.date(2026, 12, 20), ["Соколова А. П."])
    link_executors(plan_c, [item])
    assert item.executor_people.filter(pk=person.pk).exists()
    response = page_of(client_as, w.users["curator_a"], reverse("roadmaps:mine"))
    assert item.pk not in {i.pk for i in response.context["page"]}
    assert "Посещение уроков в СОШ № 3" not in text_of(response)


def test_my_items_to_report_on_leave_out_the_regional_items_that_only_name_the_role(full_world, client_as):
    from tests.roadmaps.worlds import _item

    w = full_world
    regional = _item(
        w.regional, "1.2", "Мониторинг муниципальных карт", datetime.date(2026, 12, 20), ["Муниципальный координатор"]
    )
    url = reverse("roadmaps:mine")
    response = page_of(client_as, w.users["municipal"], url)
    items = {i.pk: i.may_report for i in response.context["page"]}
    assert items == {regional.pk: False, w.item_m.pk: True}
    response = page_of(client_as, w.users["municipal"], url + "?reporting=1")
    assert [i.pk for i in response.context["page"]] == [w.item_m.pk]


def test_the_calendar_feed_holds_the_users_items_only(full_world, client):
    response = client.get(reverse("roadmaps:feed", args=["t" * 32]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Назначение кураторов" in body  # M's item names the municipal coordinator
    assert "Совещание директоров Чужого района" not in body
    assert "Выездной семинар Чужой области" not in body


def test_creating_a_plan_for_a_school_outside_the_users_places_does_not_confirm_it_exists(full_world, client_as):
    w = full_world
    response = client_as(w.users["municipal"]).post(
        reverse("roadmaps:create"), {"level": "school", "school_login": "sch420002", "title": "План"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"school_login": ["Школы с логином «sch420002» нет среди доступных вам."]}


def test_a_roadmap_cannot_be_copied_into_another_regions_campaign(full_world, client_as):
    w = full_world
    response = client_as(w.users["operator"]).post(
        reverse("roadmaps:copy", args=[w.regional.pk]), {"campaign": w.other_current.pk}
    )
    assert response.status_code == 404
    assert not w.other_current.roadmaps.filter(title=w.regional.title).exists()


def test_everything_above_stands_on_data_that_exists(full_world):
    """The other region really has what the tests above say must not show."""
    w = full_world
    assert Campaign.objects.filter(region=w.other_region).count() == 2
    assert Identification.objects.filter(campaign=w.other_current).count() == 2
    assert w.other_approved.schools.filter(school=w.school_other_region).exists()
    assert Assignment.objects.filter(region=w.other_region).exists()
    assert Municipality.objects.filter(region=w.other_region).exists()
    assert Region.objects.count() == 2


def test_an_assignment_over_schools_of_two_municipalities_names_only_the_schools_the_user_sees(full_world, client_as):
    from opora.accounts.models import Role
    from tests.factories import UserFactory, assign

    w = full_world
    curator = UserFactory(email="curator.ab@example.ru", person__region=w.region)
    assign(curator, Role.CURATOR, region=w.region, order=w.order, schools=[w.school_a, w.school_b])
    for url in (reverse("accounts:assignments"), reverse("registry:order", args=[w.order.pk])):
        response = page_of(client_as, w.users["municipal"], url)
        assert curator.person.last_name in text_of(response)  # the curator of A is theirs to know
        assert B not in text_of(response), url
