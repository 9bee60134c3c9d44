"""Every URL pattern × every persona → the status they must get.

A URL that is not in MATRIX fails `test_every_url_pattern_is_in_the_matrix`, so a new view cannot
ship without saying who may open it. 404 (not 403) for objects outside the user's scope: the
system does not confirm that someone else's school exists. 403 for pages of a role the user lacks."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .assessment.protocol_matrix import MATRIX as PROTOCOLS_MATRIX
from .conftest import PERSONAS
from .dashboards.matrix import MATRIX as DASHBOARDS_MATRIX
from .diagnostics.matrix import MATRIX as DIAGNOSTICS_MATRIX
from .indicators.matrix import MATRIX as INDICATORS_MATRIX
from .monitoring.matrix import MATRIX as MONITORING_MATRIX
from .notifications.matrix import MATRIX as NOTIFICATIONS_MATRIX
from .programs.matrix import MATRIX as PROGRAMS_MATRIX
from .public.matrix import MATRIX as PUBLIC_MATRIX
from .reports.matrix import MATRIX as REPORTS_MATRIX
from .surveys.matrix import MATRIX as SURVEYS_MATRIX

ALL = dict.fromkeys(PERSONAS[:-1], 200) | {"anonymous": 302}


def everyone(status: int) -> dict:
    return dict.fromkeys(PERSONAS[:-1], status) | {"anonymous": 302}


def only(allowed: dict, otherwise: int) -> dict:
    return everyone(otherwise) | allowed


# Our region's objects: the operator of R2 does not learn they exist; theirs, only they see.
OURS = {"operator_r2": 404}
THEIRS = {"operator_r2": 200}
# Objects of M (or of its schools): the observer of M2 sees what the coordinator of M2 would.
NOT_M2 = OURS | {"observer_m2": 404}
# The region's working material (drafts, uploads): everyone who works for the whole region reads it.
REGION_READERS = {"operator": 200, "coordinator": 200, "expert": 200, "observer": 200}
# Changing a draft list is the operator's; the rest of the region's team sees the draft but may not.
DRAFT_LIST_CHANGE = {"operator": 302, "coordinator": 403, "expert": 403, "observer": 403}
# Pages of roadmap authors: experts and observers only read.
READ_ONLY_403 = {"expert": 403, "observer": 403, "observer_m2": 403}


def roadmap_m_change(status: int) -> dict:
    """Changing M's roadmap: the region's team and M's coordinator may; others who see it may not."""
    return {
        "operator": status,
        "coordinator": status,
        "municipal": status,
        "curator_a": 403,
        "director_a": 403,
        "expert": 403,
        "observer": 403,
    }


ROADMAP_M_CHANGE_200 = roadmap_m_change(200)
ROADMAP_M_CHANGE_302 = roadmap_m_change(302)


def operators_prepared_file(world):
    """A file built in the background for the operator: theirs alone, whoever else sees its list."""
    from django.core.files.base import ContentFile

    from opora.core.models import PreparedFile

    record = PreparedFile.objects.create(
        owner=world.users["operator"], kind="assessment.list", title="Перечень", state="done", filename="p.xlsx"
    )
    record.file.save("p.xlsx", ContentFile(b"PK"))
    return record.pk


OPERATOR_ONLY = everyone(404) | {"operator": 200}

# name → list of (description, url builder, method, expected status by persona)
MATRIX = {
    "home:home": [("главная", lambda w: reverse("home:home"), "get", ALL)],
    "home:prepared_file": [
        (
            "подготовка файла",
            lambda w: reverse("home:prepared_file", args=[operators_prepared_file(w)]),
            "get",
            OPERATOR_ONLY,
        )
    ],
    "home:prepared_status": [
        (
            "ход подготовки",
            lambda w: reverse("home:prepared_status", args=[operators_prepared_file(w)]),
            "get",
            OPERATOR_ONLY,
        )
    ],
    "home:prepared_download": [
        (
            "готовый файл",
            lambda w: reverse("home:prepared_download", args=[operators_prepared_file(w)]),
            "get",
            OPERATOR_ONLY,
        )
    ],
    "accounts:login": [("вход", lambda w: reverse("accounts:login"), "get", everyone(302) | {"anonymous": 200})],
    "accounts:logout": [("выход", lambda w: reverse("accounts:logout"), "post", everyone(302))],
    "accounts:password_change": [("смена пароля", lambda w: reverse("accounts:password_change"), "get", ALL)],
    "accounts:password_change_done": [
        ("пароль изменён", lambda w: reverse("accounts:password_change_done"), "get", ALL)
    ],
    "accounts:password_reset": [
        ("восстановление пароля", lambda w: reverse("accounts:password_reset"), "get", dict.fromkeys(PERSONAS, 200))
    ],
    "accounts:password_reset_done": [
        ("письмо отправлено", lambda w: reverse("accounts:password_reset_done"), "get", dict.fromkeys(PERSONAS, 200))
    ],
    "accounts:password_reset_confirm": [
        (
            "ссылка с неверным ключом",
            lambda w: reverse("accounts:password_reset_confirm", args=["MQ", "bad-token"]),
            "get",
            dict.fromkeys(PERSONAS, 200),
        )
    ],
    "accounts:password_reset_complete": [
        (
            "пароль восстановлен",
            lambda w: reverse("accounts:password_reset_complete"),
            "get",
            dict.fromkeys(PERSONAS, 200),
        )
    ],
    "accounts:person_password_reset": [
        (
            "новый пароль директору школы A",
            lambda w: reverse("accounts:person_password_reset", args=[w.users["director_a"].person.pk]),
            "post",
            only({"operator": 200, "coordinator": 403, "expert": 403, "observer": 403}, 404),
        )
    ],
    "accounts:assignments": [("назначения", lambda w: reverse("accounts:assignments"), "get", ALL)],
    "accounts:assignment_create": [
        (
            "новое назначение",
            lambda w: reverse("accounts:assignment_create"),
            "get",
            only({"operator": 200, "operator_r2": 200}, 403),
        )
    ],
    "accounts:assignment_end": [
        (
            "завершить назначение муниципального координатора",
            lambda w: reverse("accounts:assignment_end", args=[w.municipal_assignment.pk]),
            "post",
            everyone(404) | {"operator": 302, "coordinator": 403, "municipal": 403, "expert": 403, "observer": 403},
        )
    ],
    "registry:order_create": [
        (
            "новый приказ",
            lambda w: reverse("registry:order_create"),
            "get",
            only({"operator": 200, "operator_r2": 200}, 403),
        )
    ],
    "registry:people": [("люди", lambda w: reverse("registry:people"), "get", ALL)],
    "assessment:current": [
        ("перечень текущей кампании", lambda w: reverse("assessment:current"), "get", everyone(302))
    ],
    "assessment:campaign": [
        ("кампания региона", lambda w: reverse("assessment:campaign", args=[w.campaign.pk]), "get", ALL | OURS),
        (
            "кампания чужого региона",
            lambda w: reverse("assessment:campaign", args=[w.other_campaign.pk]),
            "get",
            everyone(404) | THEIRS,
        ),
    ],
    "assessment:results_upload": [
        (
            "загрузка результатов без файла",
            lambda w: reverse("assessment:results_upload", args=[w.campaign.pk]),
            "post",
            only({"operator": 302}, 403) | OURS,
        ),
    ],
    "assessment:run": [
        (
            "расчёт перечня",
            lambda w: reverse("assessment:run", args=[w.campaign.pk]),
            "get",
            only({"operator": 200}, 403) | OURS,
        )
    ],
    "assessment:results_upload_file": [
        (
            "файл результатов",
            lambda w: reverse("assessment:results_upload_file", args=[w.results_upload.pk]),
            "get",
            only(REGION_READERS, 404),
        ),
    ],
    "assessment:results_upload_status": [
        (
            "ход загрузки результатов",
            lambda w: reverse("assessment:results_upload_status", args=[w.results_upload.pk]),
            "get",
            only(REGION_READERS, 404),
        ),
    ],
    "assessment:identification_status": [
        (
            "ход расчёта проекта",
            lambda w: reverse("assessment:identification_status", args=[w.draft.pk]),
            "get",
            only(REGION_READERS, 404),
        ),
    ],
    "assessment:identification": [
        (
            "проект перечня",
            lambda w: reverse("assessment:identification", args=[w.draft.pk]),
            "get",
            only(REGION_READERS, 404),
        ),
        (
            "утверждённый перечень",
            lambda w: reverse("assessment:identification", args=[w.approved.pk]),
            "get",
            ALL | OURS,
        ),
    ],
    "assessment:decide": [
        (
            "исключение из проекта",
            lambda w: reverse("assessment:decide", args=[w.draft.pk, w.draft_row_a.pk]),
            "post",
            only(DRAFT_LIST_CHANGE, 404),
        ),
    ],
    "assessment:include": [
        (
            "включение в проект",
            lambda w: reverse("assessment:include", args=[w.draft.pk]),
            "post",
            only(DRAFT_LIST_CHANGE, 404),
        ),
    ],
    "assessment:approve": [
        (
            "утверждение проекта",
            lambda w: reverse("assessment:approve", args=[w.draft.pk]),
            "post",
            only(DRAFT_LIST_CHANGE, 404),
        ),
    ],
    "assessment:delete": [
        (
            "удаление проекта",
            lambda w: reverse("assessment:delete", args=[w.draft.pk]),
            "post",
            only(DRAFT_LIST_CHANGE, 404),
        ),
    ],
    "assessment:export": [
        ("выгрузка перечня", lambda w: reverse("assessment:export", args=[w.approved.pk, "xlsx"]), "get", ALL | OURS),
        (
            "выгрузка проекта",
            lambda w: reverse("assessment:export", args=[w.draft.pk, "docx"]),
            "get",
            only(REGION_READERS, 404),
        ),
    ],
    "assessment:school_results": [
        (
            "результаты школы A",
            lambda w: reverse("assessment:school_results", args=[w.school_a.pk]),
            "get",
            ALL | NOT_M2 | {"director_b": 404},
        ),
    ],
    "roadmaps:list": [("дорожные карты", lambda w: reverse("roadmaps:list"), "get", ALL)],
    "roadmaps:import": [("загрузка карты", lambda w: reverse("roadmaps:import"), "get", ALL | READ_ONLY_403)],
    "roadmaps:create": [("новая карта", lambda w: reverse("roadmaps:create"), "get", ALL | READ_ONLY_403)],
    "roadmaps:preview": [
        (
            "проверка загруженной карты",
            lambda w: reverse("roadmaps:preview", args=[w.roadmap_import.pk]),
            "get",
            only({"operator": 200}, 404),
        )
    ],
    "roadmaps:import_status": [
        (
            "чтение загруженной карты",
            lambda w: reverse("roadmaps:import_status", args=[w.roadmap_import.pk]),
            "get",
            only({"operator": 200}, 404),
        )
    ],
    "roadmaps:roadmap": [
        ("региональная карта", lambda w: reverse("roadmaps:roadmap", args=[w.regional.pk]), "get", ALL | OURS),
        (
            "карта муниципалитета M",
            lambda w: reverse("roadmaps:roadmap", args=[w.roadmap_m.pk]),
            "get",
            ALL | NOT_M2 | {"director_b": 404},
        ),
        (
            "карта муниципалитета M2",
            lambda w: reverse("roadmaps:roadmap", args=[w.roadmap_m2.pk]),
            "get",
            ALL | OURS | {"municipal": 404, "curator_a": 404, "director_a": 404},
        ),
        (
            "карта школы A",
            lambda w: reverse("roadmaps:roadmap", args=[w.roadmap_a.pk]),
            "get",
            ALL | NOT_M2 | {"director_b": 404},
        ),
    ],
    "roadmaps:passport": [
        (
            "паспорт карты M",
            lambda w: reverse("roadmaps:passport", args=[w.roadmap_m.pk]),
            "get",
            only(ROADMAP_M_CHANGE_200, 404),
        )
    ],
    "roadmaps:approve": [
        (
            "утверждение карты M",
            lambda w: (reverse("roadmaps:approve", args=[w.roadmap_m.pk]), {"order": w.order.pk}),
            "post",
            only(ROADMAP_M_CHANGE_302, 404),
        )
    ],
    "roadmaps:copy": [
        (
            "копия карты M",
            lambda w: (reverse("roadmaps:copy", args=[w.roadmap_m.pk]), {"campaign": w.campaign.pk}),
            "post",
            only(ROADMAP_M_CHANGE_302, 404),
        )
    ],
    "roadmaps:source": [
        (
            "исходный документ карты A",
            lambda w: reverse("roadmaps:source", args=[w.roadmap_a.pk]),
            "get",
            ALL | NOT_M2 | {"director_b": 404},
        )
    ],
    "roadmaps:export": [
        (
            "DOCX региональной карты",
            lambda w: reverse("roadmaps:export", args=[w.regional.pk, "docx"]),
            "get",
            ALL | OURS,
        )
    ],
    "roadmaps:timeline": [
        ("карта по месяцам", lambda w: reverse("roadmaps:timeline", args=[w.regional.pk]), "get", ALL | OURS)
    ],
    "roadmaps:item_add": [
        (
            "новое мероприятие карты M",
            lambda w: (
                reverse("roadmaps:item_add", args=[w.roadmap_m.pk]),
                {"new-action": "Совещание", "new-number": "1.2"},
            ),
            "post",
            only(ROADMAP_M_CHANGE_302, 404),
        )
    ],
    "roadmaps:item": [
        (
            "строка мероприятия M",
            lambda w: reverse("roadmaps:item", args=[w.item_m.pk]),
            "get",
            only(ROADMAP_M_CHANGE_200, 404),
        )
    ],
    "roadmaps:item_edit": [
        (
            "правка мероприятия M",
            lambda w: reverse("roadmaps:item_edit", args=[w.item_m.pk]),
            "get",
            only(ROADMAP_M_CHANGE_200, 404),
        )
    ],
    "roadmaps:item_report": [
        (
            "отчёт по мероприятию M",
            lambda w: reverse("roadmaps:item_report", args=[w.item_m.pk]),
            "get",
            only(ROADMAP_M_CHANGE_200, 404),
        )
    ],
    "roadmaps:evidence": [
        ("подтверждающий документ", lambda w: reverse("roadmaps:evidence", args=[w.report.pk]), "get", ALL | OURS)
    ],
    "roadmaps:overdue": [("просроченные", lambda w: reverse("roadmaps:overdue"), "get", ALL)],
    "roadmaps:mine": [("мои мероприятия", lambda w: reverse("roadmaps:mine"), "get", ALL)],
    "roadmaps:calendar_token": [
        ("новая ссылка на календарь", lambda w: reverse("roadmaps:calendar_token"), "post", everyone(302))
    ],
    "roadmaps:feed": [
        (
            "календарь по ключу",
            lambda w: reverse("roadmaps:feed", args=["t" * 32]),
            "get",
            dict.fromkeys(PERSONAS, 200),
        ),
        (
            "календарь по неверному ключу",
            lambda w: reverse("roadmaps:feed", args=["x" * 32]),
            "get",
            dict.fromkeys(PERSONAS, 404),
        ),
    ],
    "registry:region": [
        ("свой регион", lambda w: reverse("registry:region", args=[w.region.pk]), "get", ALL | OURS),
        (
            "чужой регион",
            lambda w: reverse("registry:region", args=[w.other_region.pk]),
            "get",
            everyone(404) | THEIRS,
        ),
    ],
    "registry:municipality": [
        (
            "муниципалитет M",
            lambda w: reverse("registry:municipality", args=[w.m.pk]),
            "get",
            ALL | NOT_M2 | {"director_b": 404},
        ),
        (
            "муниципалитет M2",
            lambda w: reverse("registry:municipality", args=[w.m2.pk]),
            "get",
            ALL | OURS | {"municipal": 404, "curator_a": 404, "director_a": 404},
        ),
    ],
    "registry:schools": [("список школ", lambda w: reverse("registry:schools"), "get", ALL)],
    "registry:school": [
        (
            "школа A",
            lambda w: reverse("registry:school", args=[w.school_a.pk]),
            "get",
            ALL | NOT_M2 | {"director_b": 404},
        ),
        (
            "школа B",
            lambda w: reverse("registry:school", args=[w.school_b.pk]),
            "get",
            ALL | OURS | {"municipal": 404, "curator_a": 404, "director_a": 404},
        ),
        (
            "школа C (в M, без куратора)",
            lambda w: reverse("registry:school", args=[w.school_c.pk]),
            "get",
            ALL | NOT_M2 | {"curator_a": 404, "director_a": 404, "director_b": 404},
        ),
        (
            "школа чужого региона",
            lambda w: reverse("registry:school", args=[w.school_other_region.pk]),
            "get",
            everyone(404) | THEIRS,
        ),
    ],
    "home:school": [
        (
            "карточка школы A",
            lambda w: reverse("home:school", args=[w.school_a.pk]),
            "get",
            ALL | NOT_M2 | {"director_b": 404},
        ),
        (
            "карточка школы B",
            lambda w: reverse("home:school", args=[w.school_b.pk]),
            "get",
            ALL | OURS | {"municipal": 404, "curator_a": 404, "director_a": 404},
        ),
        (
            "карточка школы чужого региона",
            lambda w: reverse("home:school", args=[w.school_other_region.pk]),
            "get",
            everyone(404) | THEIRS,
        ),
    ],
    "registry:school_import": [
        (
            "загрузка школ",
            lambda w: reverse("registry:school_import"),
            "get",
            only({"operator": 200, "operator_r2": 200}, 403),
        )
    ],
    "registry:school_import_sample": [
        (
            "образец файла",
            lambda w: reverse("registry:school_import_sample"),
            "get",
            only({"operator": 200, "operator_r2": 200}, 403),
        )
    ],
    "registry:school_import_status": [
        (
            "ход загрузки школ",
            lambda w: reverse("registry:school_import_status", args=[w.school_import.pk]),
            "get",
            only({"operator": 200}, 404),
        )
    ],
    "registry:school_import_file": [
        (
            "файл загрузки",
            lambda w: reverse("registry:school_import_file", args=[w.school_import.pk]),
            "get",
            only({"operator": 200}, 404),
        )
    ],
    "registry:orders": [("приказы", lambda w: reverse("registry:orders"), "get", ALL)],
    "registry:order": [
        ("приказ министерства", lambda w: reverse("registry:order", args=[w.order.pk]), "get", ALL | OURS),
        (
            "приказ управления образования M2",
            lambda w: reverse("registry:order", args=[w.municipal_order_m2.pk]),
            "get",
            ALL | OURS | {"municipal": 404, "curator_a": 404, "director_a": 404},
        ),
    ],
    "registry:order_file": [
        (
            "файл приказа министерства",
            lambda w: reverse("registry:order_file", args=[w.order.pk]),
            "get",
            ALL | OURS,
        ),
        (
            "файл приказа M2",
            lambda w: reverse("registry:order_file", args=[w.municipal_order_m2.pk]),
            "get",
            ALL | OURS | {"municipal": 404, "curator_a": 404, "director_a": 404},
        ),
    ],
    # The admin site is for system administrators only; none of the personas is staff.
    "admin:*": [("администрирование", lambda w: reverse("admin:index"), "get", everyone(302))],
}

# Region R2's own objects (tests/*/worlds.py `add_other_region_*`): its operator works with them;
# for everyone of ours they do not exist.
R2_ONLY = everyone(404) | THEIRS
OTHER_REGION = {
    "assessment:identification": [
        ("утверждённый перечень R2", lambda w: reverse("assessment:identification", args=[w.other_approved.pk]), "get"),
        ("проект перечня R2", lambda w: reverse("assessment:identification", args=[w.other_draft.pk]), "get"),
    ],
    "assessment:decide": [
        (
            "исключение из проекта R2 без основания",
            lambda w: reverse(
                "assessment:decide", args=[w.other_draft.pk, w.other_draft.schools.get(school=w.school_other_region).pk]
            ),
            "post",
            R2_ONLY | {"operator_r2": 302},
        )
    ],
    "assessment:approve": [
        (
            "утверждение проекта R2 без приказа",
            lambda w: reverse("assessment:approve", args=[w.other_draft.pk]),
            "post",
            R2_ONLY | {"operator_r2": 302},
        )
    ],
    "assessment:export": [
        ("выгрузка перечня R2", lambda w: reverse("assessment:export", args=[w.other_approved.pk, "docx"]), "get")
    ],
    "assessment:results_upload_status": [
        (
            "ход загрузки результатов R2",
            lambda w: reverse("assessment:results_upload_status", args=[w.other_results_upload.pk]),
            "get",
        )
    ],
    "assessment:identification_status": [
        (
            "ход расчёта проекта R2",
            lambda w: reverse("assessment:identification_status", args=[w.other_draft.pk]),
            "get",
        )
    ],
    "assessment:results_upload_file": [
        (
            "файл результатов R2",
            lambda w: reverse("assessment:results_upload_file", args=[w.other_results_upload.pk]),
            "get",
        )
    ],
    "assessment:school_results": [
        ("результаты школы R2", lambda w: reverse("assessment:school_results", args=[w.school_other_region.pk]), "get")
    ],
    "roadmaps:preview": [
        (
            "проверка карты, загруженной в R2",
            lambda w: reverse("roadmaps:preview", args=[w.other_roadmap_import.pk]),
            "get",
        )
    ],
    "roadmaps:import_status": [
        (
            "чтение карты, загруженной в R2",
            lambda w: reverse("roadmaps:import_status", args=[w.other_roadmap_import.pk]),
            "get",
        )
    ],
    "roadmaps:roadmap": [
        ("региональная карта R2", lambda w: reverse("roadmaps:roadmap", args=[w.other_regional.pk]), "get"),
        ("муниципальная карта R2", lambda w: reverse("roadmaps:roadmap", args=[w.other_roadmap_m.pk]), "get"),
    ],
    "roadmaps:passport": [
        ("паспорт карты R2", lambda w: reverse("roadmaps:passport", args=[w.other_regional.pk]), "get")
    ],
    "roadmaps:export": [
        ("XLSX карты R2", lambda w: reverse("roadmaps:export", args=[w.other_regional.pk, "xlsx"]), "get")
    ],
    "roadmaps:timeline": [
        ("карта R2 по месяцам", lambda w: reverse("roadmaps:timeline", args=[w.other_regional.pk]), "get")
    ],
    "roadmaps:item": [("строка мероприятия R2", lambda w: reverse("roadmaps:item", args=[w.other_item_m.pk]), "get")],
    "roadmaps:item_edit": [
        ("правка мероприятия R2", lambda w: reverse("roadmaps:item_edit", args=[w.other_item_m.pk]), "get")
    ],
    "roadmaps:item_report": [
        ("отчёт по мероприятию R2", lambda w: reverse("roadmaps:item_report", args=[w.other_item_m.pk]), "get")
    ],
    "roadmaps:evidence": [
        ("подтверждающий документ R2", lambda w: reverse("roadmaps:evidence", args=[w.other_report.pk]), "get")
    ],
    "registry:municipality": [
        ("муниципалитет R2", lambda w: reverse("registry:municipality", args=[w.other_municipality.pk]), "get")
    ],
    "registry:school_import_status": [
        (
            "ход загрузки школ R2",
            lambda w: reverse("registry:school_import_status", args=[w.other_school_import.pk]),
            "get",
        )
    ],
    "registry:school_import_file": [
        (
            "файл загрузки школ R2",
            lambda w: reverse("registry:school_import_file", args=[w.other_school_import.pk]),
            "get",
        )
    ],
    "registry:order": [("приказ R2", lambda w: reverse("registry:order", args=[w.other_order.pk]), "get")],
    "registry:order_file": [
        ("файл приказа R2", lambda w: reverse("registry:order_file", args=[w.other_order.pk]), "get")
    ],
    "roadmaps:source": [
        ("исходный документ карты R2", lambda w: reverse("roadmaps:source", args=[w.other_regional.pk]), "get")
    ],
}
for _name, _rows in OTHER_REGION.items():
    MATRIX[_name] += [row if len(row) == 4 else (*row, R2_ONLY) for row in _rows]
MATRIX |= PROGRAMS_MATRIX  # school documents and the expert council
MATRIX |= PROTOCOLS_MATRIX  # ФИС ОКО protocols, deficits
MATRIX |= DIAGNOSTICS_MATRIX  # risk profiles
MATRIX |= MONITORING_MATRIX  # curator visits, workload, mismatches
MATRIX |= REPORTS_MATRIX  # curator stage reports
MATRIX |= PUBLIC_MATRIX  # public «500+» pages
MATRIX |= NOTIFICATIONS_MATRIX  # inbox and notification settings
MATRIX |= SURVEYS_MATRIX  # participant surveys
MATRIX |= INDICATORS_MATRIX  # indicators, values, snapshots
MATRIX |= DASHBOARDS_MATRIX  # dashboards, the analytic note, consolidated exports


def _names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace == "admin":
                names.add("admin:*")
                continue
            names |= _names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>")
    return names


def test_every_url_pattern_is_in_the_matrix():
    missing = _names(get_resolver()) - set(MATRIX)
    assert not missing, f"URL без строки в матрице доступа: {sorted(missing)}"
    stale = set(MATRIX) - _names(get_resolver())
    assert not stale, f"В матрице есть несуществующие URL: {sorted(stale)}"


def _views(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _views(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern.callback


# Django's own views for signing in and out and changing a password decide their access themselves.
DJANGO_AUTH_VIEWS = {"accounts:login", "accounts:logout", "accounts:password_change", "accounts:password_change_done"}


def test_every_view_declares_who_may_open_it():
    """A view carries one of the decorators of opora.core.guards, so it cannot forget its access."""
    bare = [
        name for name, view in _views(get_resolver()) if name not in DJANGO_AUTH_VIEWS and not hasattr(view, "access")
    ]
    assert not bare, f"Представления без @public / @signed_in / @with_object / @holds: {bare}"


@pytest.fixture
def world_with_files(full_world):
    return full_world


CASES = [
    (name, description, build, method, expected)
    for name, rows in MATRIX.items()
    for description, build, method, expected in rows
]
# The operator goes last: their POSTs change state (end an assignment, approve a list) that
# would change what the others are expected to get.
ORDER = [p for p in PERSONAS if p != "operator"] + ["operator"]


@pytest.mark.parametrize(
    ("name", "description", "build", "method", "expected"), CASES, ids=[f"{c[0]}|{c[1]}" for c in CASES]
)
def test_each_persona_gets_the_expected_status(world_with_files, client_as, name, description, build, method, expected):
    wrong = []
    for persona in ORDER:
        client = client_as(world_with_files.users[persona])
        target = build(world_with_files)
        url, data = target if isinstance(target, tuple) else (target, {})
        response = getattr(client, method)(url, data)
        if response.status_code != expected[persona]:
            wrong.append(f"{persona}: {response.status_code}, ожидалось {expected[persona]}")
        elif expected[persona] == 302 and persona == "anonymous" and name not in ("accounts:logout", "roadmaps:feed"):
            if "/login/" not in response["Location"]:
                wrong.append(f"anonymous: перенаправлен не на вход, а на {response['Location']}")
    assert not wrong, f"{description} ({url}): " + "; ".join(wrong)
