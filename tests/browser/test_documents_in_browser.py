"""School documents in the browser: the school uploads, the curator reviews per criterion, the
school sends a new version, the region sees the statuses, an expert scores a sampled document."""

import pytest

from opora.programs.models import SchoolDocument, Status
from tests.assessment.worlds import add_lists
from tests.programs.worlds import PDF_BYTES, activate

from .conftest import ARTIFACTS, login, logout

pytestmark = pytest.mark.browser


def upload_in_row(page, name: str, path) -> None:
    row = page.locator("tr", has=page.get_by_label(f"Файл: {name}"))
    row.get_by_label(f"Файл: {name}").set_input_files(path)
    row.get_by_role("button", name="Загрузить").click()
    assert "загружена и отправлена куратору на проверку" in page.locator(".alert-success").inner_text()


def review(page, *, missed: int | None, comment: str) -> None:
    # Counting does not wait: the review form must be on screen before its criteria are counted.
    page.get_by_role("button", name="Сохранить решение").wait_for()
    criteria = page.get_by_test_id("criterion")
    for n in range(criteria.count()):
        criterion = criteria.nth(n)
        if n == missed:
            criterion.get_by_label("не выполнен").check()
            criterion.get_by_label("Комментарий по критерию").fill("Нет связи с уровнем риска из профиля")
        else:
            criterion.get_by_label("выполнен", exact=True).check()
    page.get_by_label("вернуть на доработку" if missed is not None else "одобрить").check()
    page.get_by_label("Комментарий для школы").fill(comment)
    page.get_by_role("button", name="Сохранить решение").click()
    page.locator(".alert-success", has_text="Решение сохранено").wait_for()


def test_upload_review_new_version_table_and_expert_score(page, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    add_lists(world)
    factors = activate(world.school_a, world.campaign)
    files = {}
    for name in ("koncepciya.pdf", "antirisk-1.pdf", "antirisk-2.pdf", "antirisk-3.pdf", "antirisk-1-v2.pdf"):
        files[name] = tmp_path / name
        files[name].write_bytes(PDF_BYTES + name.encode())

    # The school uploads its concept and an anti-risk programme for each activated factor.
    login(page, "director.a@example.ru")
    page.get_by_role("link", name="Документы школ").click()
    page.get_by_role("link", name="Документы школы МБОУ «СОШ № 1»").click()
    upload_in_row(page, "Концепция развития", files["koncepciya.pdf"])
    for n, factor in enumerate(factors, start=1):
        page.go_back()
        page.reload()
        upload_in_row(page, f"Антирисковая программа: {factor.name}", files[f"antirisk-{n}.pdf"])
    page.goto(f"/documents/school/{world.school_a.pk}/")
    page.screenshot(path=ARTIFACTS / "documents-school.png", full_page=True)
    assert page.get_by_test_id("slots").inner_text().count("на проверке") == 4
    logout(page)

    # The curator returns the first anti-risk programme with criteria comments and approves the rest.
    login(page, "curator@example.ru")
    page.get_by_role("link", name="Документы школ").click()
    queue = page.get_by_test_id("to-review")
    queue.wait_for()
    assert queue.locator("tbody tr").count() == 4
    first = page.get_by_role("link", name=f"Антирисковая программа: {factors[0].name}")
    row = page.locator("tr", has=first)
    row.get_by_role("link", name="Проверить").click()
    page.get_by_role("button", name="Сохранить решение").click()
    assert "Отметьте критерий" in page.locator(".alert-danger").inner_text()
    review(page, missed=0, comment="Уточните цели: они должны вести к снижению риска.")
    page.screenshot(path=ARTIFACTS / "documents-curator-queue.png", full_page=True)
    while page.get_by_test_id("to-review").get_by_role("link", name="Проверить").count():
        page.get_by_test_id("to-review").get_by_role("link", name="Проверить").first.click()
        review(page, missed=None, comment="")
    assert "Документов на проверке нет" in page.get_by_test_id("to-review").inner_text()
    logout(page)

    # The school sees what was returned, reads the comments and uploads a new version.
    login(page, "director.a@example.ru")
    page.get_by_role("link", name="Документы школ").click()
    returned = page.get_by_test_id("returned")
    returned.get_by_role("link", name=f"Антирисковая программа: {factors[0].name}").click()
    assert "Нет связи с уровнем риска из профиля" in page.get_by_test_id("review").first.inner_text()
    page.get_by_label("Файл").set_input_files(files["antirisk-1-v2.pdf"])
    page.get_by_label("Что изменено (для новой версии)").fill("Цели переписаны по профилю")
    page.get_by_role("button", name="Загрузить версию").click()
    assert "Версия 2" in page.locator(".alert-success").inner_text()
    assert page.get_by_test_id("versions").locator("tbody tr").count() == 2
    assert "на проверке" in page.get_by_test_id("status").inner_text()
    page.screenshot(path=ARTIFACTS / "documents-new-version.png", full_page=True)
    logout(page)

    # The region sees the statuses; the operator draws a sample and assigns the expert.
    login(page, "operator@example.ru")
    page.get_by_role("link", name="Документы школ").click()
    page.get_by_role("link", name="Сводная таблица школ").click()
    table = page.get_by_test_id("documents-table").inner_text()
    assert "МБОУ «СОШ № 1»" in table and table.count("ОДОБРЕНО") == 3 and "на проверке" in table
    page.screenshot(path=ARTIFACTS / "documents-table.png", full_page=True)
    page.goto("/documents/council/")
    page.get_by_label("Сколько документов").fill("2")
    page.get_by_label("Зерно (необязательно)").fill("7")
    page.get_by_role("button", name="Отобрать").click()
    assert "Отобрано документов: 2." in page.locator(".alert-success").inner_text()
    page.get_by_test_id("sample").get_by_role("button", name="Назначить").first.click()
    assert "оценит" in page.locator(".alert-success").inner_text()
    logout(page)

    # The expert scores the sampled document.
    login(page, "expert@example.ru")
    page.get_by_role("link", name="Документы школ").click()
    page.get_by_role("link", name="Экспертный совет").click()
    page.get_by_test_id("my-assignments").get_by_role("link", name="Оценить").click()
    page.get_by_role("button", name="Сохранить оценку").wait_for()
    points = page.locator("[data-testid=criterion] input[type=number]")
    for n in range(points.count()):
        points.nth(n).fill(str(3 - n % 2))
    page.get_by_label("Заключение").fill("Цели и показатели связаны с рисками школы.")
    page.get_by_role("button", name="Сохранить оценку").click()
    assert "Оценка документа" in page.locator(".alert-success").inner_text()
    assert "оценено" in page.get_by_test_id("my-assignments").inner_text()
    page.screenshot(path=ARTIFACTS / "documents-expert.png", full_page=True)

    statuses = sorted(SchoolDocument.objects.filter(school=world.school_a).values_list("status", flat=True))
    assert statuses == sorted([Status.APPROVED] * 3 + [Status.SUBMITTED])
