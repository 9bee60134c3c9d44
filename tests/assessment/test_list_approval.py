"""A junk run cannot become the approved list: runs need results, approval shows what it replaces
and asks, an empty list or an order of another list is refused, drafts can be deleted."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from opora.assessment.models import Identification, ListDecision, ListedSchool
from opora.assessment.rules import RuleParams
from opora.assessment.services import (
    approval_preview,
    identification_approve,
    identification_delete,
    identification_run,
    store_results,
)
from opora.roadmaps.models import Roadmap
from tests.factories import OrderFactory

from .worlds import add_lists, results_frame

RUN = {"threshold": "30", "min_participants": 1, "consecutive": "same", "combine": "or", "near_margin": "5"}


@pytest.fixture
def lists(world):
    add_lists(world)
    world.new_order = OrderFactory(
        issuer=world.order.issuer, number="40-р", title="О внесении изменений в перечень ШНОР"
    )
    return world


def run_form(client, world, **fields):
    return client.post(reverse("assessment:run", args=[world.campaign.pk]), RUN | fields, follow=True)


def approve(client, identification, order, **extra):
    return client.post(
        reverse("assessment:approve", args=[identification.pk]),
        {"order": order.pk, "confirmed": "1", **extra},
        follow=True,
    )


def empty_draft(world) -> Identification:
    """A run whose rule selects no school: nobody reaches a 100 % share of «2»."""
    run = identification_run(
        campaign=world.campaign, year=2025, params=RuleParams(threshold=100), user=world.users["operator"]
    )
    assert not run.schools.on_list().exists()
    return run


# --- the calculation ---------------------------------------------------------------------------


@pytest.mark.parametrize("year", [0, 2030])
def test_a_run_for_a_year_without_results_is_a_form_error_and_creates_nothing(lists, client_as, year):
    before = Identification.objects.count()
    response = run_form(client_as(lists.users["operator"]), lists, year=year)
    body = response.content.decode()
    assert f"За {year} год результатов нет. Загружены результаты за 2024, 2025 гг." in body
    assert Identification.objects.count() == before


def test_a_run_before_any_results_are_loaded_says_to_load_them_first(world, client_as):
    body = run_form(client_as(world.users["operator"]), world, year=2025).content.decode()
    assert "Результаты ещё не загружены: сначала загрузите результаты ВПР, ОГЭ, ЕГЭ" in body
    assert not Identification.objects.exists()


def test_the_service_refuses_a_year_without_results_too(lists):
    with pytest.raises(ValidationError, match="За 2030 год результатов нет"):
        identification_run(campaign=lists.campaign, year=2030, params=RuleParams(), user=lists.users["operator"])


def test_results_of_part_of_the_region_are_warned_about_on_the_form_and_on_the_list(world, client_as):
    store_results(
        results_frame([(world.school_a.pk, 2025, "vpr5_ru", 20, 8), (world.school_b.pk, 2025, "oge_ma", 10, 1)]),
        upload_id=None,
    )
    client = client_as(world.users["operator"])
    form_page = client.get(reverse("assessment:run", args=[world.campaign.pk])).content.decode()
    assert "2025 г.: результаты есть у 2 школ из 3" in form_page
    body = run_form(client, world, year=2025).content.decode()
    assert "Результаты за 2025 год есть у 2 школ из 3 школ региона: остальные 1 не проверялись." in body


def test_results_of_every_school_bring_no_coverage_warning(lists, client_as):
    body = run_form(client_as(lists.users["operator"]), lists, year=2025).content.decode()
    assert "не проверялись" not in body


@pytest.mark.parametrize(
    ("threshold", "error"),
    [("0", True), ("-5", True), ("100.5", True), ("0.01", False), ("100", False)],
)
def test_the_threshold_message_states_the_allowed_range(lists, client_as, threshold, error):
    body = run_form(client_as(lists.users["operator"]), lists, year=2025, threshold=threshold).content.decode()
    assert ("Порог должен быть больше 0 и не больше 100 %." in body) is error
    assert "от 0 до 100" not in body


def test_sending_the_run_form_again_opens_the_run_it_made(lists, client_as):
    client = client_as(lists.users["operator"])
    token = str(uuid.uuid4())
    first = run_form(client, lists, year=2025, token=token)
    again = run_form(client, lists, year=2025, token=token)
    made = Identification.objects.get(run_token=token)
    assert first.request["PATH_INFO"] == again.request["PATH_INFO"] == f"/lists/{made.pk}/"
    assert f"Эта форма уже отправлена: открыт сделанный по ней расчёт № {made.pk}" in again.content.decode()
    assert Identification.objects.filter(campaign=lists.campaign).count() == 3
    # A fresh copy of the form (the page opened again) is a new run.
    run_form(client, lists, year=2025, token=str(uuid.uuid4()))
    assert Identification.objects.filter(campaign=lists.campaign).count() == 4


def test_the_run_form_carries_a_fresh_token_each_time(lists, client_as):
    client = client_as(lists.users["operator"])
    url = reverse("assessment:run", args=[lists.campaign.pk])
    tokens = {client.get(url).context["form"].initial["token"] for _ in range(2)}
    assert len(tokens) == 2


def test_the_campaign_page_tells_runs_apart(lists, client_as):
    operator = lists.users["operator"]
    other = identification_run(
        campaign=lists.campaign,
        year=2025,
        params=RuleParams(threshold=25, min_participants=5, consecutive="any", combine="and", near_margin=3),
        user=operator,
    )
    body = client_as(operator).get(reverse("assessment:campaign", args=[lists.campaign.pk])).content.decode()
    for run in (lists.approved, lists.draft, other):
        assert f"№ {run.pk}" in body
    assert operator.get_full_name() in body
    assert "порог 25 %, участников ≥ 5, в любых процедурах, оба, зона риска 3 п. п." in body
    assert "порог 30 %, участников ≥ 1, в той же процедуре, любой из двух, зона риска 5 п. п." in body
    assert "проверено школ: 3" in body


# --- approval ----------------------------------------------------------------------------------


def test_the_confirmation_page_shows_the_list_it_replaces_and_what_changes(lists, client_as):
    ListedSchool.objects.filter(identification=lists.draft, school=lists.school_b).update(manual="excluded")
    ListedSchool.objects.filter(identification=lists.draft, school=lists.school_c).update(manual="included")
    response = client_as(lists.users["operator"]).get(
        reverse("assessment:approve", args=[lists.draft.pk]), {"order": lists.new_order.pk}
    )
    body = response.content.decode()
    assert "Утвердить перечень приказом?" in body
    assert "Сейчас утверждён" in body and f"расчёт № {lists.approved.pk}" in body
    assert str(lists.list_order) in body and "Школ в нём: 2" in body
    assert "Добавятся (1):</strong> МБОУ «СОШ № 3» (Северный район)" in body
    assert "Выйдут (1):</strong> МКОУ «ООШ с. Тохтор» (Южный район)" in body
    assert "Утвердить и заменить действующий перечень" in body
    lists.draft.refresh_from_db()
    assert lists.draft.status == "draft"


def test_approval_without_confirmation_only_shows_the_confirmation_page(lists, client_as):
    response = client_as(lists.users["operator"]).post(
        reverse("assessment:approve", args=[lists.draft.pk]), {"order": lists.new_order.pk}
    )
    assert response.status_code == 200 and "Что он заменит" in response.content.decode()
    assert Identification.objects.get(pk=lists.draft.pk).status == "draft"


def test_confirmed_approval_replaces_the_list_in_force(lists, client_as):
    response = approve(client_as(lists.users["operator"]), lists.draft, lists.new_order, replacing=lists.approved.pk)
    assert f"Перечень утверждён: {lists.new_order}." in response.content.decode()
    assert Identification.objects.get(pk=lists.approved.pk).status == "superseded"
    assert Identification.objects.get(pk=lists.draft.pk).status == "approved"


def test_an_empty_list_cannot_be_approved_and_the_list_in_force_stays(lists, client_as):
    empty = empty_draft(lists)
    client = client_as(lists.users["operator"])
    page = client.get(reverse("assessment:approve", args=[empty.pk]), {"order": lists.new_order.pk})
    assert "пустой перечень утвердить нельзя" in page.content.decode()
    assert "Утвердить и заменить" not in page.content.decode()
    body = approve(client, empty, lists.new_order, replacing=lists.approved.pk).content.decode()
    assert "В перечне нет ни одной школы: пустой перечень утвердить нельзя." in body
    assert Identification.objects.get(pk=empty.pk).status == "draft"
    assert Identification.objects.get(pk=lists.approved.pk).status == "approved"


def test_the_order_of_the_approved_list_cannot_approve_another_list(lists, client_as):
    client = client_as(lists.users["operator"])
    body = approve(client, lists.draft, lists.list_order, replacing=lists.approved.pk, reuse_order="on")
    text = body.content.decode()
    assert (
        f"Приказ от 20.01.2026 № 27-р уже утвердил перечень ШНОР 2026 (расчёт № {lists.approved.pk} от " in text
        and ", утверждён). Новый перечень утверждается новым приказом" in text
    )
    assert "Новый перечень утверждается новым приказом" in text
    assert Identification.objects.get(pk=lists.approved.pk).status == "approved"
    assert Identification.objects.get(pk=lists.draft.pk).status == "draft"
    # What everybody sees stays the list in force.
    campaign_page = client_as(lists.users["director_a"]).get(reverse("assessment:campaign", args=[lists.campaign.pk]))
    assert [i.pk for i in campaign_page.context["identifications"]] == [lists.approved.pk]


def test_an_order_that_approves_a_roadmap_needs_explicit_confirmation(lists, client_as):
    Roadmap.objects.create(
        campaign=lists.campaign,
        level="region",
        title="Дорожная карта Тестовой области",
        year=2026,
        order=lists.new_order,
        approved_at=timezone.now(),
    )
    client = client_as(lists.users["operator"])
    page = client.get(reverse("assessment:approve", args=[lists.draft.pk]), {"order": lists.new_order.pk})
    assert "Дорожная карта Тестовой области" in page.content.decode()
    assert "Да, этот приказ утверждает и этот перечень" in page.content.decode()
    body = approve(client, lists.draft, lists.new_order, replacing=lists.approved.pk).content.decode()
    assert "Приказ от 20.01.2026 № 40-р уже утверждает: дорожная карта: Тестовая область: Дорожная карта" in body
    assert Identification.objects.get(pk=lists.draft.pk).status == "draft"
    approve(client, lists.draft, lists.new_order, replacing=lists.approved.pk, reuse_order="on")
    assert Identification.objects.get(pk=lists.draft.pk).status == "approved"


def test_approval_is_refused_when_the_list_in_force_changed_after_the_confirmation_page(lists, client_as):
    client = client_as(lists.users["operator"])
    seen = lists.approved.pk
    other = identification_run(campaign=lists.campaign, year=2025, params=RuleParams(), user=lists.users["operator"])
    identification_approve(
        identification=other, order=OrderFactory(issuer=lists.order.issuer), user=lists.users["operator"]
    )
    body = approve(client, lists.draft, lists.new_order, replacing=seen).content.decode()
    assert "Пока вы подтверждали, утверждённый перечень кампании изменился" in body
    assert Identification.objects.get(pk=other.pk).status == "approved"
    assert Identification.objects.get(pk=lists.draft.pk).status == "draft"


def test_approval_by_someone_without_the_right_is_refused_by_the_service(lists):
    with pytest.raises(PermissionDenied):
        identification_approve(identification=lists.draft, order=lists.new_order, user=lists.users["expert"])
    with pytest.raises(PermissionDenied):
        identification_approve(identification=lists.draft, order=lists.new_order, user=None)


def test_the_list_page_offers_approval_through_the_confirmation_page(lists, client_as):
    body = client_as(lists.users["operator"]).get(reverse("assessment:identification", args=[lists.draft.pk]))
    text = body.content.decode()
    assert f'<form method="get" action="{reverse("assessment:approve", args=[lists.draft.pk])}">' in text
    assert "Утвердить…" in text


def test_the_confirmation_page_runs_a_bounded_number_of_queries(lists, client_as, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import SchoolFactory

    client = client_as(lists.users["operator"])
    url = reverse("assessment:approve", args=[lists.draft.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"order": lists.new_order.pk})
    extra = SchoolFactory.create_batch(30, municipality=lists.m)
    ListedSchool.objects.bulk_create(
        ListedSchool(identification=lists.draft, school=s, rule_listed=True) for s in extra
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {"order": lists.new_order.pk})
    assert "Добавятся (30)" in response.content.decode()


def test_approval_preview_counts_the_lists(lists):
    preview = approval_preview(identification=lists.draft, order=lists.new_order)
    assert preview.current == lists.approved
    assert preview.listed == preview.current_listed == {lists.school_a.pk, lists.school_b.pk}
    assert preview.added == preview.removed == [] and preview.problems == []


# --- deleting drafts ---------------------------------------------------------------------------


def test_the_operator_deletes_a_draft_with_its_decisions(lists, client_as):
    client = client_as(lists.users["operator"])
    client.post(
        reverse("assessment:decide", args=[lists.draft.pk, lists.draft_row_a.pk]),
        {"action": "exclude", "reason": "Ошибочный расчёт"},
    )
    page = client.get(reverse("assessment:identification", args=[lists.draft.pk])).content.decode()
    assert "Удалить проект" in page
    response = client.post(reverse("assessment:delete", args=[lists.draft.pk]), follow=True)
    assert f"Проект перечня (расчёт № {lists.draft.pk}" in response.content.decode()
    assert response.request["PATH_INFO"] == reverse("assessment:campaign", args=[lists.campaign.pk])
    assert not Identification.objects.filter(pk=lists.draft.pk).exists()
    assert not ListDecision.objects.exists()
    assert Identification.objects.filter(pk=lists.approved.pk, status="approved").exists()


def test_an_approved_list_cannot_be_deleted_and_has_no_delete_button(lists, client_as):
    client = client_as(lists.users["operator"])
    assert (
        "Удалить проект"
        not in client.get(reverse("assessment:identification", args=[lists.approved.pk])).content.decode()
    )
    response = client.post(reverse("assessment:delete", args=[lists.approved.pk]))
    assert response.status_code == 403
    assert "Перечень уже утверждён приказом" in response.content.decode()
    assert Identification.objects.filter(pk=lists.approved.pk).exists()


def test_deleting_needs_post_and_the_right(lists, client_as):
    url = reverse("assessment:delete", args=[lists.draft.pk])
    assert client_as(lists.users["operator"]).get(url).status_code == 405
    assert client_as(lists.users["expert"]).post(url).status_code == 403
    assert client_as(lists.users["municipal"]).post(url).status_code == 404
    with pytest.raises(PermissionDenied):
        identification_delete(identification=lists.draft, user=lists.users["expert"])
    assert Identification.objects.filter(pk=lists.draft.pk).exists()


def test_the_service_refuses_to_delete_a_superseded_list(lists):
    Identification.objects.filter(pk=lists.approved.pk).update(status="superseded")
    lists.approved.refresh_from_db()
    with pytest.raises(PermissionDenied, match="уже утверждён"):
        identification_delete(identification=lists.approved, user=lists.users["operator"])
