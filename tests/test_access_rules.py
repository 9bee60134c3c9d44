"""The actions × roles table of docs/prava-dostupa.md, exercised over HTTP for every persona.

The table is the specification: each cell says where a role may do an action («регион»,
«свой муниципалитет», «свои школы», «—»). For every action there are probes — a request that does
the action on an object whose place (region, municipality, school) is known — and for every
persona the expected outcome is computed from the table and the persona's own place, not from the
code. The table is also compared with the rules of opora/rules.py, so the docs cannot drift."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from opora.accounts.models import Role
from opora.core.access import LEVEL_WORDS, rules, rules_table
from opora.roadmaps.models import Roadmap
from tests.assessment.worlds import add_lists
from tests.dashboards.note_access import note_probes
from tests.dashboards.page_access import dashboard_probes
from tests.diagnostics import worlds as dx
from tests.factories import OrderFactory, OrganisationFactory, UserFactory, assign
from tests.indicators.access import indicator_probes
from tests.monitoring.access import probes as visit_probes
from tests.monitoring.event_access import event_probes
from tests.monitoring.workload_access import workload_probes
from tests.programs import access as programs_access
from tests.programs import worlds as programs_worlds
from tests.public import access as public_access
from tests.reports.access import report_probes
from tests.roadmaps.worlds import add_roadmaps
from tests.surveys.access import survey_probes

DOC = Path(__file__).resolve().parents[1] / "docs" / "prava-dostupa.md"


def doc_table() -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- rules:begin -->", 1)[1].split("<!-- rules:end -->", 1)[0]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in block.strip().splitlines()]
    return [row for row in rows if not re.fullmatch(r"-+", row[0])]


def test_the_docs_table_is_the_table_of_rules():
    assert doc_table() == rules_table(), "docs/prava-dostupa.md расходится с opora/rules.py"


def spec() -> dict[str, dict[str, set[str]]]:
    """action code → role → the levels (region / municipality / school) where the docs allow it."""
    header, *rows = doc_table()
    role_of = {label: code for code, label in Role.choices}
    levels_of = {word: level for level, word in LEVEL_WORDS.items()}
    table = {}
    for row in rows:
        code = row[1].strip("`")
        table[code] = {
            role_of[label]: {levels_of[w.strip()] for w in cell.split(",")} if cell != "—" else set()
            for label, cell in zip(header[2:-1], row[2:-1], strict=True)
        }
    return table


@dataclass(frozen=True)
class Place:
    region: str
    municipality: str | None = None
    school: str | None = None


ANYWHERE = None  # a page of a role: allowed wherever the role is held

# persona → (role, level, place name). Places: R is our region, R2 someone else's; M and M2 its
# municipalities; A and C are schools in M, B in M2.
PERSONAS = {
    "operator": (Role.REGIONAL_OPERATOR, "region", "R"),
    "coordinator": (Role.REGIONAL_COORDINATOR, "region", "R"),
    "municipal": (Role.MUNICIPAL_COORDINATOR, "municipality", "M"),
    "curator_a": (Role.CURATOR, "school", "A"),
    "director_a": (Role.SCHOOL_TEAM, "school", "A"),
    "director_b": (Role.SCHOOL_TEAM, "school", "B"),
    "expert": (Role.EXPERT, "region", "R"),
    "observer": (Role.OBSERVER, "region", "R"),
    "observer_m2": (Role.OBSERVER, "municipality", "M2"),
    "operator_r2": (Role.REGIONAL_OPERATOR, "region", "R2"),
    "anonymous": None,
}


@dataclass(frozen=True)
class Probe:
    description: str
    method: str
    build: Callable  # world → url, or (url, data)
    place: Place | None  # None: ANYWHERE
    condition_met: bool = True  # False: the object is not in the state the rule requires
    # Did the action happen? By default: the page opened or the form was taken (200 / 302 elsewhere
    # than the login page); refused is 403 or 404.
    done: Callable | None = None


def created_roadmap(response) -> bool:
    return response.status_code == 302 and re.search(r"/roadmaps/\d+/$", response["Location"]) is not None


R, R2 = "R", "R2"
PROBES = {
    "school.import": [Probe("страница загрузки списка школ", "get", lambda w: reverse("registry:school_import"), None)],
    "order.create": [Probe("страница нового приказа", "get", lambda w: reverse("registry:order_create"), None)],
    "assignment.create": [
        Probe("страница нового назначения", "get", lambda w: reverse("accounts:assignment_create"), None)
    ],
    "assignment.end": [
        Probe(
            "завершить назначение координатора M",
            "post",
            lambda w: reverse("accounts:assignment_end", args=[w.municipal_assignment.pk]),
            Place(R, "M"),
        ),
        Probe(
            "завершить назначение в чужом регионе",
            "post",
            lambda w: reverse("accounts:assignment_end", args=[w.r2_assignment.pk]),
            Place(R2),
        ),
    ],
    "login.reset": [
        Probe(
            "новый пароль директору школы A",
            "post",
            lambda w: reverse("accounts:person_password_reset", args=[w.users["director_a"].person.pk]),
            Place(R),
        ),
        Probe(
            "новый пароль человеку чужого региона",
            "post",
            lambda w: reverse("accounts:person_password_reset", args=[w.users["operator_r2"].person.pk]),
            Place(R2),
        ),
    ],
    "results.upload": [
        Probe(
            "загрузить результаты",
            "post",
            lambda w: reverse("assessment:results_upload", args=[w.campaign.pk]),
            Place(R),
        ),
        Probe(
            "загрузить результаты в чужую кампанию",
            "post",
            lambda w: reverse("assessment:results_upload", args=[w.other_campaign.pk]),
            Place(R2),
        ),
    ],
    "identification.run": [
        Probe("расчёт перечня", "get", lambda w: reverse("assessment:run", args=[w.campaign.pk]), Place(R)),
        Probe(
            "расчёт в чужой кампании", "get", lambda w: reverse("assessment:run", args=[w.other_campaign.pk]), Place(R2)
        ),
    ],
    "identification.change": [
        Probe("включить школу в проект", "post", lambda w: reverse("assessment:include", args=[w.draft.pk]), Place(R)),
        Probe(
            "включить школу в утверждённый перечень",
            "post",
            lambda w: reverse("assessment:include", args=[w.approved.pk]),
            Place(R),
            condition_met=False,
        ),
    ],
    "identification.approve": [
        Probe(
            "утвердить проект",
            "post",
            lambda w: (reverse("assessment:approve", args=[w.draft.pk]), {"order": w.order.pk}),
            Place(R),
        ),
    ],
    "identification.delete": [
        Probe("удалить проект", "post", lambda w: reverse("assessment:delete", args=[w.draft.pk]), Place(R)),
        Probe(
            "удалить утверждённый перечень",
            "post",
            lambda w: reverse("assessment:delete", args=[w.approved.pk]),
            Place(R),
            condition_met=False,
        ),
    ],
    "roadmap.create": [
        Probe("страница новой карты", "get", lambda w: reverse("roadmaps:create"), None),
        Probe(
            "создать карту муниципалитета M",
            "post",
            lambda w: (
                reverse("roadmaps:create") + f"?campaign={w.campaign.pk}",
                {"level": "municipality", "municipality": w.m.pk, "title": "Карта"},
            ),
            Place(R, "M"),
            done=created_roadmap,
        ),
        Probe(
            "создать карту муниципалитета M2",
            "post",
            lambda w: (
                reverse("roadmaps:create"),
                {"level": "municipality", "municipality": w.m2.pk, "title": "Карта"},
            ),
            Place(R, "M2"),
            done=created_roadmap,
        ),
        Probe(
            "создать карту школы A",
            "post",
            lambda w: (
                reverse("roadmaps:create") + f"?campaign={w.campaign.pk}",
                {"level": "school", "school_login": "sch420001", "title": "План"},
            ),
            Place(R, "M", "A"),
            done=created_roadmap,
        ),
        Probe(
            "создать региональную карту",
            "post",
            lambda w: (
                reverse("roadmaps:create") + f"?campaign={w.campaign.pk}",
                {"level": "region", "title": "Карта региона"},
            ),
            Place(R),
            done=created_roadmap,
        ),
    ],
    "roadmap.change": [
        Probe(
            "паспорт региональной карты", "get", lambda w: reverse("roadmaps:passport", args=[w.regional.pk]), Place(R)
        ),
        Probe("паспорт карты M", "get", lambda w: reverse("roadmaps:passport", args=[w.roadmap_m.pk]), Place(R, "M")),
        Probe(
            "паспорт карты M2", "get", lambda w: reverse("roadmaps:passport", args=[w.roadmap_m2.pk]), Place(R, "M2")
        ),
        Probe(
            "паспорт карты школы A",
            "get",
            lambda w: reverse("roadmaps:passport", args=[w.roadmap_a.pk]),
            Place(R, "M", "A"),
        ),
        Probe(
            "паспорт карты чужого региона",
            "get",
            lambda w: reverse("roadmaps:passport", args=[w.roadmap_r2.pk]),
            Place(R2),
        ),
    ],
    "roadmap.approve": [
        Probe(
            "утвердить карту M2",
            "post",
            lambda w: (reverse("roadmaps:approve", args=[w.roadmap_m2.pk]), {"order": w.order.pk}),
            Place(R, "M2"),
        ),
        Probe(
            "утвердить карту школы A",
            "post",
            lambda w: (reverse("roadmaps:approve", args=[w.roadmap_a.pk]), {"order": w.order.pk}),
            Place(R, "M", "A"),
        ),
    ],
    "item.report": [
        Probe(
            "отчёт по мероприятию карты M",
            "get",
            lambda w: reverse("roadmaps:item_report", args=[w.item_m.pk]),
            Place(R, "M"),
        ),
        Probe(
            "отчёт по мероприятию карты школы A",
            "get",
            lambda w: reverse("roadmaps:item_report", args=[w.item_a.pk]),
            Place(R, "M", "A"),
        ),
        Probe(
            "отчёт по мероприятию региональной карты",
            "get",
            lambda w: reverse("roadmaps:item_report", args=[w.regional_item.pk]),
            Place(R),
        ),
    ],
    # School documents and the expert council (opora.programs): each request makes its own document.
    "document.upload": [
        Probe(
            "новая версия возвращённого документа школы A",
            "post",
            lambda w: (
                reverse("programs:upload_version", args=[programs_access.doc_in(w, "A", "returned").pk]),
                {"file": programs_worlds.pdf(), "submit": "on"},
            ),
            Place(R, "M", "A"),
            done=programs_access.opened_document,
        ),
        Probe(
            "первая версия концепции школы B",
            "post",
            lambda w: (
                reverse("programs:upload_new", args=[w.school_b.pk]),
                {"slot": f"{programs_worlds.kind(w.campaign, 'concept').pk}--", "file": programs_worlds.pdf()},
            ),
            Place(R, "M2", "B"),
            done=programs_access.opened_document,
        ),
        Probe(
            "новая версия документа на проверке",
            "post",
            lambda w: (
                reverse("programs:upload_version", args=[programs_access.doc_in(w, "A", "submitted").pk]),
                {"file": programs_worlds.pdf()},
            ),
            Place(R, "M", "A"),
            condition_met=False,
            done=programs_access.opened_document,
        ),
    ],
    "document.review": [
        Probe(
            "одобрить концепцию школы A",
            "post",
            lambda w: programs_access.review_of(programs_access.doc_in(w, "A", "submitted")),
            Place(R, "M", "A"),
        ),
        Probe(
            "одобрить концепцию школы B",
            "post",
            lambda w: programs_access.review_of(programs_access.doc_in(w, "B", "submitted")),
            Place(R, "M2", "B"),
        ),
        Probe(
            "одобрить уже одобренную концепцию",
            "post",
            lambda w: programs_access.review_of(programs_access.doc_in(w, "A", "approved")),
            Place(R, "M", "A"),
            condition_met=False,
        ),
    ],
    "document.reopen": [
        Probe(
            "вернуть одобренную концепцию школы A",
            "post",
            lambda w: programs_access.reopen_of(programs_access.doc_in(w, "A", "approved")),
            Place(R, "M", "A"),
            done=programs_access.opened_document,
        ),
        Probe(
            "вернуть одобренную концепцию школы B",
            "post",
            lambda w: programs_access.reopen_of(programs_access.doc_in(w, "B", "approved")),
            Place(R, "M2", "B"),
            done=programs_access.opened_document,
        ),
        Probe(
            "вернуть концепцию, которая на проверке",
            "post",
            lambda w: programs_access.reopen_of(programs_access.doc_in(w, "A", "submitted")),
            Place(R, "M", "A"),
            condition_met=False,
            done=programs_access.opened_document,
        ),
    ],
    "council.sample": [
        Probe(
            "случайная выборка документов",
            "post",
            lambda w: programs_access.draw_in(w.campaign, w.school_a),
            Place(R),
            done=programs_access.sample_drawn,
        ),
        Probe(
            "выборка в чужом регионе",
            "post",
            lambda w: programs_access.draw_in(w.other_campaign, w.school_other_region),
            Place(R2),
            done=programs_access.sample_drawn,
        ),
    ],
    "council.score": [
        Probe(
            "оценить документ выборки",
            "post",
            lambda w: programs_access.score_of(
                programs_access.make_assignment(w, programs_access.doc_in(w, "A", "submitted"))
            ),
            Place(R),
        ),
    ],
    "programs.configure": [
        Probe("виды документов кампании", "get", lambda w: reverse("programs:kinds", args=[w.campaign.pk]), Place(R)),
        Probe(
            "виды документов чужой кампании",
            "get",
            lambda w: reverse("programs:kinds", args=[w.other_campaign.pk]),
            Place(R2),
        ),
    ],
    # Public «500+» pages (opora.public): A and B are on the approved list.
    "page.publish": [
        Probe(
            "открыть страницу школы A",
            "post",
            lambda w: public_access.settings_of(w.school_a),
            Place(R, "M", "A"),
            done=public_access.saved_settings,
        ),
        Probe(
            "открыть страницу школы B",
            "post",
            lambda w: public_access.settings_of(w.school_b),
            Place(R, "M2", "B"),
            done=public_access.saved_settings,
        ),
    ],
    "page.block": [
        Probe("закрыть страницу школы A", "post", lambda w: public_access.block_of(w.school_a), Place(R)),
        Probe("закрыть страницу школы B", "post", lambda w: public_access.block_of(w.school_b), Place(R)),
    ],
    # Diagnostics (risk profiles): opora.diagnostics
    "diagnostics.configure": [
        Probe(
            "параметры диагностики", "get", lambda w: reverse("diagnostics:configure", args=[w.campaign.pk]), Place(R)
        ),
        Probe(
            "параметры диагностики чужой кампании",
            "get",
            lambda w: reverse("diagnostics:configure", args=[w.other_campaign.pk]),
            Place(R2),
        ),
    ],
    "answers.fill": [
        Probe(
            "самодиагностика школы A",
            "get",
            lambda w: reverse(
                "diagnostics:fill", args=[dx.probe_profile(w, w.school_a, questionnaires=True).pk, "self"]
            ),
            Place(R, "M", "A"),
        ),
        Probe(
            "анкета директора школы B",
            "get",
            lambda w: reverse(
                "diagnostics:fill", args=[dx.probe_profile(w, w.school_b, questionnaires=True).pk, "director"]
            ),
            Place(R, "M2", "B"),
        ),
        Probe(
            "самодиагностика школы A после проверки профиля",
            "get",
            lambda w: reverse(
                "diagnostics:fill",
                args=[dx.probe_profile(w, w.school_a, verified=True, questionnaires=True).pk, "self"],
            ),
            Place(R, "M", "A"),
            condition_met=False,
        ),
    ],
    "answers.upload": [
        Probe(
            "загрузка ответов школы A",
            "get",
            lambda w: reverse("diagnostics:upload", args=[dx.probe_profile(w, w.school_a).pk]),
            Place(R, "M", "A"),
        ),
        Probe(
            "загрузка ответов школы B",
            "get",
            lambda w: reverse("diagnostics:upload", args=[dx.probe_profile(w, w.school_b).pk]),
            Place(R, "M2", "B"),
        ),
    ],
    "link.replace": [
        Probe(
            "заменить ссылку школы A",
            "post",
            lambda w: reverse("diagnostics:link_replace", args=[dx.probe_profile(w, w.school_a).pk]),
            Place(R, "M", "A"),
        ),
        Probe(
            "QR-код ссылки школы B",
            "get",
            lambda w: reverse("diagnostics:qr", args=[dx.probe_profile(w, w.school_b).pk]),
            Place(R, "M2", "B"),
        ),
    ],
    "profile.verify": [
        Probe(
            "проверить профиль школы A",
            "post",
            lambda w: reverse("diagnostics:verify", args=[dx.probe_profile(w, w.school_a).pk]),
            Place(R, "M", "A"),
        ),
        Probe(
            "проверить профиль школы B",
            "post",
            lambda w: reverse("diagnostics:verify", args=[dx.probe_profile(w, w.school_b).pk]),
            Place(R, "M2", "B"),
        ),
        Probe(
            "проверить уже проверенный профиль школы A",
            "post",
            lambda w: reverse("diagnostics:verify", args=[dx.probe_profile(w, w.school_a, verified=True).pk]),
            Place(R, "M", "A"),
            condition_met=False,
        ),
    ],
    "factors.propose": [
        Probe(
            "предложить направления школы A",
            "post",
            lambda w: reverse("diagnostics:propose", args=[dx.probe_profile(w, w.school_a).pk]),
            Place(R, "M", "A"),
        ),
        Probe(
            "предложить направления школы B",
            "post",
            lambda w: reverse("diagnostics:propose", args=[dx.probe_profile(w, w.school_b).pk]),
            Place(R, "M2", "B"),
        ),
    ],
    "factors.confirm": [
        Probe(
            "подтвердить направление школы A",
            "post",
            lambda w: (lambda p, data: (reverse("diagnostics:confirm", args=[p.pk]), data))(
                *dx.probe_proposal(w, w.school_a)
            ),
            Place(R, "M", "A"),
        ),
        Probe(
            "подтвердить направление школы B",
            "post",
            lambda w: (lambda p, data: (reverse("diagnostics:confirm", args=[p.pk]), data))(
                *dx.probe_proposal(w, w.school_b)
            ),
            Place(R, "M2", "B"),
        ),
        Probe(
            "подтвердить направление непроверенного профиля школы A",
            "post",
            lambda w: reverse("diagnostics:confirm", args=[dx.probe_profile(w, w.school_a).pk]),
            Place(R, "M", "A"),
            condition_met=False,
        ),
    ],
}

# The region's view of curators (opora.monitoring.workload): its probes live beside its tests.
PROBES |= workload_probes(Probe, Place)
# Visits and recommendations (opora.monitoring.visits).
PROBES |= visit_probes(Probe, Place)
PROBES |= event_probes(Probe, Place)
PROBES |= report_probes(Probe, Place)
# Participant surveys (opora.surveys).
PROBES |= survey_probes(Probe, Place)
PROBES |= note_probes(Probe, Place)
PROBES |= dashboard_probes(Probe, Place)
PROBES |= indicator_probes(Probe, Place)


def test_every_action_has_probes():
    assert set(PROBES) == set(rules()), "у каждого действия должен быть пробный запрос"


def expected_allowed(action: str, persona: str, probe: Probe) -> bool:
    if PERSONAS[persona] is None or not probe.condition_met:
        return False
    role, level, name = PERSONAS[persona]
    if level not in spec()[action].get(role, set()):
        return False
    if probe.place is None:
        return True
    return getattr(probe.place, level) == name


@pytest.fixture
def access_world(world, settings, tmp_path):
    """The shared world with lists and roadmaps, more personas and someone else's region."""
    settings.MEDIA_ROOT = tmp_path
    add_lists(world)
    add_roadmaps(world)
    w = world
    w.municipal_assignment = w.users["municipal"].person.assignments.get()
    w.item_a = w.roadmap_a.items.get()
    users = dict(w.users)

    def persona(key, role, region, **scope):
        user = UserFactory(email=f"rules.{key}@example.ru", person__region=region)
        assignment = assign(user, role, region=region, **scope)
        users[key] = user
        return assignment

    persona("coordinator", Role.REGIONAL_COORDINATOR, w.region)
    persona("observer", Role.OBSERVER, w.region)
    persona("observer_m2", Role.OBSERVER, w.region, municipality=w.m2)
    w.r2_assignment = persona("operator_r2", Role.REGIONAL_OPERATOR, w.other_region)
    other_campaign = w.other_campaign
    ministry_r2 = OrganisationFactory(region=w.other_region, name="Министерство Чужой области")
    OrderFactory(issuer=ministry_r2, number="1-р", title="О назначении")
    w.roadmap_r2 = Roadmap.objects.create(
        campaign=other_campaign, level="region", title="Карта Чужой области", year=2026
    )
    w.users = users
    return w


CASES = [(action, probe) for action, probes in PROBES.items() for probe in probes]


@pytest.mark.parametrize(("action", "probe"), CASES, ids=[f"{a}|{p.description}" for a, p in CASES])
def test_each_persona_may_do_exactly_what_the_table_says(access_world, client, action, probe):
    wrong = []
    for persona in PERSONAS:
        # Every request is undone afterwards, so one persona's approval does not change the next one's case.
        with transaction.atomic():
            client.logout()
            if access_world.users[persona] is not None:
                client.force_login(access_world.users[persona], backend="django.contrib.auth.backends.ModelBackend")
            target = probe.build(access_world)
            url, data = target if isinstance(target, tuple) else (target, {})
            response = getattr(client, probe.method)(url, data)
            transaction.set_rollback(True)
        if probe.done is not None:
            done = probe.done(response)
        elif response.status_code == 302:
            done = "/login/" not in response["Location"]
        else:
            done = response.status_code == 200
        refused = response.status_code in (403, 404) or (response.status_code == 302 and not done)
        allowed = expected_allowed(action, persona, probe)
        if allowed and not done:
            wrong.append(f"{persona}: {response.status_code}, а по таблице может")
        if not allowed and not (refused or (probe.done is not None and not done)):
            wrong.append(f"{persona}: {response.status_code}, а по таблице не может")
    assert not wrong, f"{action} — {probe.description}: " + "; ".join(wrong)
