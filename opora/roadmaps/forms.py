from django import forms

from opora.core.access import can, can_anywhere
from opora.core.forms import BootstrapForm
from opora.core.uploads import validate_upload_size
from opora.registry.models import Municipality, School

from .models import ItemReport, MonitoringStage, Roadmap


class OwnerForm(BootstrapForm, forms.Form):
    """Whose roadmap: the region's, a municipality's or a school's (by its ФИС ОКО login)."""

    level = forms.ChoiceField(label="Уровень", choices=Roadmap.Level.choices)
    municipality = forms.ModelChoiceField(label="Муниципалитет", queryset=Municipality.objects.none(), required=False)
    school_login = forms.CharField(label="Школа (логин ФИС ОКО)", required=False, max_length=9)
    year = forms.IntegerField(
        label="Год",
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="Если не указан — берётся из названия документа или из дат внутри.",
    )

    def __init__(self, *args, campaign, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign, self.user = campaign, user

        # Only the levels and places this user may own a roadmap at (the rule «roadmap.create»).
        def allowed_for(**owner) -> bool:
            return can(user, "roadmap.create", Roadmap(campaign=campaign, **owner))

        municipalities = [
            m
            for m in Municipality.objects.filter(region=campaign.region)
            if allowed_for(level=Roadmap.Level.MUNICIPALITY, municipality=m)
        ]
        self.fields["municipality"].queryset = Municipality.objects.filter(pk__in=[m.pk for m in municipalities])
        allowed = {
            Roadmap.Level.REGION: allowed_for(level=Roadmap.Level.REGION),
            Roadmap.Level.MUNICIPALITY: bool(municipalities),
            Roadmap.Level.SCHOOL: can_anywhere(user, "roadmap.create"),
        }
        self.fields["level"].choices = [(v, label) for v, label in Roadmap.Level.choices if allowed[v]]
        self.offers_municipality = allowed[Roadmap.Level.MUNICIPALITY]

    def clean(self):
        data = super().clean()
        level = data.get("level")
        data["school"] = None
        if level == Roadmap.Level.MUNICIPALITY and not data.get("municipality"):
            self.add_error("municipality", "Выберите муниципалитет.")
        if level == Roadmap.Level.SCHOOL:
            login = (data.get("school_login") or "").strip().lower()
            data["school"] = (
                School.objects.for_user(self.user)
                .filter(fis_oko_login=login, municipality__region=self.campaign.region)
                .first()
            )
            if data["school"] is None:
                self.add_error("school_login", f"Школы с логином «{login}» нет среди доступных вам.")
        if level != Roadmap.Level.MUNICIPALITY:
            data["municipality"] = None
        return data


class ImportForm(OwnerForm):
    file = forms.FileField(
        label="Документ с дорожной картой (DOCX, XLSX, PDF, CSV, TXT, MD)", validators=[validate_upload_size]
    )


class CreateForm(OwnerForm):
    title = forms.CharField(label="Название", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ItemForm(BootstrapForm, forms.Form):
    number = forms.CharField(label="№", max_length=20, required=False)
    action = forms.CharField(label="Мероприятие", widget=forms.Textarea(attrs={"rows": 3}))
    deadline_text = forms.CharField(
        label="Сроки",
        max_length=500,
        required=False,
        help_text="Как в документе: «до 5 марта 2022», «февраль – март», «ежемесячно».",
    )
    executors = forms.CharField(
        label="Ответственные (по одному в строке)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    planned_result = forms.CharField(
        label="Планируемый результат", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    indicator = forms.CharField(label="Показатель", required=False, widget=forms.Textarea(attrs={"rows": 1}))
    info = forms.CharField(label="Информационное сопровождение", required=False, max_length=2000)
    # The version of the item the user began editing (see services.item_update); none for a new item.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class PassportForm(BootstrapForm, forms.ModelForm):
    indicators = forms.CharField(
        label="Целевые показатели",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="По одному в строке: «Доля ШНОР, посещённых кураторами, % | 2021: 50 | 2022: 100».",
    )

    class Meta:
        model = Roadmap
        fields = ["title", "year", "school_year", "problem", "goal", "tasks", "working_group"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in ("title", "problem", "goal", "tasks", "working_group")}

    def clean_indicators(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["indicators"].splitlines(), 1):
            parts = [p.strip() for p in line.split("|") if p.strip()]
            if not parts:
                continue
            name, unit, values = parts[0], "", {}
            if "," in name and name.rsplit(",", 1)[1].strip() in ("%", "чел.", "ед.", "шт."):
                name, unit = (p.strip() for p in name.rsplit(",", 1))
            for part in parts[1:]:
                year, _, value = part.partition(":")
                if not year.strip().isdigit() or not value.strip():
                    raise forms.ValidationError(f"Строка {number}: «{part}» — ожидается «год: значение».")
                values[year.strip()] = value.strip()
            rows.append({"name": name, "unit": unit, "values": values})
        return rows


class ReportForm(BootstrapForm, forms.Form):
    stage = forms.ModelChoiceField(label="Этап мониторинга", queryset=MonitoringStage.objects.none(), empty_label=None)
    status = forms.ChoiceField(label="Исполнение", choices=ItemReport.Status.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(label="Подтверждающий документ", required=False, validators=[validate_upload_size])
    link = forms.URLField(label="или ссылка на публикацию", required=False, max_length=1000, assume_scheme="https")

    def __init__(self, *args, stages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = stages
