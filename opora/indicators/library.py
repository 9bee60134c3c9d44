"""The common indicators of the programme, seeded per campaign the first time they are needed.

Each entry is data: code, title, unit, numerator and denominator facts with parameters, the
lowest level it makes sense at, the period, the target for the campaign year and whether less
is better. `ensure_library(campaign)` adds the missing ones (by code) and never changes those the
operator has edited."""

from __future__ import annotations

from opora.accounts.models import Role
from opora.registry.models import Campaign

from .models import Indicator, Unit
from .models.indicators import Level, Period

SHARE, COUNT = Unit.SHARE, Unit.COUNT

# code, title, unit, numerator, its params, denominator, its params, level, period, target, lower is better
LIBRARY = (
    ("curators", "Доля ШНОР, в которых назначены кураторы", SHARE, "listed_with_curator", {}, "listed", {},
     Level.SCHOOL, Period.CAMPAIGN, 100, False),
    ("visited", "Доля ШНОР, в которых куратор побывал за период", SHARE, "listed_visited", {}, "listed", {},
     Level.SCHOOL, Period.STAGE, 100, False),
    ("concept", "Доля ШНОР с одобренной концепцией развития", SHARE, "listed_document_approved",
     {"document": "concept"}, "listed", {}, Level.SCHOOL, Period.CAMPAIGN, 100, False),
    ("documents", "Доля ШНОР, все обязательные документы которых одобрены", SHARE,
     "listed_all_documents_approved", {}, "listed", {}, Level.SCHOOL, Period.CAMPAIGN, 100, False),
    ("profiles", "Доля ШНОР с проверенным рисковым профилем", SHARE, "listed_profile_verified", {}, "listed", {},
     Level.SCHOOL, Period.CAMPAIGN, 100, False),
    ("municipal_roadmaps", "Доля муниципалитетов с утверждённой дорожной картой", SHARE,
     "municipalities_roadmap_approved", {}, "municipalities_with_listed", {}, Level.MUNICIPALITY,
     Period.CAMPAIGN, 100, False),
    ("items_done", "Доля исполненных мероприятий дорожных карт", SHARE, "items_done", {}, "items_due", {},
     Level.SCHOOL, Period.STAGE, 100, False),
    ("items_overdue", "Количество просроченных мероприятий", COUNT, "items_overdue", {}, "", {}, Level.SCHOOL,
     Period.CAMPAIGN, 0, True),
    ("webinars", "Количество проведённых вебинаров", COUNT, "events_held", {"kind": "вебинар"}, "", {},
     Level.MUNICIPALITY, Period.CAMPAIGN, 5, False),
    ("selector_meetings", "Доля руководителей МОУО, принявших участие в селекторном совещании", SHARE,
     "people_attended", {"role": Role.MUNICIPAL_COORDINATOR, "kind": "селекторное совещание"},
     "people_of_role", {"role": Role.MUNICIPAL_COORDINATOR}, Level.MUNICIPALITY, Period.STAGE, 100, False),
    ("survey", "Доля ответивших на опрос", SHARE, "survey_respondents", {}, "survey_addressees", {},
     Level.MUNICIPALITY, Period.CAMPAIGN, 80, False),
    ("left_list", "Количество школ, вышедших из перечня", COUNT, "left_list", {}, "", {}, Level.MUNICIPALITY,
     Period.CAMPAIGN, None, False),
    ("low_share_fell", "Доля ШНОР, в которых доля «2» снизилась", SHARE, "listed_low_share_fell", {}, "listed", {},
     Level.SCHOOL, Period.CAMPAIGN, 50, False),
)  # fmt: skip


def ensure_library(campaign: Campaign) -> list[Indicator]:
    """The campaign's indicators, the library's missing ones added (one query when all are there)."""
    have = set(Indicator.objects.filter(campaign=campaign).exclude(code="").values_list("code", flat=True))
    missing = [entry for entry in LIBRARY if entry[0] not in have]
    if missing:
        position = {entry[0]: n for n, entry in enumerate(LIBRARY, start=1)}
        Indicator.objects.bulk_create(
            [
                Indicator(
                    campaign=campaign,
                    code=code,
                    title=title,
                    unit=unit,
                    numerator=num,
                    numerator_params=num_params,
                    denominator=den,
                    denominator_params=den_params,
                    level=level,
                    period=period,
                    targets={} if target is None else {str(campaign.year): target},
                    lower_is_better=lower,
                    position=position[code] * 10,
                )
                for code, title, unit, num, num_params, den, den_params, level, period, target, lower in missing
            ],
            ignore_conflicts=True,
        )
    return list(Indicator.objects.filter(campaign=campaign, retired=False).select_related("campaign"))
