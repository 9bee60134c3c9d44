from django import forms

from opora.core.forms import BootstrapForm
from opora.core.uploads import validate_upload_size

from .models import Order, Organisation, Region


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


class OrderForm(BootstrapForm, forms.ModelForm):
    class Meta:
        model = Order
        fields = ["issuer", "number", "date", "title", "file"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "title": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = Organisation.objects.filter(region__in=regions).exclude(
            kind=Organisation.Kind.SCHOOL
        )

    def save(self, commit=True):
        self.instance.region_id = self.cleaned_data["issuer"].region_id
        return super().save(commit)


class ApprovalOrderForm(BootstrapForm, forms.Form):
    """Choosing the order (приказ) that approves a list or a roadmap, among those the user may see."""

    order = forms.ModelChoiceField(
        label="Приказ об утверждении", queryset=Order.objects.none(), empty_label="— выберите приказ —"
    )

    def __init__(self, *args, user, region, label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = Order.objects.for_user(user).filter(region=region).select_related("issuer")
        if label:
            self.fields["order"].label = label
