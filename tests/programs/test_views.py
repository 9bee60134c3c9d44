"""The documents pages over HTTP: upload, download, review, queues, the table and its export."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from opora.programs.models import DocumentKind, SchoolDocument, Status
from tests.assessment.worlds import add_lists
from tests.factories import SchoolFactory

from .access import make_document
from .worlds import add_documents, docx, kind


@pytest.fixture
def w(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    add_lists(world)
    add_documents(world)
    return world


def test_the_school_uploads_a_concept_through_the_page_and_downloads_it_under_its_name(w, client_as):
    client = client_as(w.users["director_a"])
    page = client.get(reverse("programs:school", args=[w.school_a.pk]))
    assert page.status_code == 200
    other = kind(w.campaign, "other")
    response = client.post(
        reverse("programs:upload_new", args=[w.school_a.pk]),
        {"slot": f"{other.pk}--", "title": "Положение о ВСОКО", "file": docx("Положение о ВСОКО.docx"), "submit": "on"},
    )
    document = SchoolDocument.objects.get(school=w.school_a, kind=other)
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert document.status == Status.SUBMITTED and document.title == "Положение о ВСОКО"
    version = document.versions.get()
    download = client.get(reverse("programs:version_file", args=[version.pk]))
    assert download.status_code == 200
    assert "filename*=utf-8''%D0%9F%D0%BE%D0%BB%D0%BE%D0%B6%D0%B5%D0%BD%D0%B8%D0%B5" in download["Content-Disposition"]


def test_an_upload_of_a_disguised_file_is_refused_with_a_russian_message(w, client_as):
    client = client_as(w.users["director_a"])
    response = client.post(
        reverse("programs:upload_version", args=[w.antirisk_a.pk]),
        {"file": SimpleUploadedFile("programma.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert response.status_code == 200
    assert "файл неизвестного вида" in response.content.decode()
    assert w.antirisk_a.versions.count() == 1


def test_a_file_of_school_b_is_404_outside_b_by_direct_url(w, client_as):
    version = w.concept_b.versions.get()
    url = reverse("programs:version_file", args=[version.pk])
    for persona in ("director_a", "curator_a", "municipal", "operator_r2"):
        assert client_as(w.users[persona]).get(url).status_code == 404, persona
    for persona in ("director_b", "operator", "expert"):
        assert client_as(w.users[persona]).get(url).status_code == 200, persona


def test_the_curator_sees_what_waits_oldest_first_and_returns_with_criteria_comments(w, client_as):
    client = client_as(w.users["curator_a"])
    home = client.get(reverse("programs:home")).content.decode()
    assert "Ждут моей проверки" in home and "Концепция развития" in home
    assert "Тохтор" not in home  # school B is not theirs
    criteria = list(w.concept_a.kind.criteria.all())
    data = {"revision": w.concept_a.revision, "verdict": "returned", "comment": "Доработайте анализ"}
    data |= {f"met_{c.pk}": "1" for c in criteria} | {f"met_{criteria[0].pk}": "0"}
    refused = client.post(reverse("programs:review", args=[w.concept_a.pk]), data)
    assert refused.status_code == 200
    assert "напишите школе, что исправить" in refused.content.decode()
    data[f"note_{criteria[0].pk}"] = "Нет опоры на рисковый профиль"
    assert client.post(reverse("programs:review", args=[w.concept_a.pk]), data).status_code == 302
    w.concept_a.refresh_from_db()
    assert w.concept_a.status == Status.RETURNED
    page = client_as(w.users["director_a"]).get(w.concept_a.get_absolute_url()).content.decode()
    assert "Нет опоры на рисковый профиль" in page and "Доработайте анализ" in page


def test_a_second_decision_on_the_same_version_gets_a_clear_message(w, client_as):
    client = client_as(w.users["curator_a"])
    criteria = list(w.concept_a.kind.criteria.all())
    data = {"revision": w.concept_a.revision, "verdict": "approved"} | {f"met_{c.pk}": "1" for c in criteria}
    assert client.post(reverse("programs:review", args=[w.concept_a.pk]), data).status_code == 302
    # The same form sent again (a second tab, a double click): the document is no longer on review.
    again = client.post(reverse("programs:review", args=[w.concept_a.pk]), data)
    assert again.status_code == 403 and "Документ не на проверке" in again.content.decode()
    assert w.concept_a.reviews.count() == 1


def test_the_school_sees_returned_and_missing_documents(w, client_as):
    page = client_as(w.users["director_a"]).get(reverse("programs:home")).content.decode()
    returned = page.split('data-testid="returned"')[1].split("</section>")[0]
    missing = page.split('data-testid="missing"')[1].split("</section>")[0]
    assert w.factors_a[0].name in returned
    assert w.factors_a[1].name in missing and w.factors_a[2].name in missing
    assert "Концепция развития" not in missing


def test_the_table_shows_statuses_of_required_kinds_and_exports_them(w, client_as):
    client = client_as(w.users["operator"])
    page = client.get(reverse("programs:table")).content.decode()
    assert "ОДОБРЕНО" in page and "на проверке" in page and "на доработку" in page
    export = client.get(reverse("programs:table_export"))
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.values)
    assert rows[0][:5] == (
        "Муниципалитет",
        "Школа",
        "Логин ФИС ОКО",
        "Концепция развития",
        "Концепция развития: дней на проверке",
    )
    by_login = {row[2]: row for row in rows[1:]}
    assert by_login["sch420001"][3] == "на проверке" and by_login["sch420001"][4] == 0
    assert by_login["sch420001"][5] == "ОДОБРЕНО"
    assert "на доработку" in by_login["sch420001"][7] and "нет" in by_login["sch420001"][7]
    assert "sch420003" not in by_login  # C is not on the approved list


def test_the_municipality_sees_only_its_schools_in_the_table(w, client_as):
    page = client_as(w.users["municipal"]).get(reverse("programs:table")).content.decode()
    assert w.school_a.short_name in page and w.school_b.short_name not in page


def test_the_table_runs_a_fixed_number_of_queries(w, client_as, django_assert_max_num_queries):
    from opora.assessment.models import ListedSchool

    approved = w.approved
    for n in range(60):
        school = SchoolFactory(municipality=w.m, fis_oko_login=f"sch43{n:04d}")
        ListedSchool.objects.create(identification=approved, school=school, rule_listed=True)
        make_document(w.campaign, school, "submitted")
    client = client_as(w.users["operator"])
    client.get(reverse("programs:table"))
    with django_assert_max_num_queries(15):  # 14 and the menu's unread notifications
        assert client.get(reverse("programs:table")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("programs:table") + "?page=2").status_code == 200


def test_the_curator_queue_runs_a_fixed_number_of_queries(w, client_as, django_assert_max_num_queries):
    for n in range(30):
        make_document(w.campaign, w.school_a, "submitted", "other", f"Документ {n}")
    client = client_as(w.users["curator_a"])
    with django_assert_max_num_queries(14):
        assert client.get(reverse("programs:home")).status_code == 200
    assert DocumentKind.objects.filter(campaign=w.campaign).count() == 5
    page = client.get(reverse("programs:home")).content.decode()
    assert page.count("Проверить</a>") == 31
