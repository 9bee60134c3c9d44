"""The expert council: samples that can be repeated, experts who may judge, points, summaries, export."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from opora.accounts.models import Role
from opora.programs import services
from opora.programs.models import ExpertSample
from tests.factories import UserFactory, assign

from .access import make_document
from .worlds import add_documents


@pytest.fixture
def w(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    add_documents(world)
    return world


def test_the_same_seed_draws_the_same_sample(w):
    for n in range(12):
        make_document(w.campaign, w.school_c, "submitted", "other", f"Документ {n}")
    operator = w.users["operator"]
    first = services.sample_draw(user=operator, campaign=w.campaign, title="Первая", size=5, seed=2026)
    second = services.sample_draw(user=operator, campaign=w.campaign, title="Вторая", size=5, seed=2026)
    third = services.sample_draw(user=operator, campaign=w.campaign, title="Третья", size=5, seed=7)
    ids = [sorted(s.entries.values_list("document_id", flat=True)) for s in (first, second, third)]
    assert ids[0] == ids[1] and ids[0] != ids[2]
    assert first.seed == 2026 and first.size == 5
    drafts = set(w.school_a.documents.filter(status="draft").values_list("pk", flat=True))
    assert not drafts & set(ids[0])


def test_a_seed_is_recorded_when_none_is_given(w):
    sample = services.sample_draw(user=w.users["operator"], campaign=w.campaign, title="Без зерна", size=2)
    assert sample.seed is not None
    assert sorted(sample.entries.values_list("document_id", flat=True)) == services.council.draw(
        list(services.council.eligible(w.campaign).values_list("pk", flat=True)), 2, sample.seed
    )


def test_only_the_operator_draws(w):
    with pytest.raises(PermissionDenied):
        services.sample_draw(user=w.users["coordinator"], campaign=w.campaign, title="Нет", size=2)


def test_a_chosen_sample_names_unknown_documents(w):
    with pytest.raises(ValidationError, match="№ 999999"):
        services.sample_choose(
            user=w.users["operator"], campaign=w.campaign, title="Вручную", document_ids=[w.concept_a.pk, 999999]
        )


def test_an_expert_never_judges_their_own_school_or_one_they_curate(w):
    sample = services.sample_choose(
        user=w.users["operator"], campaign=w.campaign, title="Вручную", document_ids=[w.concept_a.pk]
    )
    entry = sample.entries.get()
    curator_expert = w.users["curator_a"]
    assign(curator_expert, Role.EXPERT, region=w.region)
    director_expert = UserFactory(email="director.expert@example.ru", person__region=w.region)
    assign(director_expert, Role.EXPERT, region=w.region)
    assign(director_expert, Role.SCHOOL_TEAM, region=w.region, schools=[w.school_a])
    curator_expert._opora_scope = None
    with pytest.raises(ValidationError, match="куратор школы"):
        services.expert_assign(user=w.users["operator"], entry=entry, expert=curator_expert)
    with pytest.raises(ValidationError, match="работает в школе"):
        services.expert_assign(user=w.users["operator"], entry=entry, expert=director_expert)
    with pytest.raises(ValidationError, match="не назначен"):
        services.expert_assign(user=w.users["operator"], entry=entry, expert=w.users["coordinator"])
    assert services.expert_assign(user=w.users["operator"], entry=entry, expert=w.users["expert"]).pk


def test_the_expert_scores_within_range_and_the_summaries_add_up(w, client_as):
    sample = services.sample_choose(
        user=w.users["operator"], campaign=w.campaign, title="Вручную", document_ids=[w.concept_a.pk, w.concept_b.pk]
    )
    second = UserFactory(email="expert2@example.ru", person__region=w.region, person__last_name="Борисова")
    assign(second, Role.EXPERT, region=w.region)
    for entry in sample.entries.all():
        services.expert_assign(user=w.users["operator"], entry=entry, expert=w.users["expert"])
    entry_a = sample.entries.get(document=w.concept_a)
    services.expert_assign(user=w.users["operator"], entry=entry_a, expert=second)
    criteria = list(w.concept_a.kind.criteria.all())
    mine = w.users["expert"].expert_assignments.get(entry=entry_a)
    client = client_as(w.users["expert"])
    url = reverse("programs:score", args=[mine.pk])
    data = {f"points_{c.pk}": 3 for c in criteria} | {f"points_{criteria[0].pk}": 9, "comment": "Хорошо"}
    refused = client.post(url, data)
    assert refused.status_code == 200 and "меньше либо равно 3" in refused.content.decode()
    assert not mine.scores.exists()
    data[f"points_{criteria[0].pk}"] = 1
    assert client.post(url, data).status_code == 302
    services.scores_save(
        user=second, assignment=second.expert_assignments.get(), scores={c.pk: (2, "") for c in criteria}, comment=""
    )
    summary = services.summary(sample)
    school_a = next(line for line in summary.by_school if line.label == str(w.school_a))
    assert (school_a.points, school_a.possible, school_a.scorings) == (1 + 3 + 3 + 2 * 3, 18, 2)
    first_criterion = next(line for line in summary.by_criterion if criteria[0].text in line.label)
    assert (first_criterion.points, first_criterion.possible) == (1 + 2, 6)
    expert_line = next(line for line in summary.by_expert if line.label == w.users["expert"].get_full_name())
    assert (expert_line.assigned, expert_line.scorings, expert_line.points) == (2, 1, 7)
    # Another expert's assignment does not exist for this one.
    other = second.expert_assignments.get()
    assert client.get(reverse("programs:score", args=[other.pk])).status_code == 404
    export = client_as(w.users["operator"]).get(reverse("programs:sample_export", args=[sample.pk]))
    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["Документы", "По школам", "По критериям", "По экспертам"]
    rows = list(book["Документы"].values)
    assert (
        "Северный район",
        w.school_a.short_name,
        "Концепция развития",
        w.users["expert"].get_full_name(),
        7,
        9,
        "Хорошо",
    ) in rows


def test_the_operator_draws_assigns_and_sees_the_sample_page(w, client_as, django_assert_max_num_queries):
    client = client_as(w.users["operator"])
    response = client.post(
        reverse("programs:draw", args=[w.campaign.pk]), {"title": "Весна", "method": "random", "size": "3", "seed": "5"}
    )
    sample = ExpertSample.objects.get(title="Весна")
    assert response["Location"] == sample.get_absolute_url() and sample.seed == 5
    entry = sample.entries.first()
    client.post(reverse("programs:assign", args=[sample.pk]), {"entry": entry.pk, "expert": w.users["expert"].pk})
    assert entry.assignments.get().expert == w.users["expert"]
    with django_assert_max_num_queries(16):
        page = client.get(sample.get_absolute_url())
    assert "зерно 5" in page.content.decode()
    council = client_as(w.users["expert"]).get(reverse("programs:council")).content.decode()
    assert "Мне на экспертизу" in council and "Оценить" in council
