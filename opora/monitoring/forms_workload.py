"""Handing a school to another curator by an order (приказ)."""

from django import forms

from opora.core.forms import BootstrapForm
from opora.registry.models import Order, Person, School


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, person: Person) -> str:
        return f"{person.full_name} — {person.position}" if person.position else person.full_name


class OrderChoice(forms.ModelChoiceField):
    def label_from_instance(self, order: Order) -> str:
        return f"{order} — {order.title}"


class ReassignForm(BootstrapForm, forms.Form):
    curator = PersonChoice(label="Новый куратор", queryset=Person.objects.none(), empty_label="— выберите человека —")
    order = OrderChoice(
        label="Приказ",
        queryset=Order.objects.none(),
        empty_label="— выберите приказ —",
        help_text="Приказ о закреплении куратора. Нет в списке — сначала внесите его в разделе «Приказы».",
    )
    valid_from = forms.DateField(
        label="С какого дня", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, user, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        region_id = school.municipality.region_id
        # People of the school itself are left out: a curator comes from outside the school.
        self.fields["curator"].queryset = (
            Person.objects.filter(region_id=region_id)
            .exclude(school=school)
            .order_by("last_name", "first_name", "middle_name", "pk")
        )
        self.fields["order"].queryset = (
            Order.objects.for_user(user)
            .filter(region_id=region_id)
            .select_related("issuer")
            .order_by("-date", "number")
        )
