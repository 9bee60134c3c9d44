"""Forms of the documents pages: an upload, a curator's review, reopening, the council's draw and scores."""

from __future__ import annotations

from django import forms

from opora.core.forms import BootstrapForm

from .models import Review
from .services import MAX_MB

ACCEPT = ".pdf,.docx,.xlsx,.odt,.ods"


class UploadForm(BootstrapForm, forms.Form):
    file = forms.FileField(
        label="Файл",
        help_text=f"PDF, DOCX, ODT, XLSX или ODS, не более {MAX_MB} МБ",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    note = forms.CharField(label="Что изменено (для новой версии)", required=False, max_length=500)
    submit = forms.BooleanField(label="Сразу отправить куратору на проверку", required=False, initial=True)


class NewDocumentForm(UploadForm):
    """The first version: where the document goes (kind and its factor or stage, or a title)."""

    slot = forms.CharField(widget=forms.HiddenInput)
    title = forms.CharField(label="Название документа", required=False, max_length=300)


class RevisionForm(BootstrapForm, forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(RevisionForm):
    # Not required here: the service names everything missing at once (criteria and verdict).
    verdict = forms.ChoiceField(
        label="Решение", choices=Review.Verdict.choices, widget=forms.RadioSelect, required=False
    )
    comment = forms.CharField(label="Комментарий для школы", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"met_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.text,
                choices=[("1", "выполнен"), ("0", "не выполнен")],
                coerce=lambda v: v == "1",
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                required=False,
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
            )

    def criterion_rows(self):
        return [(c, self[f"met_{c.pk}"], self[f"note_{c.pk}"]) for c in self.criteria]

    def marks(self) -> dict[int, tuple[bool, str]]:
        data = self.cleaned_data
        # A criterion left unmarked is absent: the service names it.
        return {c.pk: (data[f"met_{c.pk}"], data[f"note_{c.pk}"]) for c in self.criteria if data[f"met_{c.pk}"] != ""}


class ReopenForm(RevisionForm):
    reason = forms.CharField(label="Основание", widget=forms.Textarea(attrs={"rows": 2}))


class DrawForm(BootstrapForm, forms.Form):
    title = forms.CharField(label="Название выборки", max_length=300, initial="Экспертиза документов")
    method = forms.ChoiceField(
        label="Как отобрать",
        choices=[("random", "случайно"), ("chosen", "выбрать вручную")],
        widget=forms.RadioSelect,
        initial="random",
    )
    size = forms.IntegerField(label="Сколько документов", min_value=1, max_value=500, initial=10, required=False)
    seed = forms.IntegerField(
        label="Зерно (необязательно)",
        required=False,
        min_value=0,
        help_text="Та же выборка повторится с тем же зерном; без него зерно выберет система и запишет его.",
    )
    kind = forms.ChoiceField(label="Вид документов", required=False)
    documents = forms.CharField(
        label="Номера документов (для выбора вручную)", required=False, help_text="Через запятую или пробел"
    )

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "все виды")] + [(str(k.pk), k.title) for k in kinds]

    def clean(self):
        data = super().clean()
        if data.get("method") == "chosen":
            raw = (data.get("documents") or "").replace(",", " ").split()
            if not raw or not all(part.isdigit() for part in raw):
                self.add_error("documents", "Укажите номера документов числами через запятую.")
            data["document_ids"] = [int(part) for part in raw if part.isdigit()]
        elif not data.get("size"):
            self.add_error("size", "Укажите, сколько документов отобрать.")
        return data


class AssignForm(BootstrapForm, forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    expert = forms.ChoiceField(label="Эксперт")

    def __init__(self, *args, experts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].choices = [(str(u.pk), u.get_full_name()) for u in experts]


class ScoreForm(BootstrapForm, forms.Form):
    comment = forms.CharField(label="Заключение", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"points_{c.pk}"] = forms.IntegerField(
                label=f"{c.text} (0–{c.max_points})",
                min_value=0,
                max_value=c.max_points,
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )
            self.fields[f"note_{c.pk}"] = forms.CharField(
                label="Комментарий", required=False, widget=forms.TextInput(attrs={"class": "form-control"})
            )

    def criterion_rows(self):
        return [(c, self[f"points_{c.pk}"], self[f"note_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[int, str]]:
        return {c.pk: (self.cleaned_data[f"points_{c.pk}"], self.cleaned_data[f"note_{c.pk}"]) for c in self.criteria}
