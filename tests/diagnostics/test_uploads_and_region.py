"""Answers uploaded from XLSX (all or nothing), the heat map, the campaign's settings."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from opora.diagnostics.models import AnswersUpload, Response, RiskProfile
from opora.diagnostics.services import diagnostics_prepare

from .builders import answered_school
from .worlds import add_diagnostics


@pytest.fixture
def dx(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    add_diagnostics(world)
    return world


def xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("otvety.xlsx", buffer.getvalue())


def upload(client, dx, rows, group="pupils"):
    return client.post(reverse("diagnostics:upload", args=[dx.profile_a.pk]), {"group": group, "file": xlsx(rows)})


def test_an_upload_with_bad_rows_loads_nothing_and_names_each_row(dx, client_as):
    client = client_as(dx.users["director_a"])
    page = upload(
        client,
        dx,
        [
            ["p1", "p2", "p3", "p4", "p5"],
            [4, "no", 5, 4, "interest"],
            [9, "no", 5, 4, "interest"],
            [3, "иногда", 5, 4, "future;parents"],
        ],
    )
    text = page.content.decode()
    assert "Строка 3, вопрос «p1»: число от 1 до 5" in text
    assert "Строка 4, вопрос «p2»: нет такого варианта ответа: «иногда»" in text
    assert not Response.objects.exists()
    record = AnswersUpload.objects.get()
    assert record.status == "refused" and record.file.read()[:2] == b"PK"  # kept


def test_a_good_upload_loads_every_row_matching_options_by_code_or_text(dx, client_as):
    client = client_as(dx.users["director_a"])
    reply = upload(
        client,
        dx,
        [
            ["p1. Мне интересно", "p2", "p3", "p4", "p5"],
            [4, "Нет", 5, 4, "interest"],
            [2, "often", 1, 2, "unknown; parents"],
        ],
    )
    assert reply.status_code == 302
    assert Response.objects.filter(school=dx.school_a, source="upload").count() == 2
    assert AnswersUpload.objects.get().rows == 2


def test_a_word_file_named_xlsx_is_refused_by_its_content(dx, client_as):
    client = client_as(dx.users["director_a"])
    fake = SimpleUploadedFile("otvety.xlsx", b"%PDF-1.4 not a table")
    page = client.post(reverse("diagnostics:upload", args=[dx.profile_a.pk]), {"group": "pupils", "file": fake})
    assert "PDF" in page.content.decode() and not Response.objects.exists()


def test_the_sample_file_has_the_question_codes(dx, client_as):
    data = client_as(dx.users["director_a"]).get(
        reverse("diagnostics:upload_sample", args=[dx.profile_a.pk, "parents"])
    )
    book = load_workbook(io.BytesIO(data.content))
    assert [c.value for c in book["Ответы"][1]] == ["r1", "r2", "r3", "r4", "r5"]


def test_the_heat_map_shows_the_users_schools_with_counts_and_exports(dx, client_as, django_assert_max_num_queries):
    answered_school(dx, dx.school_a)
    answered_school(dx, dx.school_b, pupils=(25, 5))
    operator = client_as(dx.users["operator"])
    with django_assert_max_num_queries(16):  # 15 and the menu's unread notifications
        page = operator.get(reverse("diagnostics:heatmap"))
    text = page.content.decode()
    assert str(dx.school_a) in text and str(dx.school_b) in text
    municipal = client_as(dx.users["municipal"]).get(reverse("diagnostics:heatmap")).content.decode()
    assert str(dx.school_a) in municipal and str(dx.school_b) not in municipal
    # Filter: schools with a high level of school environment.
    from opora.diagnostics.models import FactorLevel, RiskFactor

    f07 = RiskFactor.objects.get(campaign=dx.campaign, code="f07")
    high = set(
        FactorLevel.objects.filter(factor=f07, computed="high").values_list("profile__school__short_name", flat=True)
    )
    operator = client_as(dx.users["operator"])  # the same test client, signed in again
    filtered = operator.get(reverse("diagnostics:heatmap"), {"factor": f07.pk, "level": "high"}).content.decode()
    for school in (dx.school_a, dx.school_b):
        assert (str(school) in filtered) == (str(school) in high)
    book = load_workbook(io.BytesIO(operator.get(reverse("diagnostics:heatmap_export")).content))
    sheet = book.active
    names = [sheet.cell(row, 2).value for row in range(3, 5)]
    assert sorted(names) == sorted([str(dx.school_a), str(dx.school_b)])
    rules = [r for cf in sheet.conditional_formatting for r in cf.rules]
    assert {r.formula[0] for r in rules} == {'"высокий"', '"средний"', '"низкий"', '"недостаточно данных"'}
    assert sheet.cell(3, 5).value in {"высокий", "средний", "низкий", "недостаточно данных"}


def test_prepare_gives_every_school_of_the_approved_list_a_profile(world):
    from tests.assessment.worlds import add_lists

    add_lists(world)
    created = diagnostics_prepare(campaign=world.campaign)
    schools = set(RiskProfile.objects.filter(campaign=world.campaign).values_list("school__fis_oko_login", flat=True))
    assert created == 2 and schools == {"sch420001", "sch420002"}
    assert diagnostics_prepare(campaign=world.campaign) == 0
