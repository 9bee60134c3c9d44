"""Matching a platform's participant to a registry person: e-mail first, then the name in any
usual spelling; never a guess."""

from opora.monitoring.name_matching import (
    AMBIGUOUS,
    UNMATCHED,
    Candidate,
    PeopleIndex,
    guest_key,
    match_person,
    name_tokens,
)

IVANOVA = Candidate(1, "Иванова", "Анна", "Викторовна", "ivanova@school1.ru")
IVANOVA_B = Candidate(2, "Иванова", "Белла", "Сергеевна")
PETROV = Candidate(3, "Петров", "Сергей", "Иванович", "petrov@school3.ru")
SEMENOVA = Candidate(4, "Семёнова", "Ольга", "Петровна")
KUZNETSOVA_1 = Candidate(5, "Кузнецова", "Мария", "Ивановна")
KUZNETSOVA_2 = Candidate(6, "Кузнецова", "Марина", "Олеговна")
PEOPLE = [IVANOVA, IVANOVA_B, PETROV, SEMENOVA, KUZNETSOVA_1, KUZNETSOVA_2]


def test_the_email_decides_whatever_the_name_and_case():
    assert match_person("Ivanova Anna", " IVANOVA@school1.ru ", PEOPLE).person_id == 1


def test_full_name_in_any_order_and_with_yo_or_e():
    assert match_person("Иванова Анна Викторовна", "", PEOPLE).person_id == 1
    assert match_person("Анна Иванова", "", PEOPLE).person_id == 1
    assert match_person("анна викторовна иванова", "", PEOPLE).person_id == 1
    assert match_person("Семенова Ольга", "", PEOPLE).person_id == 4
    assert match_person("СЕМЁНОВА ОЛЬГА ПЕТРОВНА", "", PEOPLE).person_id == 4


def test_initials_before_or_after_the_surname():
    assert match_person("Иванова А.В.", "", PEOPLE).person_id == 1
    assert match_person("Иванова А. В.", "", PEOPLE).person_id == 1
    assert match_person("А.В. Иванова", "", PEOPLE).person_id == 1
    assert match_person("Петров С.", "", PEOPLE).person_id == 3
    assert match_person("Иванова Б.С.", "", PEOPLE).person_id == 2


def test_wrong_initials_or_patronymic_do_not_match():
    assert match_person("Иванова А.С.", "", PEOPLE).state == UNMATCHED
    assert match_person("Петров Сергей Петрович", "", PEOPLE).state == UNMATCHED
    assert match_person("Иванов Анна", "", PEOPLE).state == UNMATCHED


def test_two_people_fitting_the_row_are_ambiguous_not_a_guess():
    match = match_person("Кузнецова М.", "", PEOPLE)
    assert match.state == AMBIGUOUS and set(match.ids) == {5, 6} and match.person_id is None


def test_a_surname_alone_offers_the_namesakes_to_choose_from():
    assert match_person("Иванова", "", PEOPLE) == match_person("иванова", "", PEOPLE)
    match = match_person("Иванова", "", PEOPLE)
    assert match.state == AMBIGUOUS and set(match.ids) == {1, 2}
    assert match_person("Петров", "", PEOPLE).state == AMBIGUOUS  # one namesake is still asked


def test_a_shared_email_is_narrowed_by_the_name():
    shared = [
        Candidate(7, "Орлова", "Нина", "", "school@mail.ru"),
        Candidate(8, "Лебедев", "Олег", "", "school@mail.ru"),
    ]
    assert match_person("Лебедев Олег", "school@mail.ru", shared).person_id == 8
    assert match_person("Завуч", "school@mail.ru", shared).state == AMBIGUOUS


def test_remarks_in_brackets_and_numbers_are_ignored():
    assert name_tokens("Иванова Анна (СОШ №5)") == (["иванова", "анна"], [])
    assert match_person("Зайцев Игорь", "", PEOPLE).state == UNMATCHED


def test_a_guest_is_the_same_guest_in_any_order_or_case():
    assert guest_key("Зайцев Игорь", "") == guest_key("игорь ЗАЙЦЕВ", "")
    assert guest_key("Кто угодно", "Z@Mail.ru") == guest_key("Другое имя", "z@mail.ru ") == "email:z@mail.ru"


def test_the_index_gives_the_same_answers_as_comparing_with_everyone():
    index = PeopleIndex(PEOPLE + [Candidate(100 + n, f"Фамилия{n}", "Анна", "Викторовна") for n in range(1000)])
    for name, email in (
        ("Иванова А.В.", ""),
        ("Анна Иванова", ""),
        ("Кузнецова М.", ""),
        ("Ivanova Anna", "ivanova@school1.ru"),
        ("Зайцев Игорь", ""),
        ("Иванова", ""),
    ):
        assert index.match(name, email) == match_person(name, email, PEOPLE), name
