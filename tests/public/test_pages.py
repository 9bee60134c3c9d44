"""The public «500+» pages: what an anonymous visitor sees, and that nothing else ever shows —
not on the page, not by a file's direct address."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import reverse

from opora.assessment.models import ListedSchool
from opora.programs import services as documents
from opora.public import services
from opora.public.models import PageEvent, SchoolPage
from tests.factories import SchoolFactory
from tests.programs.worlds import PDF_BYTES, decide, pdf

from .worlds import add_pages, file_url, list_schools, school_url


@pytest.fixture
def w(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return add_pages(world)


def body(response) -> str:
    return response.content.decode()


def download(client, url) -> tuple[int, bytes]:
    response = client.get(url)
    if response.status_code != 200:
        return response.status_code, b""
    return 200, b"".join(response.streaming_content)


def test_an_anonymous_visitor_sees_only_what_the_school_published_and_the_curator_approved(w, client):
    response = client.get(school_url(w))
    assert response.status_code == 200
    text = body(response)
    assert w.school_a.full_name in text and w.m.name in text
    assert "Концепция развития" in text
    assert 'data-testid="years">Участник программы «500+»: <span>2026</span>' in text
    # Approved but not ticked, returned, published then reopened, a draft: none of them.
    for absent in ("Среднесрочная программа", "План работы с родителями", "Программа наставничества", "Черновик"):
        assert absent not in text, absent
    # No review comments, no people: the roadmap's executors by position only, no working group.
    for absent in ("Нет сроков", "Нет показателей", "Иванова", "Ласкожевская", "Петров", "@example.ru"):
        assert absent not in text, absent
    assert "Взаимопосещение уроков математики" in text
    assert "Ответственные: Заместитель директора по УВР, Куратор" in text
    # Public content: cached by browsers and proxies, no session, no sign-in menu.
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=300"}
    assert not response.cookies
    assert "Выйти" not in text and "bootstrap" not in text


def test_the_published_file_downloads_with_its_russian_name_and_type(w, client):
    response = client.get(file_url(w, w.published_a))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = unquote(response["Content-Disposition"])
    assert disposition.startswith("attachment;")
    assert "Концепция развития — МБОУ СОШ № 1 (2026).pdf" in disposition
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "public" in response["Cache-Control"] and not response.cookies


def test_a_file_is_404_unless_published_approved_in_the_published_version_and_the_page_live(w, client):
    director, operator = w.users["director_a"], w.users["operator"]
    url = file_url(w, w.published_a)
    assert download(client, url)[0] == 200
    # Published, then reopened by the curator: gone, by its direct address too.
    assert download(client, file_url(w, w.reopened_a))[0] == 404
    # Approved again in a new version: still gone until the school publishes that version.
    document = w.doc_reopened
    document.refresh_from_db()
    documents.document_upload(
        user=director,
        school=w.school_a,
        slot=documents.Slot(document.kind, title=document.title),
        file=pdf(extra=b"v2"),
        submit=True,
    )
    decide(w, document, "approved")
    assert download(client, file_url(w, w.reopened_a))[0] == 404
    assert "Программа наставничества" not in body(client.get(school_url(w)))
    director_client = Client()
    director_client.force_login(director, backend="django.contrib.auth.backends.ModelBackend")
    assert "Одобрена новая версия" in body(director_client.get(reverse("public:settings", args=[w.school_a.pk])))
    keep = {w.doc_published.pk, w.doc_reopened.pk}
    services.page_publish(user=director, page=w.page_a, enabled=True, show_roadmap=True, document_ids=keep)
    status, content = download(client, file_url(w, w.reopened_a))
    assert (status, content) == (200, PDF_BYTES + b"v2")
    # The page switched off by the school, closed by the region, the school off the list: 404.
    services.page_publish(user=director, page=w.page_a, enabled=False, show_roadmap=True, document_ids=keep)
    assert download(client, url)[0] == 404 and client.get(school_url(w)).status_code == 404
    services.page_publish(user=director, page=w.page_a, enabled=True, show_roadmap=True, document_ids=keep)
    services.page_block(user=operator, page=w.page_a, reason="Проверка жалобы")
    assert download(client, url)[0] == 404 and client.get(school_url(w)).status_code == 404
    services.page_unblock(user=operator, page=w.page_a)
    assert download(client, url)[0] == 200
    # Unticked: the old address answers nothing.
    services.page_publish(
        user=director, page=w.page_a, enabled=True, show_roadmap=True, document_ids={w.doc_reopened.pk}
    )
    assert download(client, url)[0] == 404
    # Another school's slug, another region's slug, a token made up: 404.
    assert (
        client.get(reverse("public:file", args=[w.region_page.slug, w.page_b.slug, w.reopened_a.slug])).status_code
        == 404
    )
    assert client.get(reverse("public:file", args=["chuzhaia", w.page_a.slug, w.reopened_a.slug])).status_code == 404
    assert client.get(reverse("public:file", args=[w.region_page.slug, w.page_a.slug, "x" * 12])).status_code == 404
    # Off every approved list: no page at all.
    ListedSchool.objects.filter(school=w.school_a).update(manual=ListedSchool.Manual.EXCLUDED)
    assert client.get(school_url(w)).status_code == 404
    assert download(client, file_url(w, w.reopened_a))[0] == 404


def test_the_school_can_publish_only_approved_documents(w, client_as):
    client = client_as(w.users["director_a"])
    before = set(w.page_a.documents.values_list("document_id", flat=True))
    for document in (w.doc_returned, w.doc_draft, w.doc_reopened):
        response = client.post(
            reverse("public:settings", args=[w.school_a.pk]),
            {"enabled": "on", "documents": [w.doc_published.pk, document.pk]},
            follow=True,
        )
        assert "Опубликовать можно только одобренные документы школы" in body(response)
        assert set(w.page_a.documents.values_list("document_id", flat=True)) == before
    settings_page = body(client.get(reverse("public:settings", args=[w.school_a.pk])))
    # The ticks offered are the approved documents only.
    assert f'value="{w.doc_published.pk}"' in settings_page and f'value="{w.doc_unpublished.pk}"' in settings_page
    for document in (w.doc_returned, w.doc_draft, w.doc_reopened):
        assert f'value="{document.pk}"' not in settings_page


def test_another_schools_settings_page_is_404_and_tells_nothing(w, client_as):
    response = client_as(w.users["director_b"]).get(reverse("public:settings", args=[w.school_a.pk]))
    assert response.status_code == 404
    assert w.school_a.short_name not in body(response) and "Концепция" not in body(response)
    refused = client_as(w.users["curator_a"]).post(reverse("public:settings", args=[w.school_a.pk]), {})
    assert refused.status_code == 403
    assert SchoolPage.objects.get(pk=w.page_a.pk).enabled


def test_the_region_closes_a_page_only_with_a_reason_and_the_school_reads_it(w, client_as):
    client = client_as(w.users["operator"])
    response = client.post(
        reverse("public:block", args=[w.school_a.pk]), {"action": "block", "reason": " "}, follow=True
    )
    assert "Укажите основание" in body(response)
    assert not SchoolPage.objects.get(pk=w.page_a.pk).blocked
    client.post(reverse("public:block", args=[w.school_a.pk]), {"action": "block", "reason": "Устаревшие сведения"})
    page = SchoolPage.objects.get(pk=w.page_a.pk)
    assert page.blocked and page.block_reason == "Устаревшие сведения"
    assert PageEvent.objects.filter(page=page, action="blocked", reason="Устаревшие сведения").exists()
    text = body(client_as(w.users["director_a"]).get(reverse("public:settings", args=[w.school_a.pk])))
    assert "Региональный оператор закрыл страницу" in text and "Устаревшие сведения" in text


def test_the_region_page_lists_its_live_pages_in_bounded_queries(w, client, django_assert_max_num_queries):
    more = [SchoolFactory(municipality=w.m2, short_name=f"МБОУ «Школа № {n}»") for n in range(10, 16)]
    list_schools(w, *more, w.school_other_region)
    for school in [*more, w.school_other_region]:
        page = SchoolPage.of(school)
        page.enabled = True
        page.save()
    SchoolPage.objects.filter(school=more[0]).update(blocked=True)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("public:region", args=[w.region_page.slug]))
    text = body(response)
    assert w.school_a.short_name in text and more[1].short_name in text
    assert more[0].short_name not in text  # closed by the region
    assert w.school_b.short_name not in text  # not opened by the school
    assert w.school_other_region.short_name not in text  # another region's
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=300"}
    with django_assert_max_num_queries(10):
        assert client.get(school_url(w)).status_code == 200


def test_page_addresses_are_random_slugs_not_ids(w):
    slugs = {SchoolPage.of(s).slug for s in (w.school_a, w.school_b, w.school_c)}
    assert len(slugs) == 3
    for slug in slugs:
        assert len(slug) >= 12 and not slug.isdigit()
    assert w.region_page.slug == "testovaia-oblast"
    assert str(w.region.pk) not in school_url(w).replace(w.page_a.slug, "")


def test_the_pages_list_shows_each_listed_school_and_what_the_user_may_do(w, client_as, django_assert_max_num_queries):
    SchoolPage.objects.filter(pk=w.page_b.pk).update(blocked=True, block_reason="Жалоба")
    client = client_as(w.users["operator"])
    client.get(reverse("public:manage"))  # the region's page address is made on the first visit
    with django_assert_max_num_queries(13):
        response = client.get(reverse("public:manage"))
    text = body(response)
    assert w.school_a.short_name in text and w.school_b.short_name in text
    assert w.school_c.short_name not in text  # not on the list: no page
    assert school_url(w) in text and "закрыта регионом" in text and "Жалоба" in text
    assert "Закрыть страницу" in text and "Снять запрет" in text and "Настроить" not in text
    assert f"/500plus/{w.region_page.slug}/" in text
    text = body(client_as(w.users["director_a"]).get(reverse("public:manage")))
    assert w.school_b.short_name not in text and "Закрыть страницу" not in text
    assert reverse("public:settings", args=[w.school_a.pk]) in text


def test_the_roadmap_shows_only_when_chosen_and_approved_and_head_requests_answer(w, client):
    assert client.head(school_url(w)).status_code == 200
    services.page_publish(
        user=w.users["director_a"], page=w.page_a, enabled=True, show_roadmap=False, document_ids={w.doc_published.pk}
    )
    assert "Взаимопосещение" not in body(client.get(school_url(w)))
    services.page_publish(
        user=w.users["director_a"], page=w.page_a, enabled=True, show_roadmap=True, document_ids={w.doc_published.pk}
    )
    w.roadmap_public.status = "draft"
    w.roadmap_public.save(update_fields=["status"])
    text = body(client.get(school_url(w)))
    assert "Взаимопосещение" not in text and "Дорожная карта" not in text
