from django import forms

from .models import SECTIONS

NOTE_MAX = 20000


class NotesForm(forms.Form):
    """The curator's text per section of the report."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for _key, title, has_facts, field in SECTIONS:
            self.fields[field] = forms.CharField(
                label="Комментарий куратора" if has_facts else title,
                required=False,
                max_length=NOTE_MAX,
                widget=forms.Textarea(attrs={"rows": 3 if has_facts else 6, "class": "form-control"}),
            )


class SubmitForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Почему отчёт возвращается куратору",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": "Укажите, почему отчёт возвращается куратору."},
    )
