"""Exports of a list in every state, and the list page's pages."""

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from opora.assessment.exports import NO_SCHOOLS
from opora.assessment.models import Identification, ListedSchool
from opora.assessment.rules import RuleParams
from opora.assessment.services import identification_run
from tests.factories import SchoolFactory

from .worlds import add_lists


@pytest.fixture
def lists(world):
    add_lists(world)
    return world


def xlsx_cells(response) -> list[str]:
    book = load_workbook(io.BytesIO(response.content))
    return [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]


def docx_text(response) -> str:
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def empty_run(world) -> Identification:
    return identification_run(
        campaign=world.campaign, year=2025, params=RuleParams(threshold=100), user=world.users["operator"]
    )


def junk_run(world) -> Identification:
    """What a run for a year without results used to leave behind: no procedures, no rows."""
    return Identification.objects.create(campaign=world.campaign, year=0, run_by=world.users["operator"])


STATES = {
    "проект": lambda w: w.draft,
    "утверждённый": lambda w: w.approved,
    "заменённый": lambda w: (
        Identification.objects.filter(pk=w.approved.pk).update(status="superseded")
        and Identification.objects.get(pk=w.approved.pk)
    ),
    "пустой проект": empty_run,
    "расчёт без результатов": junk_run,
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_every_list_exports_in_every_state(lists, client_as, state, fmt):
    identification = STATES[state](lists)
    response = client_as(lists.users["operator"]).get(reverse("assessment:export", args=[identification.pk, fmt]))
    assert response.status_code == 200
    text = "\n".join(xlsx_cells(response)) if fmt == "xlsx" else docx_text(response)
    assert "Перечень общеобразовательных организаций" in text
    listed = identification.schools.on_list().exists()
    assert ("sch420001" in text) is listed
    assert (NO_SCHOOLS in text) is not listed


def test_the_empty_list_sheet_keeps_its_header_frozen(lists, client_as):
    response = client_as(lists.users["operator"]).get(reverse("assessment:export", args=[empty_run(lists).pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content))["Перечень"]
    assert sheet.freeze_panes == "E7"


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_a_user_whose_schools_are_not_listed_exports_an_empty_list(lists, client_as, fmt):
    # The director of school C sees no row of the approved list (C is only in the risk zone).
    from opora.accounts.models import Role
    from tests.factories import UserFactory, assign

    director_c = UserFactory(email="director.c@example.ru", person__region=lists.region)
    assign(director_c, Role.SCHOOL_TEAM, region=lists.region, campaign=lists.campaign, schools=[lists.school_c])
    response = client_as(director_c).get(reverse("assessment:export", args=[lists.approved.pk, fmt]))
    assert response.status_code == 200
    text = "\n".join(xlsx_cells(response)) if fmt == "xlsx" else docx_text(response)
    assert NO_SCHOOLS in text and "sch420001" not in text


def listed_run(world, n: int) -> Identification:
    run = Identification.objects.create(campaign=world.campaign, year=2025, procedures=["vpr5_ru"])
    schools = SchoolFactory.create_batch(n, municipality=world.m)
    ListedSchool.objects.bulk_create(
        ListedSchool(identification=run, school=s, rule_listed=True, markers={"2025": ["vpr5_ru"]}) for s in schools
    )
    return run


@pytest.mark.parametrize(("n", "pages", "first_page"), [(50, 1, 50), (51, 1, 51), (60, 1, 60), (61, 2, 50)])
def test_a_last_page_of_a_few_schools_joins_the_page_before(lists, client_as, n, pages, first_page):
    run = listed_run(lists, n)
    response = client_as(lists.users["operator"]).get(reverse("assessment:identification", args=[run.pk]))
    page = response.context["page"]
    assert (page.paginator.num_pages, len(page)) == (pages, first_page)
    body = response.content.decode()
    assert (f"1 из {pages}" in body) is (pages > 1)
    assert body.count("<tr class=") == first_page


def test_the_second_page_holds_the_rest(lists, client_as):
    run = listed_run(lists, 61)
    response = client_as(lists.users["operator"]).get(reverse("assessment:identification", args=[run.pk]), {"page": 2})
    assert len(response.context["page"]) == 11
    assert "Показаны 51–61 из 61" in response.content.decode()
