"""The public «500+» pages: a region's page listing its schools, a listed school's page, and what
the school chose to publish on it.

Addresses are slugs, never ids: a school's slug is random, so nobody walks the pages of schools
that have not published theirs. What a page shows is decided when it is shown: a document stays
on it only while it is approved in the very version the school published (see `selectors`)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from opora.core.scoping import Scope, ScopedQuerySet
from opora.programs.models import DocumentVersion, SchoolDocument
from opora.registry.models import Region, School

CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
LATIN = "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch _ y _ e iu ia".split()
LETTERS = {cyr: ("" if lat == "_" else lat) for cyr, lat in zip(CYRILLIC, LATIN, strict=True)}


def transliterated(text: str) -> str:
    """«Демо-область» → «demo-oblast»: a readable slug for a name."""
    return slugify("".join(LETTERS.get(ch, ch) for ch in text.lower()))


# Addresses under /500plus/ that are pages of their own, never a region.
RESERVED = {"manage"}


def random_slug() -> str:
    """12 characters from a 72-bit random number: unguessable, short enough for a school's website."""
    return secrets.token_urlsafe(9).replace("_", "x").replace("-", "z")


class RegionPage(models.Model):
    """The region's public page: its address (from its name) and nothing else of its own."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="public_page", verbose_name="регион")
    slug = models.SlugField("адрес", max_length=80, unique=True)

    class Meta:
        verbose_name = "публичная страница региона"
        verbose_name_plural = "публичные страницы регионов"

    def __str__(self) -> str:
        return str(self.region)

    def get_absolute_url(self) -> str:
        return reverse("public:region", args=[self.slug])

    @classmethod
    def of(cls, region: Region) -> RegionPage:
        """The region's page, made the first time it is needed."""
        found = cls.objects.filter(region=region).first()
        if found is not None:
            return found
        base = transliterated(region.name)[:60] or "region"
        slug = base
        while slug in RESERVED or cls.objects.filter(slug=slug).exists():
            slug = f"{base}-{secrets.token_hex(2)}"
        try:
            with transaction.atomic():
                return cls.objects.create(region=region, slug=slug)
        except IntegrityError:  # made by another request this very moment
            return cls.objects.get(region=region)


class SchoolPageQuerySet(ScopedQuerySet):
    def live(self) -> SchoolPageQuerySet:
        """Switched on by the school and not switched off by the region."""
        return self.filter(enabled=True, blocked=False)


class SchoolPage(models.Model):
    """A listed school's public page: on or off (the school's choice), blocked or not (the region's)."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="public_page", verbose_name="школа")
    slug = models.SlugField("адрес", max_length=40, unique=True, default=random_slug)
    enabled = models.BooleanField("страница открыта", default=False)
    show_roadmap = models.BooleanField("показывать утверждённую дорожную карту", default=False)
    blocked = models.BooleanField("закрыта регионом", default=False)
    block_reason = models.TextField("почему закрыта регионом", blank=True)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="кто закрыл",
    )  # fmt: skip
    blocked_at = models.DateTimeField("когда закрыта", null=True, blank=True)
    updated_at = models.DateTimeField("изменена", null=True, blank=True)

    objects = SchoolPageQuerySet.as_manager()

    class Meta:
        verbose_name = "публичная страница школы"
        verbose_name_plural = "публичные страницы школ"

    def __str__(self) -> str:
        return str(self.school)

    @property
    def is_live(self) -> bool:
        return self.enabled and not self.blocked

    def public_url(self, region_page: RegionPage) -> str:
        return reverse("public:school", args=[region_page.slug, self.slug])

    @classmethod
    def of(cls, school: School) -> SchoolPage:
        try:
            with transaction.atomic():
                page, _ = cls.objects.get_or_create(school=school)
        except IntegrityError:
            page = cls.objects.get(school=school)
        page.school = school
        return page

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return School.scope_q(scope, prefix="school__")


class PublishedDocument(models.Model):
    """A document the school put on its page, in the version that was approved when it did."""

    page = models.ForeignKey(SchoolPage, on_delete=models.CASCADE, related_name="documents", verbose_name="страница")
    document = models.ForeignKey(SchoolDocument, on_delete=models.CASCADE, related_name="+", verbose_name="документ")
    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="+", verbose_name="версия")
    slug = models.SlugField("адрес файла", max_length=40, unique=True, default=random_slug)
    published_at = models.DateTimeField("опубликован", default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто опубликовал"
    )

    class Meta:
        verbose_name = "опубликованный документ"
        verbose_name_plural = "опубликованные документы"
        ordering = ["document__kind__order", "document__factor__position", "document__stage__number", "document_id"]
        constraints = [models.UniqueConstraint(fields=["page", "document"], name="published_document_once")]

    def __str__(self) -> str:
        return str(self.document)


class PageEvent(models.Model):
    """Every switch of a page, by the school or by the region, with the reason. Never edited."""

    class Action(models.TextChoices):
        OPENED = "opened", "школа открыла страницу"
        CLOSED = "closed", "школа закрыла страницу"
        CHANGED = "changed", "школа изменила состав страницы"
        BLOCKED = "blocked", "регион закрыл страницу"
        UNBLOCKED = "unblocked", "регион снова открыл страницу"

    page = models.ForeignKey(SchoolPage, on_delete=models.CASCADE, related_name="events", verbose_name="страница")
    action = models.CharField("что", max_length=10, choices=Action.choices)
    reason = models.TextField("основание", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто"
    )
    at = models.DateTimeField("когда", default=timezone.now)

    class Meta:
        verbose_name = "изменение публичной страницы"
        verbose_name_plural = "изменения публичных страниц"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.get_action_display()
