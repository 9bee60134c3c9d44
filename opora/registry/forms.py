from django import forms
from django.utils.text import capfirst

from opora.core.forms import BootstrapForm
from opora.core.uploads import validate_document, validate_upload_size

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

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and not getattr(file, "_committed", False):  # a new upload, not the stored file
            validate_document(file)
        return file

    def save(self, commit=True):
        self.instance.region_id = self.cleaned_data["issuer"].region_id
        return super().save(commit)


def approvals_by(order: Order, *, excluding=None) -> list:
    """What else this order approves: rows of every model that points to an order by its `order`
    field and records when it was approved (`approved_at`) — lists, roadmaps — except `excluding`.
    Found through the order's reverse relations, so the registry imports none of those apps."""
    found = []
    for relation in Order._meta.related_objects:
        model = relation.related_model
        if relation.field.name != "order" or "approved_at" not in {f.name for f in model._meta.get_fields()}:
            continue
        rows = model._default_manager.filter(order=order)
        if excluding is not None and isinstance(excluding, model):
            rows = rows.exclude(pk=excluding.pk)
        found.extend(rows)
    return found


def describe_approval(obj) -> str:
    """«дорожная карта: Северный район: …» — what an order approves, in words."""
    return f"{obj._meta.verbose_name}: {obj}"


class ApprovalOrderForm(BootstrapForm, forms.Form):
    """Choosing the order (приказ) that approves a list or a roadmap, among those the user may see.

    Given the object being approved (`approving=`), an order that already approves something else
    is accepted only with `reuse_order` ticked; `other_approvals` lists what it approves."""

    order = forms.ModelChoiceField(
        label="Приказ об утверждении", queryset=Order.objects.none(), empty_label="— выберите приказ —"
    )

    def __init__(self, *args, user, region, label: str = "", approving=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = Order.objects.for_user(user).filter(region=region).select_related("issuer")
        if label:
            self.fields["order"].label = label
        self.approving = approving
        self.other_approvals = []
        if approving is not None:
            self.fields["reuse_order"] = forms.BooleanField(
                label="Да, этот приказ утверждает и этот документ", required=False
            )
            self.fields["reuse_order"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        order = data.get("order")
        if self.approving is not None and order is not None:
            self.other_approvals = approvals_by(order, excluding=self.approving)
            if self.other_approvals and not data.get("reuse_order"):
                uses = "; ".join(describe_approval(obj) for obj in self.other_approvals)
                self.add_error(
                    "reuse_order",
                    f"{capfirst(str(order))} уже утверждает: {uses}. Выберите другой приказ "
                    "или подтвердите, что этот приказ утверждает и этот документ.",
                )
        return data
