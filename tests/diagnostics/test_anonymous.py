"""The anonymous link: open between the region's dates, one response per browser, rate-limited,
replaceable, and nothing that ties an answer to a person."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from opora.diagnostics import anonymous
from opora.diagnostics.models import DiagnosticsSettings, LinkSubmission, Response, SurveyLink

from .worlds import add_diagnostics

PUPIL = {"p1": "4", "p2": "no", "p3": "5", "p4": "4", "p5": ["interest"]}


@pytest.fixture
def dx(world):
    add_diagnostics(world)
    return world


def form_url(link, group="pupils"):
    return reverse("diagnostics:survey_form", args=[link.token, group])


def test_a_pupil_answers_without_an_account_and_nothing_ties_the_answer_to_them(dx, client):
    page = client.get(reverse("diagnostics:survey", args=[dx.link_a.token]))
    assert "Обучающиеся" in page.content.decode()
    reply = client.post(form_url(dx.link_a), PUPIL, REMOTE_ADDR="10.1.2.3")
    assert reply.status_code == 302
    response = Response.objects.get(school=dx.school_a)
    assert response.by is None and response.source == "link"
    assert response.answers.count() == 5
    # The rate-limit mark holds a keyed hash, not the address, and no response points to it.
    mark = LinkSubmission.objects.get()
    assert "10.1.2.3" not in mark.client_key and len(mark.client_key) == 40
    assert not [f for f in Response._meta.get_fields() if getattr(f, "related_model", None) is LinkSubmission]
    # The profile is recomputed: pupils counted.
    assert dx.profile_a.levels.exists()


def test_the_same_browser_cannot_answer_the_same_questionnaire_twice(dx, client):
    client.post(form_url(dx.link_a), PUPIL)
    again = client.post(form_url(dx.link_a), PUPIL)
    assert "уже ответили" in again.content.decode()
    assert Response.objects.filter(school=dx.school_a).count() == 1
    # Another group from the same browser is still open (a teacher who is also a parent).
    assert "уже ответили" not in client.get(form_url(dx.link_a, "parents")).content.decode()


def test_outside_the_regions_dates_the_form_is_closed(dx, client):
    today = timezone.localdate()
    DiagnosticsSettings.objects.filter(campaign=dx.campaign).update(
        opens_on=today + datetime.timedelta(days=1), closes_on=today + datetime.timedelta(days=5)
    )
    assert "закрыто" in client.get(form_url(dx.link_a)).content.decode()
    assert client.post(form_url(dx.link_a), PUPIL).status_code == 403
    assert not Response.objects.exists()


def test_many_answers_from_one_address_are_rate_limited(dx, client, monkeypatch):
    monkeypatch.setattr(anonymous, "PER_CLIENT", 2)
    for n in range(2):
        client.cookies.clear()
        assert client.post(form_url(dx.link_a), PUPIL, REMOTE_ADDR="10.0.0.7").status_code == 302, n
    client.cookies.clear()
    assert client.post(form_url(dx.link_a), PUPIL, REMOTE_ADDR="10.0.0.7").status_code == 429
    client.cookies.clear()
    assert client.post(form_url(dx.link_a), PUPIL, REMOTE_ADDR="10.0.0.8").status_code == 302
    assert Response.objects.count() == 3


def test_a_replaced_link_stops_working_and_the_new_one_works(dx, client, client_as):
    old = dx.link_a
    director = client_as(dx.users["director_a"])
    director.post(reverse("diagnostics:link_replace", args=[dx.profile_a.pk]))
    new = SurveyLink.objects.get(school=dx.school_a, retired_at__isnull=True)
    assert new.token != old.token
    client.logout()
    assert client.get(reverse("diagnostics:survey", args=[old.token])).status_code == 404
    assert client.post(form_url(new), PUPIL).status_code == 302


def test_the_qr_code_is_an_svg_of_the_current_link(dx, client_as):
    svg = client_as(dx.users["director_a"]).get(reverse("diagnostics:qr", args=[dx.profile_a.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.lstrip().startswith(b"<?xml")
    assert b"<svg" in svg.content


def test_more_answers_than_pupils_are_flagged_on_the_profile(dx, client, client_as):
    dx.profile_a.pupils = 1
    dx.profile_a.save()
    for address in ("10.0.0.1", "10.0.0.2"):
        client.cookies.clear()
        client.post(form_url(dx.link_a), PUPIL, REMOTE_ADDR=address)
    page = client_as(dx.users["curator_a"]).get(reverse("diagnostics:profile", args=[dx.profile_a.pk]))
    assert "больше, чем в школе" in page.content.decode()
