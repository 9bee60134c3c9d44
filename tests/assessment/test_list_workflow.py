"""The regional operator's path: upload results, run the rule, correct by hand, approve, export."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from opora.assessment.models import Identification, ListDecision, ListedSchool, ResultsUpload, SchoolResult
from opora.assessment.rules import RuleParams
from opora.assessment.services import identification_approve, identification_run, list_dynamics
from tests.factories import CampaignFactory, OrderFactory

from .worlds import add_lists, results_frame

LONG_CSV = (
    "Логин ОО;Наименование ОО;Муниципалитет;Год;Процедура;Количество участников;Получили «2»\n"
    "sch420001;МБОУ «СОШ № 1»;Северный район;2025;ВПР 5 РУ;20;8\n"
    "sch420001;МБОУ «СОШ № 1»;Северный район;2025;ОГЭ по математике;10;3\n"
    "sch420002;МКОУ «ООШ с. Тохтор»;Южный район;2024;ОГЭ МА;12;5\n"
    "sch420002;МКОУ «ООШ с. Тохтор»;Южный район;2025;ОГЭ МА;12;4\n"
    "sch420003;МБОУ «СОШ № 3»;Северный район;2025;ВПР РУ 5;30;2\n"
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, world, text, name="results.csv", encoding="utf-8"):
    return client.post(
        reverse("assessment:results_upload", args=[world.campaign.pk]),
        {"file": SimpleUploadedFile(name, text.encode(encoding))},
        follow=True,
    )


def test_operator_uploads_results_runs_the_rule_and_sees_the_reason_for_each_school(world, client_as, media):
    client = client_as(world.users["operator"])
    response = upload(client, world, LONG_CSV, encoding="cp1251")
    assert "загружены: 5 строк за 2024, 2025 г." in response.content.decode()
    assert SchoolResult.objects.get(school=world.school_a, procedure="oge_ma").low_count == 3
    response = client.post(
        reverse("assessment:run", args=[world.campaign.pk]),
        {
            "year": 2025,
            "threshold": "30",
            "min_participants": 1,
            "consecutive": "same",
            "combine": "or",
            "near_margin": "5",
        },
        follow=True,
    )
    rows = {row.school.fis_oko_login: row for row in response.context["page"]}
    assert set(rows) == {"sch420001", "sch420002"}
    assert rows["sch420001"].criterion_procedures and not rows["sch420001"].criterion_consecutive
    assert rows["sch420002"].criterion_consecutive and not rows["sch420002"].criterion_procedures
    assert rows["sch420001"].markers == {"2025": ["oge_ma", "vpr5_ru"]}
    assert "проект" in response.content.decode()


def test_a_results_file_with_an_unknown_school_changes_nothing_and_names_the_row(world, client_as, media):
    client = client_as(world.users["operator"])
    text = LONG_CSV + "sch999999;Школа из другого региона;Чужой район;2025;ВПР 5 РУ;20;1\n"
    body = upload(client, world, text).content.decode()
    assert "не загружен, ничего не изменилось" in body
    assert "строка 7, столбец «Логин ОО»: школы с логином sch999999 нет в реестре региона" in body
    assert not SchoolResult.objects.exists()
    record = ResultsUpload.objects.get()
    assert record.status == ResultsUpload.Status.REJECTED and record.file


def test_a_results_file_with_bad_values_reports_every_bad_row(world, client_as, media):
    client = client_as(world.users["operator"])
    text = LONG_CSV.replace(";20;8", ";20;25").replace("ВПР РУ 5", "ВПР по пению")
    body = upload(client, world, text).content.decode()
    assert "строка 2" in body and "строка 6" in body
    assert not SchoolResult.objects.exists()


@pytest.fixture
def lists(world):
    add_lists(world)
    return world


def test_exclusion_needs_a_reason_and_is_kept_in_history(lists, client_as):
    client = client_as(lists.users["operator"])
    url = reverse("assessment:decide", args=[lists.draft.pk, lists.draft_row_a.pk])
    response = client.post(url, {"action": "exclude", "reason": ""}, follow=True)
    assert "Укажите основание" in response.content.decode()
    client.post(url, {"action": "exclude", "reason": "Школа реорганизована (приказ УО № 12)"})
    row = ListedSchool.objects.get(pk=lists.draft_row_a.pk)
    assert row.manual == "excluded" and not row.is_listed
    decision = ListDecision.objects.get()
    assert (decision.action, decision.by) == ("exclude", lists.users["operator"])
    page = client.get(reverse("assessment:identification", args=[lists.draft.pk])).content.decode()
    assert "Школа реорганизована" in page


def test_manual_inclusion_by_login_adds_the_school(lists, client_as):
    client = client_as(lists.users["operator"])
    client.post(
        reverse("assessment:include", args=[lists.draft.pk]),
        {"login": "SCH420003", "reason": "По ходатайству управления образования"},
    )
    row = lists.draft.schools.get(school=lists.school_c)
    assert row.is_listed and row.manual == "included"


def test_approval_by_order_freezes_the_list_and_supersedes_the_previous_one(lists, client_as):
    client = client_as(lists.users["operator"])
    order = OrderFactory(issuer=lists.order.issuer, number="28-р", title="О внесении изменений в перечень ШНОР")
    response = client.post(
        reverse("assessment:approve", args=[lists.draft.pk]),
        {"order": order.pk, "confirmed": "1", "replacing": lists.approved.pk},
        follow=True,
    )
    assert f"Перечень утверждён: {order}." in response.content.decode()
    lists.draft.refresh_from_db()
    lists.approved.refresh_from_db()
    assert lists.draft.status == "approved" and lists.draft.order == order
    assert lists.approved.status == "superseded"
    response = client.post(
        reverse("assessment:decide", args=[lists.draft.pk, lists.draft_row_a.pk]),
        {"action": "exclude", "reason": "Поздно, но всё же"},
        follow=True,
    )
    assert "уже утверждён приказом" in response.content.decode()
    assert ListedSchool.objects.get(pk=lists.draft_row_a.pk).manual == ""


def test_risk_zone_lists_near_threshold_schools_with_reasons(lists, client_as):
    response = client_as(lists.users["operator"]).get(
        reverse("assessment:identification", args=[lists.approved.pk]), {"tab": "risk"}
    )
    rows = {row.school.fis_oko_login: row for row in response.context["page"]}
    assert set(rows) == {"sch420003"}
    assert rows["sch420003"].risk_reasons == ["один маркер в 2025 году: ВПР 5 РУ"]


def test_municipal_coordinator_sees_only_their_municipalitys_rows(lists, client_as):
    response = client_as(lists.users["municipal"]).get(reverse("assessment:identification", args=[lists.approved.pk]))
    assert [row.school.fis_oko_login for row in response.context["page"]] == ["sch420001"]


def test_exports_are_an_order_appendix_with_the_marker_matrix(lists, client_as):
    client = client_as(lists.users["operator"])
    xlsx = client.get(reverse("assessment:export", args=[lists.approved.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any("Перечень общеобразовательных организаций" in c for c in cells)
    assert "sch420001" in cells and "sch420002" in cells and "sch420003" not in cells
    docx = client.get(reverse("assessment:export", args=[lists.approved.pk, "docx"]))
    text = "\n".join(
        cell.text for table in Document(io.BytesIO(docx.content)).tables for row in table.rows for cell in row.cells
    )
    assert "МКОУ «ООШ с. Тохтор»" in text and "Критерий 2" in text
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing")


def test_dynamics_show_who_entered_stayed_and_left(lists):
    previous_campaign = CampaignFactory(region=lists.region, year=2025)
    store_rows = [
        (lists.school_c.pk, 2023, "oge_ru", 10, 5),
        (lists.school_c.pk, 2024, "oge_ru", 10, 5),
        (lists.school_b.pk, 2024, "ege_ma", 10, 4),
        (lists.school_b.pk, 2024, "ege_ru", 10, 4),
    ]
    from opora.assessment.services import store_results

    store_results(results_frame(store_rows), upload_id=None)
    operator = lists.users["operator"]
    before = identification_run(campaign=previous_campaign, year=2024, params=RuleParams(), user=operator)
    last_years_order = OrderFactory(issuer=lists.order.issuer, number="31-р")
    identification_approve(identification=before, order=last_years_order, user=operator)
    from opora.registry.models import School

    dynamics = list_dynamics(lists.approved, School.objects.all())
    assert [name for _pk, name in dynamics["entered"]] == ["МБОУ «СОШ № 1» (Северный район)"]
    assert [name for _pk, name in dynamics["stayed"]] == ["МКОУ «ООШ с. Тохтор» (Южный район)"]
    assert [name for _pk, name in dynamics["left"]] == ["МБОУ «СОШ № 3» (Северный район)"]


def test_list_page_queries_do_not_grow_with_the_list(lists, client_as, django_assert_max_num_queries):
    from tests.factories import SchoolFactory

    client = client_as(lists.users["operator"])
    url = reverse("assessment:identification", args=[lists.approved.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    extra = SchoolFactory.create_batch(40, municipality=lists.m)
    from opora.assessment.services import store_results

    store_results(
        results_frame([(s.pk, 2025, p, 10, 5) for s in extra for p in ("vpr5_ru", "vpr5_ma")]), upload_id=None
    )
    bigger = identification_run(campaign=lists.campaign, year=2025, params=RuleParams(), user=None)
    # One approved list per campaign (a database constraint): the list in force is replaced first.
    Identification.objects.filter(campaign=lists.campaign, status="approved").update(status="superseded")
    Identification.objects.filter(pk=bigger.pk).update(status="approved")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("assessment:identification", args=[bigger.pk]))
    assert response.context["counts"]["listed"] == 42


def test_school_results_page_charts_the_share_of_twos(lists, client_as):
    response = client_as(lists.users["director_a"]).get(reverse("assessment:school_results", args=[lists.school_a.pk]))
    labels = [d["label"] for d in response.context["datasets"]]
    assert labels == ["ВПР 5 РУ", "ОГЭ МА", "Порог"]
    assert response.context["datasets"][0]["data"] == [5.0, 40.0]
