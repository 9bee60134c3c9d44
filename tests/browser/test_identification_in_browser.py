import pytest
from django.urls import reverse

from opora.assessment.models import Identification

from .conftest import ARTIFACTS, login, logout

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
    page.get_by_role("button", name="Утвердить…").click()
    # The confirmation page: nothing approved in the campaign yet, one school on the new list.
    assert "утверждённого перечня ещё нет" in page.get_by_test_id("replaced").inner_text()
    assert "Школ в перечне: 1" in page.get_by_test_id("new-count").inner_text()
    page.get_by_role("button", name="Утвердить перечень").click()
    assert page.get_by_test_id("status").inner_text() == "утверждён"
    page.screenshot(path=ARTIFACTS / "identification-approved.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("button", name="Приложение к приказу (DOCX)").click()
    assert download.value.suggested_filename.endswith(".docx")
    approved = Identification.objects.get(status="approved")
    assert [s.school.fis_oko_login for s in approved.schools.on_list()] == ["sch420001"]
    page.goto(reverse("assessment:identification", args=[approved.pk]) + "?tab=risk")
    assert "СОШ № 3" in page.get_by_test_id("marker-matrix").inner_text()


def no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_junk_list_cannot_replace_the_approved_one(page, world, settings, tmp_path):
    """A run for a year without results is refused; an empty list with the order of the list in
    force is refused on the confirmation page; everybody still sees the approved list."""
    from tests.assessment.worlds import add_lists

    settings.MEDIA_ROOT = tmp_path / "media"
    add_lists(world)
    login(page, "operator@example.ru")
    page.goto(reverse("assessment:run", args=[world.campaign.pk]))
    page.get_by_label("Год результатов (N)").fill("2030")
    page.get_by_role("button", name="Рассчитать").click()
    assert "За 2030 год результатов нет. Загружены результаты за 2024, 2025 гг." in page.locator("main").inner_text()
    assert Identification.objects.count() == 2

    # Back on the form: a threshold nobody reaches makes a draft with no school.
    page.get_by_label("Год результатов (N)").fill("2025")
    page.get_by_label("Порог доли «2», %").fill("100")
    page.get_by_role("button", name="Рассчитать").click()
    assert "В перечне школ нет." in page.content()
    empty = Identification.objects.latest("pk")
    assert empty.status == "draft" and not empty.schools.on_list().exists()

    page.get_by_label("Приказ об утверждении перечня").select_option(label=str(world.list_order))
    page.get_by_role("button", name="Утвердить…").click()
    problems = page.get_by_test_id("approve-problems").inner_text()
    assert "пустой перечень утвердить нельзя" in problems
    assert "Приказ от 20.01.2026 № 27-р уже утвердил перечень ШНОР 2026" in problems
    assert f"Сейчас утверждён расчёт № {world.approved.pk}" in page.get_by_test_id("replaced").inner_text()
    assert page.get_by_role("button", name="Утвердить перечень").count() == 0
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=ARTIFACTS / "identification-approval-refused-390.png", full_page=True)
    assert no_horizontal_overflow(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Even a hand-made request is refused by the server.
    response = page.request.post(
        reverse("assessment:approve", args=[empty.pk]),
        form={
            "order": str(world.list_order.pk),
            "confirmed": "1",
            "replacing": str(world.approved.pk),
            "csrfmiddlewaretoken": page.locator("input[name=csrfmiddlewaretoken]").first.input_value(),
        },
        headers={"Referer": page.url},
    )
    assert "пустой перечень утвердить нельзя" in response.text()
    assert Identification.objects.get(pk=world.approved.pk).status == "approved"
    assert Identification.objects.get(pk=empty.pk).status == "draft"

    # The empty draft can go.
    page.goto(reverse("assessment:identification", args=[empty.pk]))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Удалить проект").click()
    assert f"Проект перечня (расчёт № {empty.pk}" in page.locator(".alert-success").inner_text()
    assert not Identification.objects.filter(pk=empty.pk).exists()
    logout(page)

    login(page, "director.a@example.ru")
    page.get_by_role("link", name="Перечень ШНОР", exact=True).click()
    runs = page.get_by_test_id("runs").inner_text()
    assert f"№ {world.approved.pk}" in runs and "утверждён" in runs and str(world.list_order) in runs
    page.get_by_role("link", name=f"№ {world.approved.pk}", exact=False).click()
    assert page.get_by_test_id("status").inner_text() == "утверждён"
    assert "МБОУ «СОШ № 1»" in page.get_by_test_id("marker-matrix").inner_text()


def test_the_list_page_fits_a_phone_screen(page, world, settings, tmp_path):
    from tests.assessment.worlds import add_lists

    settings.MEDIA_ROOT = tmp_path / "media"
    add_lists(world)
    login(page, "operator@example.ru")
    page.set_viewport_size({"width": 390, "height": 844})
    for name, url in (
        ("draft", reverse("assessment:identification", args=[world.draft.pk])),
        ("risk", reverse("assessment:identification", args=[world.draft.pk]) + "?tab=risk"),
        ("campaign", reverse("assessment:campaign", args=[world.campaign.pk])),
        ("approve", reverse("assessment:approve", args=[world.draft.pk]) + f"?order={world.order.pk}"),
    ):
        page.goto(url)
        page.screenshot(path=ARTIFACTS / f"lists-{name}-390.png", full_page=True)
        assert no_horizontal_overflow(page), name
