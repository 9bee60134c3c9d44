"""Two submits of one person's answers at once (PostgreSQL threads, each with its own connection): one
response is kept, the other submit is told in Russian. Run: python tests/postgres.py tests/surveys/test_races.py"""

import pytest

from opora.surveys.models import Participation, SurveyResponse
from opora.surveys.services import AnswerRefused, answer_save
from tests.test_races import TRIES, at_once

from .test_surveys import _read
from .worlds import full_answers, wave_of


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_keep_one_response(world, postgres_only):
    director = world.users["director_a"]
    for attempt in range(TRIES):
        wave = wave_of(world, f"Опрос {attempt}")
        read = _read(wave, full_answers())
        results = at_once(
            lambda wave=wave, read=read: answer_save(wave=wave, user=director, read=read),
            lambda wave=wave, read=read: answer_save(wave=wave, user=director, read=read),
        )
        refused = [r for r in results if isinstance(r, AnswerRefused)]
        assert len(refused) == 1, results
        assert "ответить можно один раз" in str(refused[0])
        assert Participation.objects.filter(wave=wave).count() == 1
        assert SurveyResponse.objects.filter(wave=wave).count() == 1
