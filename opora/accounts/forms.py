import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from opora.core.forms import BootstrapForm
from opora.registry.models import Campaign, Municipality, Order, Person, Region, School

from .models import SCHOOL_ROLES, Role


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="Эл. почта", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": "Неверная эл. почта или пароль. Проверьте раскладку клавиатуры и Caps Lock.",
        "inactive": "Учётная запись отключена. Обратитесь к региональному оператору.",
    }


def login_name(request, credentials: dict | None) -> str:
    """The e-mail a login attempt was for, as django-axes counts failures by it (case-insensitive)."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return value.strip().lower()


class AssignmentForm(BootstrapForm, forms.Form):
    """Appointing an existing or new person; schools are given by their ФИС ОКО logins, which
    scales to regions with thousands of schools where a select box would not."""

    region = forms.ModelChoiceField(label="Регион", queryset=Region.objects.none(), empty_label=None)
    person = forms.ModelChoiceField(
        label="Человек",
        queryset=Person.objects.none(),
        required=False,
        empty_label="— новый человек (заполните ниже) —",
    )
    last_name = forms.CharField(label="Фамилия", required=False, max_length=100)
    first_name = forms.CharField(label="Имя", required=False, max_length=100)
    middle_name = forms.CharField(label="Отчество", required=False, max_length=100)
    position = forms.CharField(label="Должность, место работы", required=False, max_length=300)
    email = forms.EmailField(label="Эл. почта", required=False)
    create_login = forms.BooleanField(label="Выдать вход в систему (пароль покажем один раз)", required=False)
    role = forms.ChoiceField(label="Роль", choices=Role.choices)
    municipality = forms.ModelChoiceField(
        label="Муниципалитет",
        queryset=Municipality.objects.none(),
        required=False,
        help_text="Для муниципального координатора и наблюдателя муниципалитета.",
    )
    school_logins = forms.CharField(
        label="Школы (логины ФИС ОКО)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "sch990004, sch990011"}),
        help_text="Для куратора и управленческой команды: через запятую или с новой строки.",
    )
    campaign = forms.ModelChoiceField(label="Кампания", queryset=Campaign.objects.none(), required=False)
    order = forms.ModelChoiceField(label="Приказ", queryset=Order.objects.none(), required=False)
    valid_from = forms.DateField(label="Действует с", widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label="Действует по", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["person"].queryset = Person.objects.filter(region__in=regions).order_by("last_name", "first_name")
        self.fields["municipality"].queryset = Municipality.objects.filter(region__in=regions)
        self.fields["campaign"].queryset = Campaign.objects.filter(region__in=regions)
        self.fields["order"].queryset = Order.objects.filter(region__in=regions).select_related("issuer")

    def clean(self):
        data = super().clean()
        region = data.get("region")
        if not data.get("person") and not (data.get("last_name") and data.get("first_name")):
            self.add_error("person", "Выберите человека или укажите фамилию и имя нового.")
        if data.get("create_login") and not (data.get("email") or getattr(data.get("person"), "email", "")):
            self.add_error("email", "Для входа нужна эл. почта.")
        logins = [x.lower() for x in re.split(r"[\s,;]+", data.get("school_logins", "")) if x]
        schools = (
            list(
                School.objects.filter(fis_oko_login__in=logins, municipality__region=region).select_related(
                    "municipality"
                )
            )
            if region
            else []
        )
        unknown = sorted(set(logins) - {s.fis_oko_login for s in schools})
        if unknown:
            self.add_error("school_logins", f"Нет таких школ в регионе: {', '.join(unknown)}.")
        if data.get("role") in SCHOOL_ROLES and not logins:
            self.add_error("school_logins", "Для этой роли укажите хотя бы одну школу.")
        for field in ("municipality", "campaign", "order", "person"):
            value = data.get(field)
            if value is not None and region is not None and value.region_id != region.pk:
                self.add_error(field, "Относится к другому региону.")
        data["schools"] = schools
        return data
