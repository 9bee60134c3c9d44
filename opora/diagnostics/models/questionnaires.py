"""Questionnaire templates as data: questions, answer options, and the scoring items that map
answers to risk factors."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from opora.core.scoping import Scope, ScopedQuerySet, any_of
from opora.registry.models import Campaign

from .catalogue import RiskFactor


class Group(models.TextChoices):
    """Respondent groups. The first two answer with their accounts, the others anonymously."""

    SELF = "self", "Самодиагностика школы"
    DIRECTOR = "director", "Директор"
    TEACHERS = "teachers", "Педагоги"
    PUPILS = "pupils", "Обучающиеся"
    PARENTS = "parents", "Родители"


ANONYMOUS_GROUPS = (Group.TEACHERS, Group.PUPILS, Group.PARENTS)


class Purpose(models.TextChoices):
    """What a questionnaire is for. Participant surveys (opora.surveys) reuse the questions, options
    and answer forms of this engine; the diagnostics pages never see them."""

    DIAGNOSTICS = "diagnostics", "Диагностика школ"
    SURVEY = "survey", "Опрос участников"


class DiagnosticsQuestionnaires(models.Manager.from_queryset(ScopedQuerySet)):
    """The default manager (and so `campaign.questionnaires`): diagnostics questionnaires only."""

    def get_queryset(self):
        return super().get_queryset().filter(purpose=Purpose.DIAGNOSTICS)


class Questionnaire(models.Model):
    """A campaign's questionnaire for one respondent group (one per group)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="questionnaires", verbose_name="кампания"
    )
    group = models.CharField("кто отвечает", max_length=10, choices=Group.choices)
    title = models.CharField("название", max_length=300)
    intro = models.TextField("вступление", blank=True)
    purpose = models.CharField("назначение", max_length=12, choices=Purpose.choices, default=Purpose.DIAGNOSTICS)

    objects = DiagnosticsQuestionnaires()
    every = ScopedQuerySet.as_manager()  # diagnostics and participant surveys alike

    class Meta:
        verbose_name = "анкета"
        verbose_name_plural = "анкеты"
        ordering = ["campaign", "group"]
        base_manager_name = "every"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "group"],
                condition=Q(purpose="diagnostics"),
                name="questionnaire_one_per_group",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_anonymous(self) -> bool:
        return self.group in ANONYMOUS_GROUPS

    @property
    def region_id(self) -> int:
        return self.campaign.region_id

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return any_of(("campaign__region_id", scope.visible_region_ids))


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "один вариант"
        MULTIPLE = "multiple", "несколько вариантов"
        SCALE = "scale", "шкала"
        NUMBER = "number", "число"
        TEXT = "text", "текст"

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions", verbose_name="анкета"
    )
    position = models.PositiveSmallIntegerField("порядок")
    code = models.CharField("код", max_length=20)
    text = models.CharField("вопрос", max_length=1000)
    kind = models.CharField("тип", max_length=10, choices=Kind.choices)
    required = models.BooleanField("обязательный", default=True)
    # Scale: its ends (1…5); number: the range a value must fall in, which scoring maps to 0…1.
    low = models.IntegerField("от", null=True, blank=True)
    high = models.IntegerField("до", null=True, blank=True)
    low_label = models.CharField("подпись начала шкалы", max_length=100, blank=True)
    high_label = models.CharField("подпись конца шкалы", max_length=100, blank=True)

    class Meta:
        verbose_name = "вопрос"
        verbose_name_plural = "вопросы"
        ordering = ["questionnaire", "position"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "code"], name="question_code_unique")]

    def __str__(self) -> str:
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options", verbose_name="вопрос")
    position = models.PositiveSmallIntegerField("порядок")
    code = models.CharField("код", max_length=20)
    text = models.CharField("вариант ответа", max_length=500)

    class Meta:
        verbose_name = "вариант ответа"
        verbose_name_plural = "варианты ответа"
        ordering = ["question", "position"]
        constraints = [models.UniqueConstraint(fields=["question", "code"], name="option_code_unique")]

    def __str__(self) -> str:
        return self.text


class ScoringItem(models.Model):
    """One item behind a factor's score: an answer option (its share of respondents), or a scale
    or number question (its mean, mapped to 0…1), with a weight and the direction of risk."""

    class Direction(models.TextChoices):
        RISK = "risk", "указывает на риск"
        PROTECTIVE = "protective", "снижает риск"

    factor = models.ForeignKey(
        RiskFactor, on_delete=models.CASCADE, related_name="scoring_items", verbose_name="фактор"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="scoring_items", verbose_name="вопрос"
    )
    option = models.ForeignKey(
        Option,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scoring_items",
        verbose_name="вариант ответа",
    )
    weight = models.DecimalField("вес", max_digits=4, decimal_places=1, default=1)
    direction = models.CharField("направление", max_length=10, choices=Direction.choices, default=Direction.RISK)

    class Meta:
        verbose_name = "показатель фактора"
        verbose_name_plural = "показатели факторов"
        ordering = ["factor__position", "question__questionnaire__group", "question__position", "pk"]

    def __str__(self) -> str:
        return f"{self.factor.code}: {self.question.code}{'/' + self.option.code if self.option_id else ''}"
