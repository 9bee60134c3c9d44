from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from opora.core.scoping import Scope, ScopedQuerySet, any_of

from .geography import Municipality

fis_oko_login_validator = RegexValidator(r"^sch\d{6}$", "Логин ФИС ОКО имеет вид sch и шесть цифр, например sch420164")


class SchoolQuerySet(ScopedQuerySet):
    def search(self, text: str) -> "SchoolQuerySet":
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(short_name__icontains=text)
            | Q(full_name__icontains=text)
            | Q(fis_oko_login__icontains=text)
            | Q(address__icontains=text)
        )

    def with_card_relations(self) -> "SchoolQuerySet":
        return self.select_related("municipality__region", "director")


class School(models.Model):
    """A general education organisation (ОО)."""

    class Kind(models.TextChoices):
        SOSH = "sosh", "СОШ"
        OOSH = "oosh", "ООШ"
        NOSH = "nosh", "НОШ"
        GYMNASIUM = "gymnasium", "Гимназия"
        LYCEUM = "lyceum", "Лицей"
        BOARDING = "boarding", "Школа-интернат"
        EDUCATION_CENTRE = "education_centre", "Центр образования"
        SPECIAL = "special", "Коррекционная школа"
        EVENING = "evening", "Вечерняя (сменная) школа"
        OTHER = "other", "Иное"

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="schools", verbose_name="муниципалитет"
    )
    full_name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("краткое наименование", max_length=200)
    fis_oko_login = models.CharField("логин ФИС ОКО", max_length=9, unique=True, validators=[fis_oko_login_validator])
    kind = models.CharField("тип", max_length=20, choices=Kind.choices, default=Kind.SOSH)
    is_rural = models.BooleanField("сельская", default=False)
    address = models.CharField("адрес", max_length=500, blank=True)
    director = models.ForeignKey(
        "registry.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directed_schools",
        verbose_name="директор",
    )

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = "школа"
        verbose_name_plural = "школы"
        ordering = ["short_name"]
        indexes = [models.Index(fields=["municipality", "short_name"])]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("registry:school", args=[self.pk])

    @staticmethod
    def scope_q(scope: Scope, prefix: str = "") -> Q:
        """Also for records that belong to a school: `School.scope_q(scope, prefix="school__")`."""
        return any_of(
            (f"{prefix}municipality__region_id", scope.region_ids),
            (f"{prefix}municipality_id", scope.municipality_ids),
            (f"{prefix}pk", scope.school_ids),
        )
