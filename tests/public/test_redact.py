"""Executors of a roadmap item as the public page prints them: positions, never names."""

import pytest

from opora.public.redact import positions


@pytest.mark.parametrize(
    ("executors", "expected"),
    [
        (["Директор Иванова М.П."], ["Директор"]),
        (["И.И. Петров, заместитель директора по УВР"], ["заместитель директора по УВР"]),
        (["Сидорова Анна Викторовна (учитель математики)"], ["учитель математики"]),
        (["Куратор Е.В. Ласкожевская"], ["Куратор"]),
        (["Иванова М.П., директор; руководитель ШМО"], ["директор", "руководитель ШМО"]),
        (["Классные руководители", "Педагог-психолог"], ["Классные руководители", "Педагог-психолог"]),
        (["Иванов И. И."], []),
    ],
)
def test_names_are_taken_out_and_positions_kept(executors, expected):
    assert positions(executors) == expected


def test_people_linked_to_the_item_are_taken_out_however_written():
    assert positions(["Руководитель ШМО Кузнецов"], known=("Кузнецов", "Иван")) == ["Руководитель ШМО"]
