"""Forms of the ФИС ОКО protocols page: protocol files (many at once), score scales, task descriptions."""

from __future__ import annotations

from django import forms

from opora.core.forms import BootstrapForm
from opora.core.uploads import validate_upload_size

from .procedures import parse_procedure


class _ManyFilesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ManyFilesField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", _ManyFilesInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


def clean_work(text: str) -> str:
    text = (text or "").strip()
    if not text:
        return ""
    code = parse_procedure(text)
    if code is None or not code.startswith("vpr"):
        raise forms.ValidationError(f"Работа «{text}» не распознана: укажите её как «ВПР 5 МА» или «ВПР 4 РУ».")
    return code


class ProtocolUploadForm(BootstrapForm, forms.Form):
    files = ManyFilesField(label="Протоколы ФИС ОКО (XLSX или CSV, можно несколько)", validators=[validate_upload_size])
    work = forms.CharField(
        label="Работа", required=False, max_length=100,
        help_text="Например, «ВПР 5 МА». Если не указана — по имени файла («Математика 5 класс»); её можно "
        "поправить для каждого файла до подтверждения.",
    )  # fmt: skip
    year = forms.IntegerField(
        label="Год", required=False, min_value=2015, max_value=2100,
        help_text="Если не указан — по дате загрузки в протоколе 2022 года или по имени файла.",
    )  # fmt: skip

    def clean_work(self):
        return clean_work(self.cleaned_data.get("work", ""))


class ScalesUploadForm(BootstrapForm, forms.Form):
    scales = forms.FileField(
        label="Шкалы перевода баллов (CSV/XLSX)", validators=[validate_upload_size],
        help_text="Столбцы: год; работа; 2 до; 3 от; 3 до; 4 от; 4 до; 5 от; максимум (по желанию). "
        "Шкалы 2020 и 2021 годов для 4–8 классов по русскому языку и математике встроены.",
    )  # fmt: skip


class DescriptionUploadForm(BootstrapForm, forms.Form):
    description = forms.FileField(
        label="Описание заданий работы (XLSX)", validators=[validate_upload_size],
        help_text="Как g04_math_ALL.xlsx: № задания, умения, блок, уровень, КЭС, КТ, максимальный балл.",
    )  # fmt: skip
    description_work = forms.CharField(label="Работа", max_length=100, help_text="Например, «ВПР 4 МА».")

    def clean_description_work(self):
        code = clean_work(self.cleaned_data.get("description_work", ""))
        if not code:
            raise forms.ValidationError("Укажите работу, например «ВПР 4 МА».")
        return code
