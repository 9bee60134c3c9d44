"""ФИС ОКО protocols uploaded into a campaign: preview, confirmation, results that feed the list,
re-upload, scales, task descriptions, deficits and objectivity on the school's pages."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from opora.assessment import jobs
from opora.assessment.models import (
    Identification,
    ListedSchool,
    ProtocolBatch,
    ProtocolFile,
    ResultsUpload,
    SchoolResult,
    TaskResult,
)
from opora.assessment.rules import RuleParams

from .protocol_files import protocol_2021, protocol_2022

# The world's schools: A = sch420001 (Северный район), B = sch420002 (Южный район).
A, B = "sch420001", "ksh420002"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _upload(client, world, *files, **fields):
    url = reverse("assessment:protocols", args=[world.campaign.pk])
    return client.post(url, {"files": list(files), **fields})


def _batch(world) -> ProtocolBatch:
    return ProtocolBatch.objects.filter(campaign=world.campaign).latest("pk")


def test_two_protocols_are_previewed_then_stored_and_feed_the_list(world, media, client_as):
    client = client_as(world.users["operator"])
    response = _upload(
        client,
        world,
        _file("Математика 4 класс.xlsx", protocol_2021(A, B)),
        _file("Математика 5 класс.xlsx", protocol_2021(A, B)),
        year="2021",
    )
    batch = _batch(world)
    assert response.status_code == 302 and response["Location"] == reverse("assessment:protocol_batch", args=[batch.pk])
    assert batch.state == ProtocolBatch.State.PREVIEW
    grade4, grade5 = batch.files.order_by("pk")
    assert (grade4.work, grade4.year, grade5.work) == ("vpr4_ma", 2021, "vpr5_ma")  # proposed by the names
    assert grade4.summary["participants"] == 6 and grade4.summary["warnings_total"] == 5
    page = client.get(reverse("assessment:protocol_batch", args=[batch.pk])).content.decode()
    assert "Математика 4 класс.xlsx" in page and "Подтвердить и сохранить (2 из 2)" in page
    assert "строка 7, код участника 40006: сумма баллов 22 больше максимума работы (20)" in page
    assert not SchoolResult.objects.exists()  # nothing stored before confirmation

    client.post(reverse("assessment:protocol_batch", args=[batch.pk]), {"action": "confirm"})
    batch.refresh_from_db()
    assert batch.state == ProtocolBatch.State.STORED
    a4 = SchoolResult.objects.get(school=world.school_a, year=2021, procedure="vpr4_ma")
    assert (a4.participants, a4.low_count, a4.low_share, a4.high_share) == (4, 1, Decimal("25.00"), Decimal("50.00"))
    b5 = SchoolResult.objects.get(school=world.school_b, year=2021, procedure="vpr5_ma")
    assert (b5.participants, b5.low_count) == (2, 1)
    upload = ResultsUpload.objects.get(pk=a4.upload_id)
    grade4.refresh_from_db()
    assert upload.status == ResultsUpload.Status.ACCEPTED and upload.file.name == grade4.file.name
    tasks = TaskResult.objects.get(school=world.school_a, procedure="vpr4_ma")
    assert tasks.task_shares == {"1": 50.0, "2": 50.0, "3": 62.5}
    assert (tasks.lowered, tasks.confirmed, tasks.raised) == (2, 1, 1)

    # The list's calculation reads them as any uploaded results: B has 50 % «2» in both works.
    run = jobs.identification_request(
        campaign=world.campaign, year=2021, params=RuleParams(), user=world.users["operator"]
    )
    assert run.state == Identification.State.DONE
    listed = ListedSchool.objects.filter(identification=run).on_list()
    assert [s.school.fis_oko_login for s in listed] == ["sch420002"]


def test_a_reupload_of_the_same_work_and_year_replaces_only_when_confirmed(world, media, client_as):
    client = client_as(world.users["operator"])
    _upload(client, world, _file("Математика 4 класс.xlsx", protocol_2021(A, B)), year="2021")
    client.post(reverse("assessment:protocol_batch", args=[_batch(world).pk]), {"action": "confirm"})
    # The new protocol has school A only, under another login spelling.
    _upload(client, world, _file("Математика 4 класс.xlsx", protocol_2021("edu420001", "школа")), year="2021")
    again = _batch(world)
    (item,) = again.files.all()
    assert item.summary["replaces"] == 2
    response = client.post(reverse("assessment:protocol_batch", args=[again.pk]), {"action": "confirm"}, follow=True)
    assert "отметьте «Заменить»" in response.content.decode()
    assert SchoolResult.objects.filter(procedure="vpr4_ma").count() == 2
    client.post(reverse("assessment:protocol_batch", args=[again.pk]), {"action": "confirm", "replace": "1"})
    assert list(SchoolResult.objects.filter(procedure="vpr4_ma").values_list("school__fis_oko_login", flat=True)) == [
        "sch420001"
    ]
    assert TaskResult.objects.filter(procedure="vpr4_ma").count() == 1


def test_a_school_not_in_the_registry_or_a_work_without_scale_keeps_the_file_out(world, media, client_as):
    client = client_as(world.users["operator"])
    _upload(
        client,
        world,
        _file("Математика 4 класс.xlsx", protocol_2021(A, "sch429999")),
        _file("protocol.xlsx", protocol_2022(login="edu420003")),
        work="ВПР 6 МА",
    )
    batch = _batch(world)
    first, second = batch.files.order_by("pk")
    assert first.error == "Файл «Математика 4 класс.xlsx»: по файлу не видно год работы ВПР 6 МА. Укажите год."
    assert "Нет шкалы перевода баллов в отметки для работы ВПР 6 МА 2022 года" in second.error
    page = client.get(reverse("assessment:protocol_batch", args=[batch.pk])).content.decode()
    assert "Подтвердить и сохранить" not in page
    # A scale for ВПР 6 МА 2022, then the preview read again with the first file's work and year set.
    scales = _file("s.csv", "год;работа;2 до;3 от;3 до;4 от;4 до;5 от;максимум\n2022;ВПР 6 МА;0;1;1;2;2;3;3\n".encode())
    client.post(reverse("assessment:protocols", args=[world.campaign.pk]), {"scales": scales})
    client.post(
        reverse("assessment:protocol_batch", args=[batch.pk]),
        {
            "action": "reread",
            f"work_{first.pk}": "ВПР 4 МА",
            f"year_{first.pk}": "2021",
            f"work_{second.pk}": "ВПР 6 МА",
        },
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.error.startswith("1 школы из протокола нет в реестре региона «Тестовая область»: sch429999")
    assert second.error == "" and second.summary["participants"] == 3 and second.year == 2022
    client.post(reverse("assessment:protocol_batch", args=[batch.pk]), {"action": "confirm"})
    assert SchoolResult.objects.get(school=world.school_c).procedure == "vpr6_ma"
    assert not SchoolResult.objects.filter(school=world.school_a).exists()  # the first file stayed out


def test_deficits_with_task_descriptions_on_the_school_pages_and_in_the_municipality_workbook(world, media, client_as):
    operator = client_as(world.users["operator"])
    description = io.BytesIO()
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(
        [
            "№ КИМ",
            "№",
            "Умения, виды деятельности (в соответствии с ФГОС)",
            "Блоки ПООП",
            "Уровень сложности",
            "Код КЭС",
            "Код КТ",
            "Максимальный балл за выполнение задания",
        ]
    )
    book.active.append([1, 1, "Счёт в пределах 100", "Блок 1", "Б", "1.1", "2.1", 1])
    book.active.append([2, 2, "Решение задач в 1–2 действия", "Блок 2", "Б", "1.2", "2.2", 2])
    book.active.append([3, 3, "Работа с таблицами и диаграммами", "Блок 3", "П", "3.1", "4.1", 12])
    book.save(description)
    operator.post(
        reverse("assessment:protocols", args=[world.campaign.pk]),
        {"description": _file("g04_math_ALL.xlsx", description.getvalue()), "description_work": "ВПР 4 МА"},
    )
    _upload(operator, world, _file("Математика 4 класс.xlsx", protocol_2021(A, B)), year="2021")
    operator.post(reverse("assessment:protocol_batch", args=[_batch(world).pk]), {"action": "confirm"})
    # B: 50 % / 50 % / 33.3 % against the region's 50 / 50 / 52.8: task 3 is 19.5 points behind.
    page = client_as(world.users["director_b"]).get(reverse("assessment:school_results", args=[world.school_b.pk]))
    text = page.content.decode()
    assert "5 самых слабых заданий" in text and "Работа с таблицами и диаграммами" in text
    assert "дефицитов (отставание от региона ≥ 15 п. п.): 1" in text
    card = client_as(world.users["operator"]).get(reverse("registry:school", args=[world.school_a.pk])).content.decode()
    assert "понизили 50,0 %, подтвердили 25,0 %, повысили 25,0 %" in card
    # The workbook of Южный район for its coordinator's view: B's one deficit with its description.
    response = client_as(world.users["operator"]).get(reverse("assessment:deficits_export", args=[world.m2.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=5, values_only=True))
    assert rows == [("sch420002", "МКОУ «ООШ с. Тохтор»", "ВПР 4 МА", 2021, 2, "3", 33.3, 52.8, 19.5,
                     "Работа с таблицами и диаграммами", "3.1", "4.1", "П")]  # fmt: skip
    # A lower threshold shows more; the municipal coordinator of Северный район sees only A's rows.
    lower = client_as(world.users["municipal"]).get(reverse("assessment:deficits_export", args=[world.m.pk]) + "?gap=0")
    logins = {r[0] for r in load_workbook(io.BytesIO(lower.content)).active.iter_rows(min_row=5, values_only=True)}
    assert logins <= {"sch420001"}


def test_only_those_who_upload_results_reach_the_protocols(world, media, client_as):
    url = reverse("assessment:protocols", args=[world.campaign.pk])
    assert client_as(world.users["operator"]).get(url).status_code == 200
    assert client_as(world.users["municipal"]).get(url).status_code == 403
    assert client_as(world.users["operator_r2"]).get(url).status_code == 404
    _upload(
        client_as(world.users["operator"]), world, _file("Математика 4 класс.xlsx", protocol_2021(A, B)), year="2021"
    )
    batch_url = reverse("assessment:protocol_batch", args=[_batch(world).pk])
    assert client_as(world.users["coordinator"]).get(batch_url).status_code == 403
    assert client_as(world.users["operator_r2"]).get(batch_url).status_code == 404
    assert ProtocolFile.objects.count() == 1
