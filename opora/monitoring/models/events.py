"""Events (вебинары, селекторные совещания, семинары …) held for the programme, and who attended.

An event belongs to a campaign (so to its region) and, when a municipal coordinator organises it,
to one municipality. Its audience is roles × municipalities × listed schools. Attendance is one
row per event × person (or per event × guest, a participant who is not in the registry), marked
by hand or imported from the file a webinar platform exports (`AttendanceImport` keeps the file
and the rows the user still has to resolve)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from opora.accounts.models.roles import Role
from opora.core.scoping import Scope, ScopedQuerySet, any_of
from opora.core.uploads import upload_path, validate_upload_size
from opora.registry.models import Campaign, Municipality, Organisation, Person, School

# The kinds every region starts with (seeded by the migration; a region may add its own).
SEEDED_KINDS = (
    "вебинар",
    "селекторное совещание",
    "семинар",
    "интенсив-сессия",
    "курсы повышения квалификации",
    "стажировка",
    "конференция",
    "консультация",
)


# How an audience reads: «для кого — кураторы, управленческие команды школ».
AUDIENCE_ROLES = [
    (Role.REGIONAL_COORDINATOR, "региональные координаторы"),
    (Role.MUNICIPAL_COORDINATOR, "муниципальные координаторы"),
    (Role.CURATOR, "кураторы"),
    (Role.SCHOOL_TEAM, "управленческие команды школ"),
    (Role.EXPERT, "эксперты"),
    (Role.OBSERVER, "наблюдатели"),
]


DEFAULT_KINDS = (
    "вебинар",
    "селекторное совещание",
    "семинар",
    "интенсив-сессия",
    "курсы повышения квалификации",
    "стажировка",
    "конференция",
    "консультация",
)


class EventKindQuerySet(models.QuerySet):
    def ensure_defaults(self) -> None:
        """The common kinds for every region: seeded by a migration, and again here if someone emptied the
        table (one query when they are there)."""
        if not self.filter(region__isnull=True).exists():
            for position, name in enumerate(DEFAULT_KINDS, start=1):
                self.get_or_create(region=None, name=name, defaults={"position": position * 10})

    def available_in(self, region_id: int) -> EventKindQuerySet:
        """Global kinds and the region's own, still in use."""
        return self.filter(Q(region__isnull=True) | Q(region_id=region_id), is_active=True)


class EventKind(models.Model):
    region = models.ForeignKey(
        "registry.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_kinds",
        verbose_name="регион (пусто — для всех)",
    )
    name = models.CharField("название", max_length=200)
    is_active = models.BooleanField("используется", default=True)
    position = models.PositiveSmallIntegerField("порядок", default=100)

    objects = EventKindQuerySet.as_manager()

    class Meta:
        verbose_name = "вид мероприятия"
        verbose_name_plural = "виды мероприятий"
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="event_kind_unique_name")]

    def __str__(self) -> str:
        return self.name


class EventQuerySet(ScopedQuerySet):
    def with_names(self) -> EventQuerySet:
        return self.select_related("kind", "campaign__region", "municipality", "organiser")

    def in_period(self, start=None, end=None) -> EventQuerySet:
        """Events that took place (started) within [start, end]; either bound may be open."""
        qs = self
        if start:
            qs = qs.filter(starts_on__gte=start)
        if end:
            qs = qs.filter(starts_on__lte=end)
        return qs


class Event(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="events", verbose_name="кампания")
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name="муниципалитет (для муниципального мероприятия)",
    )
    kind = models.ForeignKey(EventKind, on_delete=models.PROTECT, related_name="events", verbose_name="вид")
    title = models.CharField("название", max_length=500)
    description = models.TextField("описание", blank=True)
    starts_on = models.DateField("дата начала")
    ends_on = models.DateField("дата окончания", null=True, blank=True)
    start_time = models.TimeField("время начала", null=True, blank=True)
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name="организатор (из реестра)",
    )
    organiser_text = models.CharField("организатор (если нет в реестре)", max_length=500, blank=True)
    audience_roles = models.JSONField("для кого: роли", default=list, blank=True)
    audience_municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="events_invited", verbose_name="для кого: муниципалитеты"
    )
    audience_schools = models.ManyToManyField(
        School, blank=True, related_name="events_invited", verbose_name="для кого: школы"
    )
    items = models.ManyToManyField(
        "roadmaps.Item", blank=True, related_name="events", verbose_name="исполняет мероприятия дорожных карт"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто создал"
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "мероприятие"
        verbose_name_plural = "мероприятия"
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["campaign", "starts_on"]), models.Index(fields=["kind", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:event", args=[self.pk])

    @property
    def region_id(self) -> int:
        return self.campaign.region_id

    @property
    def last_day(self):
        return self.ends_on or self.starts_on

    @property
    def organiser_name(self) -> str:
        if self.organiser_id:
            return self.organiser.short_name or self.organiser.name
        return self.organiser_text

    @property
    def audience_role_labels(self) -> list[str]:
        labels = dict(AUDIENCE_ROLES)
        return [labels.get(code, code) for code in self.audience_roles]

    @staticmethod
    def scope_q(scope: Scope, prefix: str = "") -> Q:
        """The region's own events are seen by everyone working in the region; a municipality's by
        the region's team and those working in that municipality; and any event by those invited
        to it (their school or municipality is in the audience)."""
        p = prefix
        through_schools = Event.audience_schools.through.objects.filter(school_id__in=scope.school_ids)
        through_munis = Event.audience_municipalities.through.objects.filter(
            municipality_id__in=scope.visible_municipality_ids
        )
        q = any_of(
            (f"{p}campaign__region_id", scope.region_ids), (f"{p}municipality_id", scope.visible_municipality_ids)
        )
        if scope.visible_region_ids:
            q |= Q(**{f"{p}municipality__isnull": True, f"{p}campaign__region_id__in": scope.visible_region_ids})
        if scope.school_ids:
            q |= Q(**{f"{p}pk__in": through_schools.values("event_id")})
        if scope.visible_municipality_ids:
            q |= Q(**{f"{p}pk__in": through_munis.values("event_id")})
        return q


class EventMaterial(models.Model):
    """A file or a link handed out at the event (presentation, recording, methodical guide)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials", verbose_name="мероприятие")
    title = models.CharField("название", max_length=300)
    file = models.FileField(
        "файл", upload_to=upload_path("event-materials"), blank=True, validators=[validate_upload_size]
    )
    url = models.URLField("ссылка", max_length=1000, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто добавил"
    )
    added_at = models.DateTimeField("добавлено", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_via = {"monitoring.Event": "event"}

    class Meta:
        verbose_name = "материал мероприятия"
        verbose_name_plural = "материалы мероприятий"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return Event.scope_q(scope, prefix="event__")


class AttendanceSource(models.TextChoices):
    MANUAL = "manual", "отмечено вручную"
    IMPORT = "import", "из файла платформы"


class AttendanceQuerySet(ScopedQuerySet):
    def members(self) -> AttendanceQuerySet:
        return self.filter(person__isnull=False)

    def guests(self) -> AttendanceQuerySet:
        return self.filter(person__isnull=True)


class Attendance(models.Model):
    """One person (or one guest) at one event — never two rows for the same, whatever the imports."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendance", verbose_name="мероприятие")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="attendance", verbose_name="участник"
    )
    # A guest (not in the registry) is known by the normalised e-mail, else the normalised name.
    guest_key = models.CharField("ключ гостя", max_length=300, blank=True)
    name = models.CharField("имя в файле", max_length=300, blank=True)
    email = models.CharField("эл. почта в файле", max_length=300, blank=True)
    joined_at = models.DateTimeField("подключился", null=True, blank=True)
    minutes = models.PositiveIntegerField("минут на мероприятии", null=True, blank=True)
    source = models.CharField("как отмечено", max_length=10, choices=AttendanceSource.choices)
    source_import = models.ForeignKey(
        "AttendanceImport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendance",
        verbose_name="из загрузки",
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто отметил"
    )
    marked_at = models.DateTimeField("когда отмечено", auto_now=True)

    objects = AttendanceQuerySet.as_manager()
    access_via = {"monitoring.Event": "event"}

    class Meta:
        verbose_name = "посещение мероприятия"
        verbose_name_plural = "посещаемость мероприятий"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"], condition=Q(person__isnull=False), name="attendance_one_per_person"
            ),
            models.UniqueConstraint(
                fields=["event", "guest_key"], condition=Q(person__isnull=True), name="attendance_one_per_guest"
            ),
        ]

    def __str__(self) -> str:
        return str(self.person) if self.person_id else f"{self.name or self.email} (гость)"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return Event.scope_q(scope, prefix="event__")


class ImportStatus(models.TextChoices):
    FAILED = "failed", "файл не принят"
    PENDING = "pending", "есть строки для разбора"
    DONE = "done", "учтено"


class AttendanceImport(models.Model):
    """An uploaded platform export: the file is kept whatever happens; `rows` holds every row read
    with how it was matched, so the rows still to resolve are listed until the user decides."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="imports", verbose_name="мероприятие")
    file = models.FileField("файл", upload_to=upload_path("attendance-imports"), validators=[validate_upload_size])
    original_name = models.CharField("имя файла", max_length=255)
    platform = models.CharField("платформа", max_length=100, blank=True)
    status = models.CharField("итог", max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    errors = models.JSONField("ошибки", default=list, blank=True)
    rows = models.JSONField("строки", default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто загрузил"
    )
    uploaded_at = models.DateTimeField("когда", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_via = {"monitoring.Event": "event"}

    class Meta:
        verbose_name = "загрузка посещаемости"
        verbose_name_plural = "загрузки посещаемости"
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:attendance_import", args=[self.pk])

    @property
    def pending_rows(self) -> list[dict]:
        return [row for row in self.rows if row.get("state") in ("unmatched", "ambiguous")]

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return Event.scope_q(scope, prefix="event__")
