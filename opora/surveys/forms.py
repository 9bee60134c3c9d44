from django import forms

from opora.core.forms import BootstrapForm
from opora.core.uploads import validate_upload_size
from opora.diagnostics.models import Purpose, Questionnaire
from opora.registry.models import Campaign, Municipality

from .models import AUDIENCE_ROLES, Wave

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WaveForm(BootstrapForm, forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label="Кого спрашиваем", choices=AUDIENCE_ROLES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Wave
        fields = ["title", "opens_on", "closes_on", "roles", "municipalities"]
        widgets = {"opens_on": DATE, "closes_on": DATE, "municipalities": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        region_ids = [self.instance.campaign.region_id] if self.instance.campaign_id else regions
        self.fields["municipalities"].queryset = Municipality.objects.filter(region_id__in=region_ids).order_by("name")

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and opens > closes:
            self.add_error("closes_on", "Дата окончания раньше даты начала")
        return data


class WaveCreateForm(WaveForm):
    campaign = forms.ModelChoiceField(label="Кампания", queryset=Campaign.objects.none())
    form = forms.ModelChoiceField(
        label="Анкета",
        queryset=Questionnaire.every.none(),
        required=False,
        empty_label="Стандартная анкета программы",
    )

    class Meta(WaveForm.Meta):
        fields = ["campaign", "form", *WaveForm.Meta.fields]

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, regions=regions, **kwargs)
        campaigns = Campaign.objects.filter(region_id__in=regions).order_by("-year")
        self.fields["campaign"].queryset = campaigns
        self.fields["campaign"].initial = campaigns.values_list("pk", flat=True).first()
        self.fields["form"].queryset = Questionnaire.every.filter(
            purpose=Purpose.SURVEY, campaign__region_id__in=regions
        ).order_by("-pk")

    def clean(self):
        data = super().clean()
        campaign, form = data.get("campaign"), data.get("form")
        if campaign and form and form.campaign_id != campaign.pk:
            self.add_error("form", "Анкета относится к другой кампании")
        if campaign and any(m.region_id != campaign.region_id for m in data.get("municipalities") or []):
            self.add_error("municipalities", "Муниципалитет относится к другому региону")
        return data


class FormImportForm(BootstrapForm, forms.Form):
    campaign = forms.ModelChoiceField(label="Кампания", queryset=Campaign.objects.none())
    file = forms.FileField(
        label="Файл анкеты (JSON)",
        validators=[validate_upload_size],
        help_text="Формат шаблона анкет диагностики; берётся первая анкета файла, без показателей факторов.",
    )

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(region_id__in=regions).order_by("-year")
