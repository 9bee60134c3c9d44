from django import forms

from opora.core.forms import BootstrapForm
from opora.core.uploads import validate_upload_size

from .models import ANONYMOUS_GROUPS, DiagnosticsSettings, Group, Level, RiskProfile


class NumbersForm(BootstrapForm, forms.ModelForm):
    class Meta:
        model = RiskProfile
        fields = ["pupils", "teachers"]


class SettingsForm(BootstrapForm, forms.ModelForm):
    class Meta:
        model = DiagnosticsSettings
        fields = ["opens_on", "closes_on", "high_from", "medium_from", "min_pupils", "min_teachers", "min_parents"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and opens > closes:
            self.add_error("closes_on", "Дата окончания раньше даты начала")
        high, medium = data.get("high_from"), data.get("medium_from")
        if high is not None and medium is not None and not 0 <= medium < high <= 100:
            self.add_error("medium_from", "Нужно 0 ≤ порог среднего < порог высокого ≤ 100")
        return data


class LevelChangeForm(BootstrapForm, forms.Form):
    level = forms.ChoiceField(label="Уровень", choices=[c for c in Level.choices if c[0] != Level.INSUFFICIENT])
    reason = forms.CharField(label="Основание", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class AnswersUploadForm(BootstrapForm, forms.Form):
    group = forms.ChoiceField(label="Чьи ответы", choices=[(g, Group(g).label) for g in ANONYMOUS_GROUPS])
    file = forms.FileField(
        label="Файл XLSX",
        validators=[validate_upload_size],
        help_text="Одна строка — один респондент; в первой строке коды вопросов (скачайте образец).",
    )


class TemplateImportForm(BootstrapForm, forms.Form):
    file = forms.FileField(label="Файл шаблона анкет (JSON)", validators=[validate_upload_size])
