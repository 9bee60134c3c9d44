import pytest
from django.urls import reverse

from opora.assessment.models import Identification

from .conftest import ARTIFACTS, login

pytestmark = pytest.mark.browser

RESULTS = (
    "Территория;Название ОО;Логин ОО;Год;Процедура;Участников;Получили «2»\n"
    "Северный район;МБОУ «СОШ № 1»;sch420001;2025;ВПР 5 РУ;20;8\n"
    "Северный район;МБОУ «СОШ № 1»;sch420001;2025;ОГЭ МА;10;3\n"
    "Южный район;МКОУ «ООШ с. Тохтор»;sch420002;2024;ОГЭ МА;12;5\n"
    "Южный район;МКОУ «ООШ с. Тохтор»;sch420002;2025;ОГЭ МА;12;4\n"
    "Северный район;МБОУ «СОШ № 3»;sch420003;2025;ВПР 5 РУ;30;9\n"
)


def test_operator_uploads_runs_excludes_approves_and_exports(page, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    results = tmp_path / "vpr-oge-2024-2025.csv"
    results.write_bytes(RESULTS.encode("cp1251"))
    login(page, "operator@example.ru")
    page.get_by_role("link", name="Перечень ШНОР", exact=True).click()
    page.get_by_label("Файл результатов (CSV или XLSX)").set_input_files(results)
    page.get_by_role("button", name="Загрузить результаты").click()
    assert "загружены: 5 строк" in page.locator(".alert-success").inner_text()

    page.get_by_role("link", name="Рассчитать перечень").click()
    page.get_by_label("Год результатов (N)").fill("2025")
    page.get_by_role("button", name="Рассчитать").click()
    matrix = page.get_by_test_id("marker-matrix")
    assert "МБОУ «СОШ № 1»" in matrix.inner_text() and "Тохтор" in matrix.inner_text()
    assert "СОШ № 3" not in matrix.inner_text()

    row = matrix.locator("tr[data-login=sch420002]")
    row.get_by_label("Основание решения").fill("Школа закрывается с 1 сентября")
    row.get_by_role("button", name="Исключить").click()
    assert "исключена вручную" in page.get_by_test_id("marker-matrix").locator("tr[data-login=sch420002]").inner_text()
    page.get_by_label("Приказ об утверждении перечня").select_option(label=str(world.order))
    page.get_by_role("button", name="Утвердить").click()
    assert page.get_by_test_id("status").inner_text() == "утверждён"
    page.screenshot(path=ARTIFACTS / "identification-approved.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Приложение к приказу (DOCX)").click()
    assert download.value.suggested_filename.endswith(".docx")
    approved = Identification.objects.get(status="approved")
    assert [s.school.fis_oko_login for s in approved.schools.on_list()] == ["sch420001"]
    page.goto(reverse("assessment:identification", args=[approved.pk]) + "?tab=risk")
    assert "СОШ № 3" in page.get_by_test_id("marker-matrix").inner_text()
