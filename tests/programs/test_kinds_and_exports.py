"""The operator's page of a campaign's kinds of documents and review criteria (other campaigns
untouched, nothing deleted, Russian messages), and the documents table prepared in the background."""

import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from openpyxl import load_workbook

from opora.core import prepared
from opora.core.models import AuditEntry, PreparedFile
from opora.programs import table_export
from opora.programs.models import DocumentKind, ReviewCriterion, SchoolDocument
from opora.registry.models import Campaign
from tests.assessment.worlds import add_lists

from .worlds import add_documents, kind


@pytest.fixture
def w(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    add_lists(world)
    add_documents(world)
    return world


def kinds_form(campaign, **changes) -> dict:
    """The page's form as it comes, with the given fields changed."""
    data = {"required": [], "retired": []}
    for k in DocumentKind.objects.filter(campaign=campaign):
        data[f"title-{k.pk}"] = k.title
        data[f"order-{k.pk}"] = str(k.order)
        if k.required:
            data["required"].append(str(k.pk))
        if k.retired:
            data["retired"].append(str(k.pk))
    return data | changes


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_operator_renames_adds_and_retires_kinds_of_this_campaign_only(w, client_as):
    later = Campaign.objects.create(region=w.region, year=w.campaign.year + 1)
    DocumentKind.for_campaign(later)
    operator = client_as(w.users["operator"])
    url = reverse("programs:kinds", args=[w.campaign.pk])
    page = operator.get(url).content.decode()
    assert "Антирисковая программа" in page and "по одному на каждый активированный фактор риска" in page

    concept, other = kind(w.campaign, "concept"), kind(w.campaign, "other")
    data = kinds_form(
        w.campaign, **{f"title-{concept.pk}": "Программа развития школы", "new_title": "Отчёт о самообследовании"}
    )
    data |= {"new_per": "school", "new_required": "1", "retired": [str(concept.pk)], f"order-{other.pk}": "1"}
    response = operator.post(url, data)
    assert response.status_code == 302 and "Добавлен вид «Отчёт о самообследовании»" in said(response)[0]

    concept.refresh_from_db()
    assert concept.title == "Программа развития школы" and concept.retired
    assert SchoolDocument.objects.filter(kind=concept).count() == 2  # its documents stay
    assert DocumentKind.objects.filter(campaign=w.campaign).order_by("order").first() == other
    added = DocumentKind.objects.get(campaign=w.campaign, title="Отчёт о самообследовании")
    assert added.required and added.per == "school"
    # The next campaign keeps its own kinds as they were.
    assert kind(later, "concept").title == "Концепция развития" and not kind(later, "concept").retired
    assert not DocumentKind.objects.filter(campaign=later, title="Отчёт о самообследовании").exists()
    assert AuditEntry.objects.filter(model="programs.DocumentKind", object_id=str(concept.pk), action="update").exists()

    # A retired kind is owed by nobody and gone from the table; the new required kind is owed.
    chosen = {"campaign": w.campaign.pk}
    director = client_as(w.users["director_a"]).get(reverse("programs:home"), chosen).content.decode()
    missing = director.split('data-testid="missing"')[1].split("</section>")[0]
    assert "Отчёт о самообследовании" in missing
    table = operator.get(reverse("programs:table"), chosen).content.decode()
    assert "Программа развития школы" not in table and "Отчёт о самообследовании" in table


def test_bad_kinds_are_refused_with_russian_messages_and_change_nothing(w, client_as):
    operator = client_as(w.users["operator"])
    url = reverse("programs:kinds", args=[w.campaign.pk])
    concept, midterm = kind(w.campaign, "concept"), kind(w.campaign, "midterm")
    data = kinds_form(w.campaign, **{f"title-{concept.pk}": "  ", f"title-{midterm.pk}": "Другой документ"})
    response = operator.post(url, data | {"new_title": "Без числа"})
    messages = said(response)
    assert "Название вида «Концепция развития» не может быть пустым." in messages
    assert "Для нового вида выберите, сколько документов нужно школе." in messages
    assert any("«Другой документ» в кампании уже есть" in m for m in messages)
    assert kind(w.campaign, "midterm").title == "Среднесрочная программа развития"
    assert DocumentKind.objects.filter(campaign=w.campaign).count() == 5


def test_criteria_are_added_renamed_reordered_and_retired_and_new_reviews_ask_the_current_ones(w, client_as):
    operator = client_as(w.users["operator"])
    antirisk = kind(w.campaign, "antirisk")
    first, second, third = antirisk.criteria.all()
    url = reverse("programs:criteria", args=[w.campaign.pk, antirisk.pk])
    data = {f"text-{c.pk}": c.text for c in (first, second, third)} | {f"points-{c.pk}": "3" for c in (first, second)}
    data |= {
        f"text-{second.pk}": "Мероприятия конкретны, измеримы и имеют сроки",
        f"order-{third.pk}": "1",
        f"points-{third.pk}": "5",
        "retired": [str(first.pk)],
        "new_text": "Программа согласована с педагогическим советом",
        "new_points": "2",
    }
    response = operator.post(url, data)
    assert response["Location"].endswith(f"#kind-{antirisk.pk}")
    criteria = list(ReviewCriterion.objects.filter(kind=antirisk))
    assert [c.text for c in criteria] == [
        third.text,
        first.text,
        "Мероприятия конкретны, измеримы и имеют сроки",
        "Программа согласована с педагогическим советом",
    ]
    assert [c.retired for c in criteria] == [False, True, False, False] and criteria[0].max_points == 5
    # The curator's review of an anti-risk programme asks the criteria in force, in their order.
    w.antirisk_a.status = "submitted"
    w.antirisk_a.save(update_fields=["status"])
    page = client_as(w.users["curator_a"]).get(reverse("programs:review", args=[w.antirisk_a.pk])).content.decode()
    assert first.text not in page and page.index(third.text) < page.index("имеют сроки")
    assert "согласована с педагогическим советом" in page


def test_bad_criteria_are_refused_and_another_campaigns_kind_is_404(w, client_as):
    operator = client_as(w.users["operator"])
    concept = kind(w.campaign, "concept")
    first = concept.criteria.first()
    url = reverse("programs:criteria", args=[w.campaign.pk, concept.pk])
    response = operator.post(url, {f"text-{first.pk}": "", "new_text": "Новый", "new_points": "40"})
    messages = said(response)
    assert f"Текст критерия «{first.text}» не может быть пустым." in messages
    assert "Новый критерий: наибольший балл — целое число от 1 до 10." in messages
    assert concept.criteria.count() == 3
    later = Campaign.objects.create(region=w.region, year=w.campaign.year + 1)
    later_concept = kind(later, "concept")
    assert operator.post(reverse("programs:criteria", args=[w.campaign.pk, later_concept.pk])).status_code == 404


def test_only_the_regions_operator_configures_kinds(w, client_as):
    url = reverse("programs:kinds", args=[w.campaign.pk])
    assert client_as(w.users["curator_a"]).get(url).status_code == 403
    assert client_as(w.users["operator_r2"]).get(url).status_code == 404
    home = client_as(w.users["operator"]).get(reverse("programs:home")).content.decode()
    assert 'data-testid="kinds-link"' in home
    assert (
        'data-testid="kinds-link"'
        not in client_as(w.users["coordinator"]).get(reverse("programs:home")).content.decode()
    )


def test_a_large_table_is_prepared_in_the_worker_with_the_requesters_scope(w, client_as, monkeypatch):
    monkeypatch.setattr(table_export, "INLINE_ROWS", 0)
    municipal = client_as(w.users["municipal"])
    assert municipal.get(reverse("programs:table_export")).status_code == 302  # a GET asks for the button
    assert not PreparedFile.objects.exists()
    response = municipal.post(reverse("programs:table_export"))
    record = PreparedFile.objects.get()
    assert response["Location"] == reverse("home:prepared_file", args=[record.pk])
    assert record.kind == "programs.table" and record.state == PreparedFile.State.DONE
    download = municipal.get(reverse("home:prepared_download", args=[record.pk]))
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.values)
    logins = {row[2] for row in rows[1:]}
    assert logins == {w.school_a.fis_oko_login}  # school B is in another municipality
    assert rows[0][3] == "Концепция развития"


def test_the_table_builder_refuses_a_campaign_outside_the_requesters_scope(w):
    from django.http import Http404

    with pytest.raises(Http404):
        prepared.BUILDERS["programs.table"]({"campaign": w.campaign.pk}, w.users["operator_r2"], print)
