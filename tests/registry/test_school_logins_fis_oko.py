"""Logins sch/edu/ksh + the same digits are one school (issue 12): the school list import takes all three."""

from django.core.files.uploadedfile import SimpleUploadedFile

from opora.registry.models import School, SchoolImport
from opora.registry.services import schools_import

HEADER = "Логин ОО;Наименование ОО;Муниципалитет"


def _import(world, *rows: str) -> SchoolImport:
    text = "\r\n".join([HEADER, *rows]) + "\r\n"
    return schools_import(
        region=world.region, upload=SimpleUploadedFile("s.csv", text.encode()), user=world.users["operator"]
    )


def test_edu_and_ksh_logins_are_kept_as_sch_with_the_same_digits(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    record = _import(world, "edu420301;МБОУ «СОШ № 1»;Северный район", "KSH420302;МБОУ «СОШ № 2»;Северный район")
    assert record.status == SchoolImport.Status.SUCCEEDED, record.errors
    assert set(
        School.objects.filter(fis_oko_login__in=["sch420301", "sch420302"]).values_list("fis_oko_login", flat=True)
    ) == {
        "sch420301",
        "sch420302",
    }
    again = _import(world, "sch420301;МБОУ «СОШ № 1 им. Гагарина»;Северный район")
    assert (again.created_count, again.updated_count) == (0, 1)


def test_one_school_under_two_spellings_in_one_file_is_a_repeated_login(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    record = _import(world, "sch420303;МБОУ «СОШ № 3»;Северный район", "edu420303;МБОУ «СОШ № 3»;Северный район")
    assert record.status == SchoolImport.Status.FAILED
    assert record.errors == ["Строка 3, столбец «Логин ОО»: логин sch420303 уже встречался в строке 2."]
