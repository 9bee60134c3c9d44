from django import forms

from opora.core.forms import BootstrapForm
from opora.core.uploads import validate_upload_size

from .models import Identification, ListDecision


class ResultsUploadForm(BootstrapForm, forms.Form):
    file = forms.FileField(label="Файл результатов (CSV или XLSX)", validators=[validate_upload_size])


class RunForm(BootstrapForm, forms.ModelForm):
    """The rule's parameters. `coverage` (year → schools with results) decides which years may be
    chosen: a year without results would make an empty list."""

    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Identification
        fields = ["year", "threshold", "min_participants", "consecutive", "combine", "near_margin"]
        help_texts = {
            "year": "Перечень составляется по результатам этого года и предыдущего.",
            "threshold": "Маркер — доля «2» (не преодолевших порог) не меньше этого значения. "
            "Больше 0 и не больше 100 %.",
            "near_margin": "Школы без маркеров, но с долей «2» в пределах этого числа пунктов до порога, "
            "попадают в «зону риска».",
        }

    def __init__(self, *args, coverage: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.coverage = coverage

    def clean_year(self):
        from .services import no_results_message

        year = self.cleaned_data["year"]
        if year not in self.coverage:
            raise forms.ValidationError(no_results_message(year, self.coverage))
        return year

    def clean_threshold(self):
        value = self.cleaned_data["threshold"]
        if not 0 < value <= 100:
            raise forms.ValidationError("Порог должен быть больше 0 и не больше 100 %.")
        return value

    def clean(self):
        data = super().clean()
        if data.get("near_margin") is not None and data.get("threshold") is not None:
            if not 0 <= data["near_margin"] <= data["threshold"]:
                self.add_error("near_margin", "Ширина зоны риска — от 0 до значения порога включительно.")
        if data.get("min_participants") is not None and data["min_participants"] < 1:
            self.add_error("min_participants", "Не меньше 1.")
        return data


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=ListDecision.Action.choices)
    reason = forms.CharField(label="Основание", max_length=2000)


class IncludeForm(BootstrapForm, forms.Form):
    login = forms.CharField(label="Логин ФИС ОКО школы", max_length=9)
    reason = forms.CharField(label="Основание включения", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
