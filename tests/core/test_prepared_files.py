"""Files prepared in the background: a national list is built in the worker, not in the request;
its page and file belong to the person who asked; the worker builds it with their scope."""

import io
import os

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from openpyxl import load_workbook

from opora.assessment import list_export
from opora.core import prepared
from opora.core.models import PreparedFile
from tests.assessment.worlds import add_lists


@pytest.fixture
def lists(world, monkeypatch):
    add_lists(world)
    # The regions of the tests are small: any list counts as national here.
    monkeypatch.setattr(list_export, "INLINE_ROWS", 0)
    return world


def cells(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None)


def ask(client, identification, fmt="xlsx"):
    return client.post(reverse("assessment:export", args=[identification.pk, fmt]))


def test_a_large_list_is_prepared_in_the_worker_and_sent_to_its_requester(lists, client_as):
    operator = client_as(lists.users["operator"])
    response = ask(operator, lists.approved)
    record = PreparedFile.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("home:prepared_file", args=[record.pk])
    assert record.owner == lists.users["operator"] and record.kind == "assessment.list"

    page = operator.get(response["Location"]).content.decode()
    assert "Файл готов" in page and "Перечень ШНОР" in page
    download = operator.get(reverse("home:prepared_download", args=[record.pk]))
    assert download.status_code == 200
    assert f"perechen-shnor-{lists.campaign.year}-{lists.approved.pk}.xlsx" in download["Content-Disposition"]
    text = cells(b"".join(download.streaming_content))
    assert "sch420001" in text and "27-р" in text  # the listed school, and the approving order


def test_the_docx_appendix_is_prepared_too(lists, client_as):
    operator = client_as(lists.users["operator"])
    ask(operator, lists.approved, "docx")
    record = PreparedFile.objects.get()
    assert record.state == PreparedFile.State.DONE and record.filename.endswith(".docx")


def test_the_worker_builds_the_file_with_the_requesters_scope(lists, client_as):
    # Director A sees school A's row only, in the background as on the page.
    director = client_as(lists.users["director_a"])
    ask(director, lists.approved)
    record = PreparedFile.objects.get()
    text = cells(b"".join(director.get(reverse("home:prepared_download", args=[record.pk])).streaming_content))
    assert lists.school_a.fis_oko_login in text
    assert lists.school_b.fis_oko_login not in text


@pytest.mark.parametrize("name", ["prepared_file", "prepared_status", "prepared_download"])
def test_another_persons_prepared_file_is_404(lists, client_as, name):
    ask(client_as(lists.users["operator"]), lists.approved)
    record = PreparedFile.objects.get()
    # The region's coordinator sees the same list, yet not the operator's file.
    other = client_as(lists.users["coordinator"])
    assert other.get(reverse(f"home:{name}", args=[record.pk])).status_code == 404


def test_a_get_of_a_large_list_asks_for_the_button_and_builds_nothing(lists, client_as):
    operator = client_as(lists.users["operator"])
    response = operator.get(reverse("assessment:export", args=[lists.approved.pk, "xlsx"]))
    assert response.status_code == 302
    assert "готовится в фоне" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert not PreparedFile.objects.exists()


def test_a_region_sized_list_is_still_sent_at_once(lists, client_as, monkeypatch):
    monkeypatch.setattr(list_export, "INLINE_ROWS", 1500)
    response = ask(client_as(lists.users["operator"]), lists.approved)
    assert response.status_code == 200 and "sch420001" in cells(response.content)
    assert not PreparedFile.objects.exists()


def test_a_list_the_requester_can_no_longer_see_is_not_built(lists):
    # Asked, then the list is deleted before the worker reached it: the record says why, no file.
    record = prepared.request_file(
        user=lists.users["operator"],
        kind="assessment.list",
        title="Перечень",
        params={"identification": 10**9, "fmt": "xlsx"},
    )
    record.refresh_from_db()
    assert record.state == PreparedFile.State.ERROR
    assert "Перечень недоступен" in record.stage and not record.file


def test_a_build_cut_off_by_a_crash_is_marked_failed(lists):
    user = lists.users["operator"]
    record = PreparedFile.objects.create(owner=user, kind="assessment.list", title="Перечень", state="processing")
    assert prepared.recover(worker_running=False) == {"подготовка файлов": [record.pk]}
    record.refresh_from_db()
    assert record.state == PreparedFile.State.ERROR and "прервана" in record.stage


def test_old_prepared_files_go_with_the_next_request(lists, client_as):
    operator = client_as(lists.users["operator"])
    ask(operator, lists.approved)
    old = PreparedFile.objects.get()
    path = old.file.path
    PreparedFile.objects.filter(pk=old.pk).update(created_at=old.created_at - prepared.KEPT_FOR * 2)
    ask(operator, lists.approved)
    assert list(PreparedFile.objects.values_list("pk", flat=True)) != [old.pk]
    assert not PreparedFile.objects.filter(pk=old.pk).exists()
    assert not os.path.exists(path)
