"""Forms of events: the event itself (choices narrowed to what the user may touch), a material,
the attendance file, the resolution of a row."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from opora.core.forms import BootstrapForm
from opora.core.uploads import validate_document
from opora.registry.models import Campaign, Municipality, Organisation, School
from opora.roadmaps.models import Item

from .models import Event, EventKind, EventMaterial
from .models.events import AUDIENCE_ROLES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EventForm(BootstrapForm, forms.ModelForm):
    audience_roles = forms.MultipleChoiceField(
        label="Для кого: роли", choices=AUDIENCE_ROLES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Event
        fields = [
            "campaign",
            "municipality",
            "kind",
            "title",
            "description",
            "starts_on",
            "ends_on",
            "start_time",
            "organiser",
            "organiser_text",
            "audience_roles",
            "audience_municipalities",
            "audience_schools",
            "items",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "audience_municipalities": forms.SelectMultiple(attrs={"size": 6}),
            "audience_schools": forms.SelectMultiple(attrs={"size": 8}),
            "items": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "municipality": "Укажите для мероприятия муниципалитета: его видят и ведут в этом муниципалитете.",
            "audience_municipalities": "Пусто — весь регион (или муниципалитет мероприятия).",
            "audience_schools": "Приглашаются управленческие команды и кураторы выбранных школ.",
            "items": "Мероприятия дорожных карт, которые исполняет это событие.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        campaigns = Campaign.objects.for_user(user).select_related("region").order_by("-year")
        region_ids = set(campaigns.values_list("region_id", flat=True))
        self.fields["campaign"].queryset = campaigns
        if not self.is_bound and not self.instance.pk and "campaign" not in self.initial:
            latest = campaigns.first()  # the current campaign, offered first
            if latest is not None:
                self.initial["campaign"] = latest.pk
        self.fields["municipality"].queryset = Municipality.objects.for_user(user).order_by("name")
        EventKind.objects.ensure_defaults()
        self.fields["kind"].queryset = EventKind.objects.filter(
            Q(region__isnull=True) | Q(region_id__in=region_ids), is_active=True
        )
        self.fields["organiser"].queryset = Organisation.objects.for_user(user).order_by("name")
        self.fields["audience_municipalities"].queryset = Municipality.objects.for_user(user).order_by("name")
        self.fields["audience_schools"].queryset = (
            School.objects.for_user(user).select_related("municipality").order_by("municipality__name", "short_name")
        )
        self.fields["items"].queryset = (
            Item.objects.for_user(user)
            .filter(roadmap__campaign__region_id__in=region_ids)
            .select_related("roadmap")
            .order_by("roadmap_id", "position")
        )
        self.fields["items"].label_from_instance = lambda item: f"{item.roadmap}: {item}"
        if campaigns.count() == 1 and not self.instance.pk:
            self.fields["campaign"].initial = campaigns.first().pk

    def clean(self):
        data = super().clean()
        campaign, municipality = data.get("campaign"), data.get("municipality")
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "Дата окончания раньше даты начала.")
        if campaign and municipality and municipality.region_id != campaign.region_id:
            self.add_error("municipality", "Муниципалитет не из региона кампании.")
        kind = data.get("kind")
        if campaign and kind and kind.region_id not in (None, campaign.region_id):
            self.add_error("kind", "Этот вид мероприятия — другого региона.")
        if campaign:
            for name in ("audience_municipalities",):
                if any(m.region_id != campaign.region_id for m in data.get(name) or ()):
                    self.add_error(name, "Выбраны муниципалитеты другого региона.")
            if any(item.roadmap.campaign_id != campaign.pk for item in data.get("items") or ()):
                self.add_error("items", "Выбраны мероприятия дорожных карт другой кампании.")
        if not data.get("organiser") and not (data.get("organiser_text") or "").strip():
            self.add_error("organiser_text", "Укажите организатора: выберите из реестра или впишите.")
        return data


class MaterialForm(BootstrapForm, forms.ModelForm):
    url = forms.URLField(label="Ссылка", max_length=1000, required=False, assume_scheme="https")

    class Meta:
        model = EventMaterial
        fields = ["title", "file", "url"]
        help_texts = {
            "file": "PDF, Word, Excel, OpenDocument или изображение (JPEG, PNG).",
            "url": "Запись, презентация в облаке…",
        }

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file:
            validate_document(file)
        return file

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("url"):
            raise ValidationError("Приложите файл или укажите ссылку.")
        return data


class AttendanceFileForm(BootstrapForm, forms.Form):
    file = forms.FileField(
        label="Файл платформы (CSV или XLSX)",
        help_text=(
            "Список участников, выгруженный из Яндекс Телемоста, VK Звонков / Сферума, МТС Линк, Zoom, Контур.Толка."
        ),
    )
