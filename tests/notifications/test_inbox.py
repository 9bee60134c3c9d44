"""The inbox as a person sees it: their own messages only, opening one, the navbar count, the e-mail choices."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opora.notifications.models import Delivery, Kind, Message, Preference


def message(user, n=1, url="/roadmaps/mine/", read=False, kind=Kind.ITEMS_DUE):
    from django.utils import timezone

    return Message.objects.create(
        recipient=user,
        kind=kind,
        title=f"Уведомление {n}",
        url=url,
        key=f"test:{n}",
        read_at=timezone.now() if read else None,
    )


def test_the_inbox_shows_my_messages_newest_first_unread_bold_and_the_navbar_counts_them(
    world, client_as, django_assert_max_num_queries
):
    curator, director = world.users["curator_a"], world.users["director_a"]
    for n in range(1, 41):
        message(curator, n, read=n <= 10)
    message(director, 99)
    client = client_as(curator)
    with django_assert_max_num_queries(14):  # the page's own: count, page, unread; the rest is base.html's
        page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Уведомление 99" not in page
    assert page.index("Уведомление 40") < page.index("Уведомление 39")
    assert 'class="fw-bold"\n         data-testid="message">Уведомление 40' in page
    assert "непрочитанных: 30" in page
    assert 'aria-label="непрочитанных">30</span>' in page  # the navbar
    assert "Показаны 1–25 из 40" in page
    second = client.get(reverse("notifications:inbox") + "?page=2").content.decode()
    assert "Уведомление 1<" in second and 'class=""\n         data-testid="message">Уведомление 1<' in second


def test_any_page_counts_unread_in_one_query(world, client_as):
    curator = world.users["curator_a"]
    for n in range(5):
        message(curator, n)
    client = client_as(curator)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("roadmaps:mine")).content.decode()
    assert len([q for q in queries.captured_queries if "notifications_message" in q["sql"]]) == 1
    assert 'aria-label="непрочитанных">5</span>' in page


def test_opening_a_message_marks_it_read_and_goes_to_its_page(world, client_as):
    curator = world.users["curator_a"]
    mine = message(curator, url="/programs/?campaign=1")
    response = client_as(curator).get(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/programs/?campaign=1"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_another_persons_message_is_not_found_and_stays_unread(world, client_as):
    theirs = message(world.users["director_a"])
    response = client_as(world.users["curator_a"]).get(reverse("notifications:open", args=[theirs.pk]))
    assert response.status_code == 404
    assert "Уведомление 1" not in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize(
    "url", ["https://evil.example.com/", "//evil.example.com/x", "/\\evil.example.com", "javascript:alert(1)"]
)
def test_a_message_never_redirects_off_the_site(world, client_as, url):
    curator = world.users["curator_a"]
    mine = message(curator, url=url)
    response = client_as(curator).get(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("notifications:inbox")


def test_mark_all_read_touches_only_my_messages(world, client_as):
    curator, director = world.users["curator_a"], world.users["director_a"]
    message(curator, 1), message(curator, 2)
    theirs = message(director, 3)
    client = client_as(curator)
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "Отмечено прочитанными: 2." in response.content.decode()
    assert not Message.objects.filter(recipient=curator, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_preferences_table_shows_defaults_and_saves_a_choice_per_kind(world, client_as):
    curator = world.users["curator_a"]
    client = client_as(curator)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "Все уведомления всегда появляются в разделе «Уведомления»" in page
    assert 'name="review_waiting" value="immediately"\n          id="review_waiting-immediately"' in page
    assert 'id="review_waiting-immediately" aria-label="Документ ждёт моей проверки: сразу" checked' in page
    assert 'id="items_due-daily" aria-label="Мои мероприятия: срок в ближайшие 7 дней: раз в день" checked' in page
    choice = dict.fromkeys(Kind.values, Delivery.DAILY) | {Kind.VISIT_GAP: Delivery.NEVER}
    response = client.post(reverse("notifications:settings"), choice, follow=True)
    assert "Настройки уведомлений сохранены." in response.content.decode()
    assert Preference.objects.get(user=curator, kind=Kind.VISIT_GAP).delivery == Delivery.NEVER
    assert Preference.objects.filter(user=curator).count() == len(Kind.values)


def test_a_broken_choice_changes_nothing(world, client_as):
    curator = world.users["curator_a"]
    choice = dict.fromkeys(Kind.values, Delivery.DAILY) | {Kind.VISIT_GAP: "hourly"}
    page = client_as(curator).post(reverse("notifications:settings"), choice).content.decode()
    assert "Ничего не изменено." in page
    assert not Preference.objects.exists()
