"""Every list page × every persona → exactly the objects they must see (tests/conftest.py
`full_world`). Each row says what a page lists for each persona; the test also checks that the
objects a persona must not see are absent from the page's text, so a name cannot slip in through
a part of the page the context check does not read."""

import io

import openpyxl
import pytest
from django.urls import reverse

from opora.registry.models import Person

from .conftest import PERSONAS

REGION_WIDE = ("operator", "coordinator", "expert", "observer")
SIGNED_IN = PERSONAS[:-1]

A, B, C, R2 = "МБОУ «СОШ № 1»", "МКОУ «ООШ с. Тохтор»", "МБОУ «СОШ № 3»", "МБОУ «Чужая СОШ»"
REGIONAL = "Дорожная карта Тестовой области на 2026 год"
ROADMAP_M, ROADMAP_M2 = "Дорожная карта Северного района", "Дорожная карта Южного района"
ROADMAP_A = "План мероприятий МБОУ «СОШ № 1»"
OTHER_REGIONAL, OTHER_M = "Дорожная карта Чужой области", "Дорожная карта Чужого района"
ITEM_M, ITEM_M2, ITEM_A = "Назначение кураторов", "Совещание в Южном районе", "Самодиагностика"
OTHER_ITEM_M = "Совещание директоров Чужого района"


def by_persona(region_wide, **others) -> dict:
    return dict.fromkeys(REGION_WIDE, region_wide) | others


# Which persons' assignments / records a persona sees, by persona key.
OURS = ("operator", "coordinator", "municipal", "curator_a", "director_a", "director_b", "expert", "observer")
OURS += ("observer_m2",)


def _schools(response):
    return {s.short_name for s in response.context["page"]}


def _orders(response):
    return {o.number for o in response.context["page"]}


def _roadmaps(response):
    return {r.title for r in response.context["page"]}


def _items(response):
    return {i.action for i in response.context["page"]}


def _people(response, w):
    keys = {w.users[p].person_id: p for p in SIGNED_IN}
    return {keys.get(p.pk, p.pk) for p in response.context["page"]}


def _assignees(response, w):
    keys = {w.users[p].person_id: p for p in SIGNED_IN}
    return {keys.get(a.person_id, a.person_id) for a in response.context["page"]}


def _listed(response):
    return {row.school.short_name for row in response.context["page"]}


def _regions(response):
    return {region.name for region, _campaign, _count in response.context["region_rows"]}


def _xlsx_schools(response):
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    text = "\n".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v)
    return {name for name in (A, B, C, R2) if name in text}


# page → (url builder, what the page lists, expected by persona, the universe of names checked in the text)
PAGES = {
    "школы": (
        lambda w: reverse("registry:schools"),
        _schools,
        by_persona(
            {A, B, C},
            municipal={A, C},
            curator_a={A},
            director_a={A},
            director_b={B},
            observer_m2={B},
            operator_r2={R2},
        ),
        (A, B, C, R2),
    ),
    "приказы": (
        lambda w: reverse("registry:orders"),
        _orders,
        by_persona(
            {"112-р", "27-р", "45"},
            municipal={"112-р", "27-р"},
            curator_a={"112-р", "27-р"},
            director_a={"112-р", "27-р"},
            director_b={"112-р", "27-р", "45"},
            observer_m2={"112-р", "27-р", "45"},
            operator_r2={"77-р", "5-р"},
        ),
        (),
    ),
    "люди": (
        lambda w: reverse("registry:people"),
        _people,
        by_persona(
            set(OURS),
            # Staff of a school are seen where the school is; regional staff by the region's team.
            municipal={"director_a"},
            curator_a={"director_a"},
            director_a={"director_a"},
            director_b={"director_b"},
            observer_m2={"director_b"},
            operator_r2={"operator_r2"},
        ),
        (),
    ),
    "назначения": (
        lambda w: reverse("accounts:assignments"),
        _assignees,
        by_persona(
            set(OURS),
            municipal={"municipal", "curator_a", "director_a"},
            curator_a={"curator_a", "director_a"},
            director_a={"curator_a", "director_a"},
            director_b={"director_b"},
            observer_m2={"observer_m2", "director_b"},
            operator_r2={"operator_r2"},
        ),
        (),
    ),
    "дорожные карты": (
        lambda w: reverse("roadmaps:list"),
        _roadmaps,
        by_persona(
            {REGIONAL, ROADMAP_M, ROADMAP_M2, ROADMAP_A},
            municipal={REGIONAL, ROADMAP_M, ROADMAP_A},
            curator_a={REGIONAL, ROADMAP_M, ROADMAP_A},
            director_a={REGIONAL, ROADMAP_M, ROADMAP_A},
            director_b={REGIONAL, ROADMAP_M2},
            observer_m2={REGIONAL, ROADMAP_M2},
            operator_r2={OTHER_REGIONAL, OTHER_M},
        ),
        (REGIONAL, ROADMAP_M, ROADMAP_M2, ROADMAP_A, OTHER_REGIONAL, OTHER_M),
    ),
    "просроченные": (
        lambda w: reverse("roadmaps:overdue"),
        _items,
        by_persona(
            {ITEM_M, ITEM_M2, ITEM_A},
            municipal={ITEM_M, ITEM_A},
            curator_a={ITEM_M, ITEM_A},
            director_a={ITEM_M, ITEM_A},
            director_b={ITEM_M2},
            observer_m2={ITEM_M2},
            operator_r2={OTHER_ITEM_M},
        ),
        (ITEM_M, ITEM_M2, ITEM_A, OTHER_ITEM_M),
    ),
    "главная": (
        lambda w: reverse("home:home"),
        _regions,
        {persona: {"Тестовая область"} for persona in OURS} | {"operator_r2": {"Чужая область"}},
        ("Тестовая область", "Чужая область"),
    ),
}

# The approved list (and its export) of our region: R2's operator does not see it at all (404).
LIST_ROWS = by_persona(
    {A, B},
    municipal={A},
    curator_a={A},
    director_a={A},
    director_b={B},
    observer_m2={B},
)
# The export holds the list and, on its own sheet, the risk zone (school C), each within the user's schools.
EXPORT_ROWS = by_persona(
    {A, B, C},
    municipal={A, C},
    curator_a={A},
    director_a={A},
    director_b={B},
    observer_m2={B},
)


@pytest.fixture
def staffed_world(full_world):
    """Directors work at their schools (their person records say so)."""
    w = full_world
    Person.objects.filter(pk=w.users["director_a"].person_id).update(school=w.school_a)
    Person.objects.filter(pk=w.users["director_b"].person_id).update(school=w.school_b)
    return w


@pytest.mark.parametrize("page", list(PAGES))
def test_each_persona_sees_exactly_their_objects_on_the_list_page(staffed_world, client_as, page):
    build, listed, expected, names = PAGES[page]
    assert set(expected) == set(SIGNED_IN), "каждая роль должна быть в строке"
    wrong = []
    for persona in SIGNED_IN:
        response = client_as(staffed_world.users[persona]).get(build(staffed_world))
        assert response.status_code == 200, f"{persona}: {response.status_code}"
        got = listed(response, staffed_world) if listed in (_people, _assignees) else listed(response)
        if got != expected[persona]:
            wrong.append(f"{persona}: {sorted(got)}, ожидалось {sorted(expected[persona])}")
        text = response.content.decode()
        leaked = [name for name in names if name not in expected[persona] and name in text]
        if leaked:
            wrong.append(f"{persona}: на странице чужое {leaked}")
    assert not wrong, f"{page}: " + "; ".join(wrong)


def test_each_persona_sees_the_rows_of_their_schools_in_the_approved_list_and_its_export(full_world, client_as):
    w = full_world
    wrong = []
    for persona in SIGNED_IN:
        client = client_as(w.users[persona])
        page = client.get(reverse("assessment:identification", args=[w.approved.pk]))
        export = client.get(reverse("assessment:export", args=[w.approved.pk, "xlsx"]))
        if persona == "operator_r2":
            if (page.status_code, export.status_code) != (404, 404):
                wrong.append(f"{persona}: {page.status_code}, {export.status_code}, ожидалось 404")
            continue
        rows, in_export = _listed(page), _xlsx_schools(export)
        if rows != LIST_ROWS[persona] or in_export != EXPORT_ROWS[persona]:
            wrong.append(f"{persona}: на странице {sorted(rows)}, в выгрузке {sorted(in_export)}")
        leaked = [name for name in (A, B) if name not in LIST_ROWS[persona] and name in page.content.decode()]
        if leaked:
            wrong.append(f"{persona}: на странице чужое {leaked}")
    assert not wrong, "; ".join(wrong)
