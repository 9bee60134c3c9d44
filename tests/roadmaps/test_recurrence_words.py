import pytest

from opora.roadmaps.deadlines import parse_deadline
from opora.roadmaps.recurrence_words import recurrence_label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("ежемесячно", "ежемесячно"),
        ("1 раз в четверть", "ежеквартально"),
        ("Каждую неделю: среда, четверг, пятница", "еженедельно: ср, чт, пт"),
        ("не реже 1 раза в 3-4 недели", "раз в 3–4 недели"),
    ],
)
def test_recurrences_read_from_deadlines_are_said_in_russian(text, label):
    assert recurrence_label(parse_deadline(text, 2026).recurrence) == label


def test_counted_recurrences_agree_in_number():
    assert recurrence_label("2 per month") == "2 раза в месяц"
    assert recurrence_label("every 5 weeks") == "раз в 5 недель"
    assert recurrence_label("every 2 months") == "раз в 2 месяца"
