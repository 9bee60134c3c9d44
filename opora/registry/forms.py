from django import forms

from opora.core.uploads import validate_upload_size

from .models import Region


class SchoolImportForm(forms.Form):
    region = forms.ModelChoiceField(label="Регион", queryset=Region.objects.none(), empty_label=None)
    file = forms.FileField(label="Файл со списком школ (CSV или XLSX)", validators=[validate_upload_size])
    create_municipalities = forms.BooleanField(
        label="Создавать муниципалитеты, которых ещё нет в реестре",
        required=False,
        help_text="Отметьте при первой загрузке. Иначе неизвестный муниципалитет — ошибка (защита от опечаток).",
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        if regions.count() == 1:
            self.fields["region"].widget = forms.HiddenInput()
            self.fields["region"].initial = regions.first().pk
