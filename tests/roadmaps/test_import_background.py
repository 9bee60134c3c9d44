"""A roadmap document is read by the task worker, not in the request: the import page answers at
once with a page polling the reading's progress, which goes to the preview when the document is
read; an unreadable document, a crash and a reading cut off by a dead worker leave a Russian error
on the record, never half a preview; only the uploader sees the reading.

Most tests queue into the database backend, as in production, and play the worker by calling the
task (`.call`)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from opora.core.background import INTERNAL_ERROR
from opora.roadmaps import jobs
from opora.roadmaps.models import Roadmap, RoadmapImport
from opora.roadmaps.pdf_tables import MAX_PAGES
from opora.roadmaps.services import imports
from tests.paths import ROADMAP_FIXTURES

from .builders import minimal_pdf

KARPINSK = ROADMAP_FIXTURES / "karpinsk-2022-municipal.md"
KARPINSK_PDF = ROADMAP_FIXTURES / "pdf" / "karpinsk-landscape-ruled.pdf"
LETTER = "Письмо о проведении совещания. Просим принять участие.".encode()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def queued(settings, media):
    """Tasks go to the database queue and wait for a worker, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def operator(world, client_as):
    return client_as(world.users["operator"])


def post(client, world, name: str, data: bytes, year: str = ""):
    return client.post(
        reverse("roadmaps:import") + f"?campaign={world.campaign.pk}",
        {"level": "region", "year": year, "file": SimpleUploadedFile(name, data)},
    )


def test_the_form_answers_at_once_and_the_page_follows_the_reading_to_the_preview(world, operator, queued):
    response = post(operator, world, "karta.md", KARPINSK.read_bytes(), year="2022")
    record = RoadmapImport.objects.get()
    preview_url = reverse("roadmaps:preview", args=[record.pk])
    assert response.status_code == 302 and response["Location"] == preview_url
    assert (record.status, record.parsed, record.year) == ("queued", {}, 2022)  # nothing read yet
    assert DBTaskResult.objects.get(id=record.task_id).status == TaskResultStatus.READY

    page = operator.get(preview_url).content.decode()
    assert '<h1 class="h3 mb-1">Чтение документа…</h1>' in page and "Файл «karta.md»" in page
    status_url = reverse("roadmaps:import_status", args=[record.pk])
    assert f'hx-get="{status_url}" hx-trigger="every 1s"' in page
    assert "В очереди на чтение" in page and 'aria-valuenow="0"' in page
    polled = operator.get(status_url, headers={"HX-Request": "true"})
    assert "HX-Redirect" not in polled and "hx-trigger" in polled.content.decode()  # still polling

    jobs.roadmap_import_process.call(record.pk)  # what the worker does

    polled = operator.get(status_url, headers={"HX-Request": "true"})
    assert polled["HX-Redirect"] == preview_url and "hx-trigger" not in polled.content.decode()
    page = operator.get(preview_url).content.decode()
    assert "Проверьте, что прочитано" in page and "мероприятий 40" in page
    record.refresh_from_db()
    assert (record.status, record.progress, len(record.parsed["items"]), record.parsed["year"]) == (
        "read",
        100,
        40,
        2022,
    )


def test_the_record_shows_each_stage_while_the_worker_reads(world, operator, queued, monkeypatch):
    post(operator, world, "karta.md", KARPINSK.read_bytes())
    record = RoadmapImport.objects.get()
    seen = []
    parse, warnings = imports.parse_document, imports.deadline_warnings

    def watching_parse(*args, **kwargs):
        seen.append(RoadmapImport.objects.values_list("status", "progress", "stage", "parsed").get(pk=record.pk))
        return parse(*args, **kwargs)

    def watching_warnings(*args, **kwargs):
        if len(seen) == 1:
            seen.append(RoadmapImport.objects.values_list("status", "progress", "stage", "parsed").get(pk=record.pk))
        return warnings(*args, **kwargs)

    monkeypatch.setattr(imports, "parse_document", watching_parse)
    monkeypatch.setattr(imports, "deadline_warnings", watching_warnings)
    jobs.roadmap_import_process.call(record.pk)
    assert seen == [
        ("processing", 70, "Разбор мероприятий и сроков", {}),
        ("processing", 90, "Проверка сроков: 40 мероприятий", {}),
    ]
    page = operator.get(reverse("roadmaps:preview", args=[record.pk])).content.decode()
    assert "Проверьте, что прочитано" in page


def test_a_pdf_s_progress_moves_page_by_page(world, operator, queued, monkeypatch):
    post(operator, world, "prikaz.pdf", KARPINSK_PDF.read_bytes())
    record = RoadmapImport.objects.get()
    written = []
    original = jobs.report

    def watching(target, percent, stage, **fields):
        written.append((percent, stage))
        return original(target, percent, stage, **fields)

    monkeypatch.setattr(jobs, "report", watching)
    jobs.roadmap_import_process.call(record.pk)
    pages = [w for w in written if "прочитано" in w[1]]
    # 8 pages between 10 and 70 %: each page moves the bar, the last one to 70 %.
    assert pages[0] == (17, "Чтение 8 страниц документа PDF: прочитано 1 из 8")
    assert pages[-1] == (70, "Чтение 8 страниц документа PDF: прочитано 8 из 8")
    assert [p for p, _ in pages] == sorted({p for p, _ in pages}) and len(pages) == 8
    assert RoadmapImport.objects.get().status == "read"


def test_a_document_without_a_roadmap_shows_its_error_with_the_way_back(world, operator, media):
    # The tests' immediate backend: the reading is done when the form's answer comes.
    response = post(operator, world, "pismo.txt", LETTER)
    record = RoadmapImport.objects.get()
    assert response.status_code == 302 and record.status == "failed" and record.file  # the file is kept
    response = operator.get(response["Location"])
    page = response.content.decode()
    assert response.status_code == 200 and '<h1 class="h3 mb-1">Документ не прочитан</h1>' in page
    assert "В файле «pismo.txt» не найдена таблица дорожной карты" in page and 'id="preview-form"' not in page
    assert f'href="{reverse("roadmaps:import")}?campaign={world.campaign.pk}"' in page
    assert "hx-trigger" not in page and not Roadmap.objects.exists()


def test_a_crash_half_way_leaves_an_error_and_no_preview(world, operator, queued, monkeypatch):
    post(operator, world, "karta.md", KARPINSK.read_bytes())
    record = RoadmapImport.objects.get()

    def breaks(*args, **kwargs):
        raise MemoryError("out of memory on item 17")

    monkeypatch.setattr(imports, "deadline_warnings", breaks)  # after the table was read
    with pytest.raises(MemoryError):
        jobs.roadmap_import_process.call(record.pk)
    record.refresh_from_db()
    assert (record.status, record.stage, record.parsed) == ("failed", INTERNAL_ERROR, {})
    page = operator.get(reverse("roadmaps:preview", args=[record.pk])).content.decode()
    assert INTERNAL_ERROR in page and 'id="preview-form"' not in page
    # Saving cannot be forced either: the preview's form answers with the same error.
    response = operator.post(reverse("roadmaps:preview", args=[record.pk]), {"title": "", "save": "1"})
    assert INTERNAL_ERROR in response.content.decode() and not Roadmap.objects.exists()


def test_a_reading_cut_off_by_a_dead_worker_is_marked_failed_by_recover(world, operator, queued):
    post(operator, world, "karta.md", KARPINSK.read_bytes())
    cut_off = RoadmapImport.objects.get()
    started = timezone.now() - datetime.timedelta(minutes=3)
    DBTaskResult.objects.filter(id=cut_off.task_id).update(status=TaskResultStatus.RUNNING, started_at=started)
    RoadmapImport.objects.filter(pk=cut_off.pk).update(status="processing", progress=10, stage="Чтение страниц")
    post(operator, world, "next.md", KARPINSK.read_bytes())
    waiting = RoadmapImport.objects.get(original_name="next.md")
    assert jobs.recover(worker_running=True)["чтение дорожных карт"] == []  # from cron: 3 minutes is not stale

    out = io.StringIO()
    call_command("recover", worker_stopped=True, stdout=out)
    assert f"чтение дорожных карт: {cut_off.pk}" in out.getvalue()
    cut_off.refresh_from_db()
    waiting.refresh_from_db()
    assert (cut_off.status, cut_off.stage, cut_off.parsed) == ("failed", RoadmapImport.INTERRUPTED, {})
    assert DBTaskResult.objects.get(id=cut_off.task_id).status == TaskResultStatus.FAILED
    assert waiting.status == "queued"  # the worker will take it
    page = operator.get(reverse("roadmaps:preview", args=[cut_off.pk])).content.decode()
    assert "Документ «karta.md» не дочитан: работа сервера прервалась. Загрузите его ещё раз." in page
    jobs.roadmap_import_process.call(cut_off.pk)  # a late duplicate of the task does nothing
    cut_off.refresh_from_db()
    assert cut_off.status == "failed" and cut_off.parsed == {}


def test_only_the_uploader_sees_the_reading(world, operator, client_as, queued, django_assert_max_num_queries):
    post(operator, world, "karta.md", KARPINSK.read_bytes())
    record = RoadmapImport.objects.get()
    urls = [reverse("roadmaps:preview", args=[record.pk]), reverse("roadmaps:import_status", args=[record.pk])]
    for url in urls:
        with django_assert_max_num_queries(12):
            page = operator.get(url).content.decode()
        assert "В очереди на чтение" in page
    # The regional coordinator sees the region's roadmaps, not an upload in progress of another.
    for user in ("coordinator", "municipal", "operator_r2"):
        for url in urls:
            response = client_as(world.users[user]).get(url)
            page = response.content.decode()
            assert response.status_code == 404 and "karta.md" not in page and "В очереди на чтение" not in page


def test_a_pdf_past_the_old_limit_of_150_pages_is_read(world, operator, media):
    """The karpinsk order printed to PDF (8 pages) and 143 pages after it: 151, refused while PDFs
    were read in the request."""
    import pypdfium2

    source = pypdfium2.PdfDocument(KARPINSK_PDF)
    document = pypdfium2.PdfDocument.new()
    document.import_pages(source)
    width, height = source[0].get_size()
    while len(document) < 151:
        document.new_page(width, height)
    buffer = io.BytesIO()
    document.save(buffer)
    assert MAX_PAGES == 400
    # What the reading page says while the worker reads it: the pages, and how long they may take.
    assert imports.reading_stage(buffer.getvalue()) == "Чтение 151 страницы документа PDF (до 2 мин.)"
    assert imports.reading_stage(KARPINSK_PDF.read_bytes()) == "Чтение 8 страниц документа PDF"
    assert imports.reading_stage(KARPINSK.read_bytes()) == "Чтение документа"

    response = post(operator, world, "prikaz.pdf", buffer.getvalue())
    page = operator.get(response["Location"]).content.decode()
    assert "Проверьте, что прочитано" in page and "мероприятий 40" in page
    assert RoadmapImport.objects.get().status == "read"


def test_a_pdf_past_the_limit_is_refused_on_the_reading_page(world, operator, media):
    response = post(operator, world, "tolstaya.pdf", minimal_pdf(MAX_PAGES + 1))
    page = operator.get(response["Location"]).content.decode()
    assert (
        "В файле «tolstaya.pdf» 401 страница, а дорожная карта может занимать не более 400 страниц PDF. "
        "Загрузите её в Word или Excel" in page
    )
    assert RoadmapImport.objects.get().status == "failed"
