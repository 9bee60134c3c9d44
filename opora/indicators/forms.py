"""The operator's form of an indicator: facts from the library with their parameters as fields."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from opora.registry.models import Campaign

from .facts import FACTS
from .models import Indicator

PARAM_NAMES = ("role", "document", "level", "kind", "year", "wave")


def _param_fields(campaign: Campaign) -> dict[str, forms.Field]:
    """One field per parameter name, its choices the union of the facts that use it."""
    found: dict[str, forms.Field] = {}
    for fact in FACTS.values():
        for p in fact.params:
            if p.name in found:
                continue
            if p.choices:
                choices = p.choices(campaign)
                if not any(value == "" for value, _ in choices):
                    choices = [("", "—"), *choices]
                found[p.name] = forms.ChoiceField(label=p.label, choices=choices, required=False)
            else:
                found[p.name] = forms.CharField(label=p.label, required=False, max_length=20)
    return found


class IndicatorForm(forms.ModelForm):
    target = forms.DecimalField(label="Цель на год кампании", required=False, max_digits=8, decimal_places=1)

    class Meta:
        model = Indicator
        fields = ("title", "unit", "numerator", "denominator", "level", "period", "start", "end",
                  "lower_is_better", "yellow_share")  # fmt: skip
        widgets = {"start": forms.DateInput(attrs={"type": "date"}), "end": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        facts = [(code, fact.title) for code, fact in FACTS.items()]
        self.fields["numerator"] = forms.ChoiceField(label="Числитель (что считаем)", choices=facts)
        self.fields["denominator"] = forms.ChoiceField(
            label="Знаменатель (для доли)", choices=[("", "— нет (количество)"), *facts], required=False
        )
        for side in ("num", "den"):
            saved = (self.instance.numerator_params if side == "num" else self.instance.denominator_params) or {}
            for name, field in _param_fields(campaign).items():
                field.initial = saved.get(name, "")
                self.fields[f"{side}_{name}"] = field
        for field in self.fields.values():
            widget = field.widget
            kind = getattr(widget, "input_type", "")
            widget.attrs["class"] = (
                "form-check-input" if kind == "checkbox" else "form-select" if kind == "select" else "form-control"
            )
        year = str(campaign.year)
        if self.instance.pk and year in (self.instance.targets or {}):
            self.fields["target"].initial = self.instance.targets[year]

    def param_fields(self, side: str):
        return [self[f"{side}_{name}"] for name in PARAM_NAMES if f"{side}_{name}" in self.fields]

    def _params(self, side: str, code: str) -> dict:
        fact = FACTS.get(code)
        if fact is None:
            return {}
        return {
            p.name: self.cleaned_data.get(f"{side}_{p.name}") or ""
            for p in fact.params
            if self.cleaned_data.get(f"{side}_{p.name}")
        }

    def clean(self):
        data = super().clean()
        unit, denominator = data.get("unit"), data.get("denominator")
        if unit == "share" and not denominator:
            raise ValidationError("Для доли выберите знаменатель.")
        if unit == "count":
            data["denominator"] = ""
        if data.get("period") == "custom" and not (data.get("start") and data.get("end")):
            raise ValidationError("Для заданного периода укажите даты начала и конца.")
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError("Начало периода позже его конца.")
        year = (data.get("num_year") or "") + (data.get("den_year") or "")
        if year and not year.isdigit():
            raise ValidationError("Год результатов — число, например 2026.")
        return data

    def apply(self) -> Indicator:
        """The instance with the form's values (not saved): for the preview and for saving."""
        indicator = self.instance
        indicator.campaign = self.campaign
        indicator.numerator_params = self._params("num", self.cleaned_data["numerator"])
        indicator.denominator_params = self._params("den", self.cleaned_data.get("denominator") or "")
        targets = dict(indicator.targets or {})
        target = self.cleaned_data.get("target")
        if target is None:
            targets.pop(str(self.campaign.year), None)
        else:
            targets[str(self.campaign.year)] = float(target)
        indicator.targets = targets
        return indicator
