"""Forms of the visit pages: plan, record (with recommendation rows and files), cancel, the
school's «done» and the curator's confirm-or-return."""

from __future__ import annotations

from django import forms

from opora.core.forms import BootstrapForm
from opora.registry.models import Person

from .models import Observation, VisitFormat

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _ManyFilesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ManyFilesField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", _ManyFilesInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if not data:
            return []
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class PlanForm(BootstrapForm, forms.Form):
    planned_on = forms.DateField(label="Дата визита", widget=DATE)
    format = forms.ChoiceField(
        label="Формат", choices=VisitFormat.choices, initial=VisitFormat.ON_SITE, widget=forms.RadioSelect
    )
    purpose = forms.CharField(label="Цель визита", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(BootstrapForm, forms.Form):
    reason = forms.CharField(label="Причина отмены", max_length=1000)


class RecordForm(BootstrapForm, forms.Form):
    held_on = forms.DateField(label="Дата проведения", widget=DATE)
    format = forms.ChoiceField(label="Формат", choices=VisitFormat.choices, widget=forms.RadioSelect)
    purpose = forms.CharField(label="Цель визита", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    participants = forms.ModelMultipleChoiceField(
        label="Участники от школы",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_participants = forms.CharField(
        label="Другие участники",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Фамилия, имя, должность — по одному человеку в строке.",
    )
    observations = forms.MultipleChoiceField(
        label="Что сделано во время визита",
        choices=Observation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    findings = forms.CharField(label="Выводы и наблюдения", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    files = ManyFilesField(
        label="Файлы (протокол, листы наблюдения уроков)",
        required=False,
        help_text="PDF, DOCX, XLSX, ODT, ODS, JPEG или PNG, не более 20 МБ каждый; можно выбрать несколько.",
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = Person.objects.filter(school=school).order_by("last_name", "first_name")


class RecommendationForm(BootstrapForm, forms.Form):
    text = forms.CharField(label="Рекомендация", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label="Срок", required=False, widget=DATE)
    actor = forms.CharField(
        label="Кто выполняет",
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "должность или ФИО, если нет в списке"}),
    )
    actor_person = forms.ModelChoiceField(
        label="Ответственный от школы", queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        if school is not None:
            self.fields["actor_person"].queryset = Person.objects.filter(school=school).order_by("last_name")

    def clean(self):
        data = super().clean()
        if not data.get("text", "").strip() and (data.get("deadline") or data.get("actor") or data.get("actor_person")):
            self.add_error("text", "Напишите текст рекомендации или очистите строку.")
        return data


RecommendationFormSet = forms.formset_factory(RecommendationForm, extra=0)


class DoneForm(BootstrapForm, forms.Form):
    comment = forms.CharField(
        label="Что сделано", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConfirmForm(BootstrapForm, forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", "подтвердить"), ("return", "вернуть")])
    comment = forms.CharField(label="Комментарий (обязателен при возврате)", required=False, max_length=2000)


class NormForm(BootstrapForm, forms.Form):
    visit_norm_days = forms.IntegerField(
        label="Наибольший перерыв между визитами в школу, дней",
        min_value=1,
        max_value=365,
        error_messages={"min_value": "Не меньше 1 дня.", "max_value": "Не более 365 дней."},
        help_text="По методическим рекомендациям куратор бывает в школе не реже 1 раза в 3–4 недели (21–28 дней).",
    )
