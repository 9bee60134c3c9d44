"""Assessment results in the database, identification runs and the lists they produce.

Procedures are canonical codes (`vpr5_ru`, `oge_ma`; see procedures.py), not rows: the table of
subjects there is the one place to extend them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from opora.core.background import Progress
from opora.core.scoping import Scope, ScopedQuerySet, any_of
from opora.core.uploads import upload_path, validate_upload_size
from opora.registry.models import Campaign, Order, School

from .procedures import procedure_label


class ResultsUpload(Progress):
    """One uploaded results file of a campaign. Every version is kept, accepted or not.
    The task worker reads it (`jobs.results_upload_process`); the page follows its progress."""

    class Status(models.TextChoices):
        RECEIVED = "received", "получен"
        QUEUED = "queued", "в очереди"
        PROCESSING = "processing", "обрабатывается"
        ACCEPTED = "accepted", "загружен"
        REJECTED = "rejected", "отклонён"
        ERROR = "error", "ошибка"

    ACTIVE = (Status.RECEIVED, Status.QUEUED, Status.PROCESSING)

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="results_uploads", verbose_name="кампания"
    )
    file = models.FileField("файл", upload_to=upload_path("results"), validators=[validate_upload_size])
    original_name = models.CharField("имя файла", max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто загрузил"
    )
    uploaded_at = models.DateTimeField("когда", auto_now_add=True)
    status = models.CharField("итог", max_length=10, choices=Status.choices, default=Status.RECEIVED)
    row_count = models.PositiveIntegerField("строк результатов", default=0)
    years = models.JSONField("годы", default=list, blank=True)
    errors = models.JSONField("ошибки", default=list, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "загрузка результатов"
        verbose_name_plural = "загрузки результатов"
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return any_of(("campaign__region_id", scope.region_ids))


class SchoolResultQuerySet(ScopedQuerySet):
    def for_years(self, *years: int) -> SchoolResultQuerySet:
        return self.filter(year__in=years)


class SchoolResult(models.Model):
    """The result of one procedure at one school in one year. A newer upload replaces the values;
    the file it came from stays with its upload."""

    # Written 640,000 rows at a time (a national file), so the table carries only the unique
    # (school, year, procedure) index, and no row-by-row foreign key checks: PostgreSQL checks a
    # foreign key per row with a lookup and a lock on the referenced row, which doubled the time of
    # a national upload. `results_db.store_results` checks (and locks) the file's schools and its
    # upload once per file instead; deleting a school through the application still deletes its
    # results (on_delete is Django's). On PostgreSQL the table keeps half of each page free
    # (fillfactor 50): a re-upload rewrites the figures in place without touching the index.
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name="школа",
        db_index=False,
        db_constraint=False,
    )
    year = models.PositiveSmallIntegerField("год")
    procedure = models.CharField("процедура", max_length=20)
    participants = models.PositiveIntegerField("участников", null=True, blank=True)
    low_count = models.PositiveIntegerField("получили «2» / не преодолели порог", null=True, blank=True)
    low_share = models.DecimalField("доля «2», %", max_digits=5, decimal_places=2, null=True, blank=True)
    high_share = models.DecimalField(
        "доля высоких результатов, %", max_digits=5, decimal_places=2, null=True, blank=True
    )
    upload = models.ForeignKey(
        ResultsUpload,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="из загрузки",
        db_index=False,
        db_constraint=False,
    )

    objects = SchoolResultQuerySet.as_manager()

    class Meta:
        verbose_name = "результат оценочной процедуры"
        verbose_name_plural = "результаты оценочных процедур"
        constraints = [models.UniqueConstraint(fields=["school", "year", "procedure"], name="result_unique")]

    def __str__(self) -> str:
        return f"{self.school} — {procedure_label(self.procedure)} {self.year}"

    @property
    def procedure_name(self) -> str:
        return procedure_label(self.procedure)

    @property
    def share(self):
        """Share of «2» in per cent: exact from the count when there is one."""
        if self.low_count is not None and self.participants:
            return round(self.low_count * 100 / self.participants, 1)
        return self.low_share

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return School.scope_q(scope, prefix="school__")


class Identification(Progress):
    """One run of the rule over a campaign's results. A draft until approved by an order.

    The run itself is made by the task worker (`jobs.identification_process`): until `state` is
    «done» the record holds only the parameters asked for, and no schools."""

    class Status(models.TextChoices):
        DRAFT = "draft", "проект"
        APPROVED = "approved", "утверждён"
        SUPERSEDED = "superseded", "заменён новым"

    class State(models.TextChoices):
        QUEUED = "queued", "в очереди"
        PROCESSING = "processing", "рассчитывается"
        DONE = "done", "рассчитан"
        ERROR = "error", "ошибка"

    ACTIVE = (State.QUEUED, State.PROCESSING)

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="identifications", verbose_name="кампания"
    )
    year = models.PositiveSmallIntegerField("год результатов (N)")
    threshold = models.DecimalField("порог доли «2», %", max_digits=5, decimal_places=2, default=30)
    min_participants = models.PositiveIntegerField("минимум участников", default=1)
    consecutive = models.CharField(
        "два года подряд",
        max_length=4,
        default="same",
        choices=[("same", "в той же процедуре"), ("any", "в любых процедурах")],
    )
    combine = models.CharField(
        "сочетание критериев", max_length=3, default="or", choices=[("or", "любой из двух"), ("and", "оба")]
    )
    near_margin = models.DecimalField("зона риска, п. п. до порога", max_digits=5, decimal_places=2, default=5)
    procedures = models.JSONField("процедуры", default=list)
    schools_checked = models.PositiveIntegerField("проверено школ", default=0)
    warnings = models.JSONField("предупреждения", default=list, blank=True)
    run_at = models.DateTimeField("рассчитан", auto_now_add=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто рассчитал"
    )
    # The one-time token of the form that asked for this run: the same form sent twice (back and
    # resubmit, a double click) finds this run instead of creating a duplicate.
    run_token = models.UUIDField("ключ формы расчёта", null=True, blank=True, unique=True, editable=False)
    status = models.CharField("статус", max_length=10, choices=Status.choices, default=Status.DRAFT)
    state = models.CharField("расчёт", max_length=10, choices=State.choices, default=State.DONE)
    order = models.ForeignKey(
        Order,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="identifications",
        verbose_name="утверждён приказом",
    )
    approved_at = models.DateTimeField("утверждён", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто утвердил",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "расчёт перечня ШНОР"
        verbose_name_plural = "расчёты перечня ШНОР"
        ordering = ["-run_at", "-pk"]
        constraints = [
            # One list in force per campaign, whatever two simultaneous approvals do.
            models.UniqueConstraint(
                fields=["campaign"], condition=Q(status="approved"), name="one_approved_list_per_campaign"
            )
        ]

    def __str__(self) -> str:
        return f"Перечень ШНОР {self.campaign.year} ({self.get_status_display()}, {self.run_label})"

    @property
    def run_label(self) -> str:
        """«расчёт № 12 от 03.02.2026 14:05»: tells runs of one day apart."""
        from django.utils import timezone

        return f"расчёт № {self.pk} от {timezone.localtime(self.run_at):%d.%m.%Y %H:%M}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_ready(self) -> bool:
        """The run is made: its schools are there (not still in the worker, not failed)."""
        return self.state == self.State.DONE

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE

    def rule_params(self):
        from .rules import RuleParams

        return RuleParams(
            threshold=self.threshold,
            min_participants=self.min_participants,
            consecutive=self.consecutive,
            combine=self.combine,
            near_margin=self.near_margin,
        )

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        # Drafts are the regional team's working material; an approved list is an order's appendix
        # and is seen by everyone working in the region (each sees the rows of their own schools).
        approved = Q(status__in=["approved", "superseded"]) & any_of(("campaign__region_id", scope.visible_region_ids))
        return approved | any_of(("campaign__region_id", scope.region_ids))


class ListedSchoolQuerySet(ScopedQuerySet):
    def on_list(self) -> ListedSchoolQuerySet:
        return self.filter(ListedSchool.on_list_q())

    def in_risk_zone(self) -> ListedSchoolQuerySet:
        return self.filter(ListedSchool.risk_zone_q())

    def approved_for(self, campaign: Campaign) -> ListedSchoolQuerySet:
        return self.on_list().filter(
            identification__campaign=campaign, identification__status=Identification.Status.APPROVED
        )


class ListedSchool(models.Model):
    """A school the rule selected (or a person included by hand), or one in the risk zone."""

    class Manual(models.TextChoices):
        NONE = "", "—"
        INCLUDED = "included", "включена вручную"
        EXCLUDED = "excluded", "исключена вручную"

    identification = models.ForeignKey(
        Identification, on_delete=models.CASCADE, related_name="schools", verbose_name="расчёт"
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="listings", verbose_name="школа")
    markers = models.JSONField("маркеры", default=dict)  # {"2025": ["oge_ma"], "2026": [...]}
    criterion_procedures = models.BooleanField("маркеры по двум и более процедурам", default=False)
    criterion_consecutive = models.BooleanField("маркеры два года подряд", default=False)
    rule_listed = models.BooleanField("отобрана правилом", default=False)
    risk_reasons = models.JSONField("зона риска", default=list, blank=True)
    manual = models.CharField("ручное решение", max_length=10, choices=Manual.choices, default="", blank=True)
    manual_reason = models.TextField("основание ручного решения", blank=True)

    objects = ListedSchoolQuerySet.as_manager()

    class Meta:
        verbose_name = "школа в перечне"
        verbose_name_plural = "школы в перечне"
        ordering = ["school__municipality__name", "school__short_name"]
        constraints = [models.UniqueConstraint(fields=["identification", "school"], name="listed_school_unique")]

    def __str__(self) -> str:
        return str(self.school)

    @staticmethod
    def on_list_q() -> Q:
        return Q(rule_listed=True, manual="") | Q(manual=ListedSchool.Manual.INCLUDED)

    @staticmethod
    def risk_zone_q() -> Q:
        # Risk-zone rows carry reasons; a school included by hand has left the risk zone.
        return Q(rule_listed=False, manual="") & ~Q(risk_reasons=[])

    @property
    def is_listed(self) -> bool:
        return self.manual == self.Manual.INCLUDED or (self.rule_listed and self.manual != self.Manual.EXCLUDED)

    def has_marker(self, year: int, procedure: str) -> bool:
        return procedure in self.markers.get(str(year), [])

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return School.scope_q(scope, prefix="school__")


class ListDecision(models.Model):
    """A manual include / exclude / undo on a list, with its reason. Never edited, only added."""

    class Action(models.TextChoices):
        INCLUDE = "include", "включение"
        EXCLUDE = "exclude", "исключение"
        RESTORE = "restore", "отмена ручного решения"

    listed_school = models.ForeignKey(
        ListedSchool, on_delete=models.CASCADE, related_name="decisions", verbose_name="школа в перечне"
    )
    action = models.CharField("действие", max_length=10, choices=Action.choices)
    reason = models.TextField("основание")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто"
    )
    at = models.DateTimeField("когда", auto_now_add=True)

    class Meta:
        verbose_name = "ручное решение по перечню"
        verbose_name_plural = "ручные решения по перечню"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.listed_school}"


# ФИС ОКО protocols and what they add (task shares, objectivity): a module of their own.
from .protocol_models import ProtocolBatch, ProtocolFile, ScoreScale, TaskDescription, TaskResult  # noqa: E402, F401
