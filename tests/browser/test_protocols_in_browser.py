"""The operator uploads two ФИС ОКО protocols, confirms the preview, sees the results in the list's
calculation and the deficits on a school's page."""

import pytest
from django.urls import reverse

from tests.assessment.protocol_files import protocol_2021

from .conftest import ARTIFACTS, login

pytestmark = pytest.mark.browser


def test_operator_uploads_protocols_confirms_and_sees_results_and_deficits(page, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    grade4 = tmp_path / "Математика 4 класс.xlsx"
    grade5 = tmp_path / "Математика 5 класс.xlsx"
    grade4.write_bytes(protocol_2021("sch420001", "ksh420002"))
    grade5.write_bytes(protocol_2021("edu420001", "sch420002"))
    login(page, "operator@example.ru")
    page.get_by_role("link", name="Перечень ШНОР", exact=True).click()
    page.get_by_role("link", name="Протоколы ФИС ОКО…").click()
    page.get_by_label("Протоколы ФИС ОКО (XLSX или CSV, можно несколько)").set_input_files([grade4, grade5])
    page.get_by_label("Год").fill("2021")
    page.get_by_role("button", name="Загрузить и проверить").click()

    preview = page.get_by_test_id("protocols-preview")
    assert page.get_by_label("Работа файла Математика 4 класс.xlsx").input_value() == "ВПР 4 МА"
    assert page.get_by_label("Работа файла Математика 5 класс.xlsx").input_value() == "ВПР 5 МА"
    row = preview.locator("tr[data-file='Математика 4 класс.xlsx']")
    assert row.locator("td").nth(3).inner_text() == "2"  # schools
    assert row.locator("td").nth(4).inner_text() == "6"  # participants
    summary = row.locator("xpath=following-sibling::tr[1]").locator("summary")
    assert "сумма баллов выше максимума работы (не учтены) — 1" in summary.inner_text()
    summary.click()
    assert "строка 7, код участника 40006" in preview.inner_text()
    page.screenshot(path=ARTIFACTS / "protocols-preview.png", full_page=True)
    page.get_by_role("button", name="Подтвердить и сохранить (2 из 2)").click()
    assert "Результаты сохранены: 2 из 2 файлов" in page.get_by_test_id("protocols-stored").inner_text()

    page.goto(reverse("assessment:run", args=[world.campaign.pk]))
    page.get_by_label("Год результатов (N)").fill("2021")
    page.get_by_role("button", name="Рассчитать").click()
    matrix = page.get_by_test_id("marker-matrix")
    # B: 50 % «2» in both works (criterion 1); A: 25 % in ВПР 4 МА, so one marker only.
    assert "Тохтор" in matrix.inner_text() and "СОШ № 1" not in matrix.inner_text()

    matrix.get_by_role("link", name="МКОУ «ООШ с. Тохтор»").click()
    weakest = page.get_by_test_id("weakest-tasks").first
    cells = weakest.locator("tbody tr").first.locator("td").all_inner_texts()
    assert cells[:4] == ["3", "33,3", "52,8", "19,5"]
    assert "дефицитов (отставание от региона ≥ 15 п. п.): 1" in page.get_by_test_id("task-results").inner_text()
    page.screenshot(path=ARTIFACTS / "protocols-school-deficits.png", full_page=True)
