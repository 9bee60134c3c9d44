"""Demo surveys: the default form, «Опрос 1» closed with answers from part of its audience and
«Опрос 2» open today, so the demo curator, director and municipal coordinator find it waiting."""

from __future__ import annotations

import datetime
import random
import uuid
from decimal import Decimal

from django.utils import timezone

from opora.accounts.models import Role
from opora.registry import demo as registry_demo
from opora.registry.models import Region

from .models import Participation, SurveyAnswer, SurveyResponse, Wave
from .selectors import audience_people
from .services import form_default

ROLES = [Role.CURATOR.value, Role.SCHOOL_TEAM.value, Role.MUNICIPAL_COORDINATOR.value]
COMMENTS = (
    "Больше практических вебинаров с разбором реальных случаев школ",
    "Выезды куратора полезны, хотелось бы чаще — раз в месяц",
    "Нужны образцы концепции и программы развития для сельских школ",
    "Вебинары лучше проводить после уроков, после 15:00",
    "Хотелось бы встреч со школами, которые уже вышли из перечня",
)
SHARE_ANSWERED = 0.6


def load(region: Region, out) -> None:
    campaign = registry_demo.campaign_of(region)
    form = form_default(campaign)
    today = timezone.localdate()
    days = datetime.timedelta
    first, _ = Wave.objects.get_or_create(
        campaign=campaign,
        title="Опрос 1",
        defaults={"form": form, "opens_on": today - days(120), "closes_on": today - days(100), "roles": ROLES},
    )
    second, _ = Wave.objects.get_or_create(
        campaign=campaign,
        title="Опрос 2",
        defaults={"form": form, "opens_on": today - days(3), "closes_on": today + days(25), "roles": ROLES},
    )
    if not first.participations.exists():
        _answer(first, random.Random(20261202))
    answered, asked = first.participations.count(), audience_people(first).count()
    out.write(f"Опросы участников: «{first.title}» — ответили {answered} из {asked}; «{second.title}» открыт.")


def _answer(wave: Wave, rng: random.Random) -> None:
    people = list(audience_people(wave).order_by("pk").values_list("pk", flat=True))
    chosen = [pk for pk in people if rng.random() < SHARE_ANSWERED]
    Participation.objects.bulk_create(
        Participation(wave=wave, person_id=pk, answered_on=wave.opens_on) for pk in chosen
    )
    questions = list(wave.form.questions.prefetch_related("options"))
    responses, answers = [], []
    for _ in chosen:
        response = SurveyResponse(id=uuid.uuid4(), wave=wave)
        responses.append(response)
        for q in questions:
            options = list(q.options.all())
            if q.kind == "single":
                answers.append(SurveyAnswer(response=response, question=q, option=rng.choice(options)))
            elif q.kind == "multiple":
                for option in rng.sample(options, rng.randint(0, 2)):
                    answers.append(SurveyAnswer(response=response, question=q, option=option))
            elif q.kind == "scale":
                point = rng.choices(range(q.low, q.high + 1), weights=[1, 2, 4, 6, 4][: q.high - q.low + 1])[0]
                answers.append(SurveyAnswer(response=response, question=q, value=Decimal(point)))
            elif q.kind == "text" and rng.random() < 0.35:
                answers.append(SurveyAnswer(response=response, question=q, text=rng.choice(COMMENTS)))
    SurveyResponse.objects.bulk_create(responses)
    SurveyAnswer.objects.bulk_create(answers)
