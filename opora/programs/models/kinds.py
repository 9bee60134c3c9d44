"""What a school writes in a campaign: the kinds of documents and the criteria they are judged by.

Both are data per campaign, seeded with the customary set the first time a campaign needs them;
an operator changes them for a new campaign without touching past ones."""

from __future__ import annotations

from django.db import models, transaction

from opora.registry.models import Campaign


class DocumentKind(models.Model):
    """A kind of school document in one campaign: one per school, one per activated risk factor,
    or one per monitoring stage; required or not."""

    class Per(models.TextChoices):
        SCHOOL = "school", "один на школу"
        FACTOR = "factor", "по одному на каждый активированный фактор риска"
        STAGE = "stage", "по одному на каждый этап мониторинга"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="document_kinds", verbose_name="кампания"
    )
    code = models.SlugField("код", max_length=40)
    title = models.CharField("название", max_length=200)
    per = models.CharField("сколько документов", max_length=10, choices=Per.choices, default=Per.SCHOOL)
    required = models.BooleanField("обязателен", default=False)
    order = models.PositiveSmallIntegerField("порядок", default=0)
    # A retired kind is asked of nobody and offered for no new document; its documents stay.
    retired = models.BooleanField("выведен", default=False)

    class Meta:
        verbose_name = "вид документа"
        verbose_name_plural = "виды документов"
        ordering = ["campaign", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="document_kind_unique_code")]

    def __str__(self) -> str:
        return self.title

    def active_criteria(self):
        """The criteria a new review or score is given on (retired ones stay in past reviews)."""
        return self.criteria.filter(retired=False)

    # code, title, per, required, criteria (text, the most points an expert gives for it)
    DEFAULTS = (
        (
            "concept",
            "Концепция развития",
            Per.SCHOOL,
            True,
            (
                ("Анализ положения школы опирается на её рисковый профиль", 3),
                ("Цели соответствуют рискам школы", 3),
                ("Ожидаемые результаты измеримы", 3),
            ),
        ),
        (
            "midterm",
            "Среднесрочная программа развития",
            Per.SCHOOL,
            True,
            (
                ("Цели соответствуют рискам", 3),
                ("Мероприятия конкретны и измеримы", 3),
                ("Указаны сроки и ответственные", 3),
            ),
        ),
        (
            "antirisk",
            "Антирисковая программа",
            Per.FACTOR,
            True,
            (
                ("Цели соответствуют фактору риска", 3),
                ("Мероприятия конкретны и измеримы", 3),
                ("Показатели позволяют увидеть снижение риска", 3),
            ),
        ),
        (
            "evidence",
            "Подтверждающие документы",
            Per.STAGE,
            False,
            (("Документы подтверждают выполнение мероприятий этапа", 3),),
        ),
        ("other", "Другой документ", Per.SCHOOL, False, ()),
    )

    @classmethod
    def for_campaign(cls, campaign: Campaign) -> list[DocumentKind]:
        """The campaign's kinds, seeded with the customary set the first time they are needed."""
        kinds = list(cls.objects.filter(campaign=campaign))
        if kinds:
            return kinds
        with transaction.atomic():
            for order, (code, title, per, required, criteria) in enumerate(cls.DEFAULTS, start=1):
                kind, created = cls.objects.get_or_create(
                    campaign=campaign,
                    code=code,
                    defaults={"title": title, "per": per, "required": required, "order": order},
                )
                if created:
                    ReviewCriterion.objects.bulk_create(
                        ReviewCriterion(kind=kind, text=text, max_points=points, order=n)
                        for n, (text, points) in enumerate(criteria, start=1)
                    )
        return list(cls.objects.filter(campaign=campaign))


class ReviewCriterion(models.Model):
    """One thing the curator checks (met / not met) and an expert scores (points) in a kind of document."""

    kind = models.ForeignKey(DocumentKind, on_delete=models.CASCADE, related_name="criteria", verbose_name="вид")
    text = models.CharField("критерий", max_length=300)
    max_points = models.PositiveSmallIntegerField("наибольший балл эксперта", default=3)
    order = models.PositiveSmallIntegerField("порядок", default=0)
    # A retired criterion is not asked in new reviews and scores; past marks keep it.
    retired = models.BooleanField("выведен", default=False)

    class Meta:
        verbose_name = "критерий проверки"
        verbose_name_plural = "критерии проверки"
        ordering = ["kind", "order", "pk"]

    def __str__(self) -> str:
        return self.text
