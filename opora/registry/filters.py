"""Filter forms for the school lists: what the user typed, applied to an already scoped queryset."""

from django import forms

from .models import Municipality, School


class SchoolFilterForm(forms.Form):
    q = forms.CharField(
        label="Поиск",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Название, логин ФИС ОКО или адрес", "type": "search"}),
    )
    municipality = forms.ModelChoiceField(
        label="Муниципалитет",
        queryset=Municipality.objects.none(),
        required=False,
        empty_label="Все муниципалитеты",
    )
    kind = forms.ChoiceField(label="Тип", required=False, choices=[("", "Все типы"), *School.Kind.choices])
    rural = forms.ChoiceField(
        label="Местность", required=False, choices=[("", "Любая"), ("1", "Сельские"), ("0", "Городские")]
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is None:
            del self.fields["municipality"]
        else:
            self.fields["municipality"].queryset = municipalities

    def apply(self, schools):
        if not self.is_valid():
            return schools
        data = self.cleaned_data
        schools = schools.search(data.get("q") or "")
        if data.get("municipality"):
            schools = schools.filter(municipality=data["municipality"])
        if data.get("kind"):
            schools = schools.filter(kind=data["kind"])
        if data.get("rural") in ("0", "1"):
            schools = schools.filter(is_rural=data["rural"] == "1")
        return schools
