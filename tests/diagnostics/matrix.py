"""The diagnostics URLs × personas, for tests/test_access_matrix.py (which requires a row for every
URL). School A (municipality M) is ours, B is in M2; the curator and the director are A's."""

from django.urls import reverse

from opora.diagnostics.models import FactorLevel, RiskFactor, RiskProfile

from .worlds import add_diagnostics

SIGNED_IN = {
    "operator": 200,
    "coordinator": 200,
    "municipal": 200,
    "curator_a": 200,
    "director_a": 200,
    "director_b": 200,
    "expert": 200,
    "observer": 200,
    "observer_m2": 200,
    "operator_r2": 200,
    "anonymous": 302,
}
EVERYONE = SIGNED_IN | {"anonymous": 200}
SEE_A = SIGNED_IN | {"director_b": 404, "observer_m2": 404, "operator_r2": 404}
SEE_B = SIGNED_IN | {"municipal": 404, "curator_a": 404, "director_a": 404, "operator_r2": 404}
# The campaign is seen by everyone of the region; only its operator configures it.
CONFIGURE = {p: 403 for p in SIGNED_IN} | {"operator_r2": 404, "anonymous": 302}


def only_in_a(allowed: dict) -> dict:
    """Seen by those who see A; done by `allowed`, refused (403) for the other viewers."""
    return {p: (404 if s == 404 else 302 if p == "anonymous" else 403) for p, s in SEE_A.items()} | allowed


def dx(world):
    """Once per world: profiles of A and B, questionnaires, a computed level of A."""
    if not hasattr(world, "profile_a"):
        add_diagnostics(world)
        world.level_a = FactorLevel.objects.create(
            profile=world.profile_a,
            factor=RiskFactor.objects.get(campaign=world.campaign, code="f01"),
            computed="medium",
        )
    return world


def verified_a(world):
    dx(world)
    RiskProfile.objects.filter(pk=world.profile_a.pk).update(state=RiskProfile.State.VERIFIED)
    return world.profile_a


def upload_of(world, school: str):
    """An answers upload of school A or B, already read."""
    from opora.diagnostics.models import AnswersUpload

    dx(world)
    profile = world.profile_a if school == "A" else world.profile_b
    record = AnswersUpload.objects.create(
        profile=profile, group="pupils", file="answers/otvety.xlsx", file_name="otvety.xlsx", status="loaded", rows=2
    )
    return reverse("diagnostics:upload_status", args=[record.pk])


def a(name, *extra):
    return lambda w: reverse(f"diagnostics:{name}", args=[dx(w).profile_a.pk, *extra])


def campaign(name):
    return lambda w: reverse(f"diagnostics:{name}", args=[w.campaign.pk])


MATRIX = {
    "diagnostics:index": [("рисковые профили", lambda w: reverse("diagnostics:index") + "?state=", "get", SIGNED_IN)],
    "diagnostics:profile": [
        ("профиль школы A", a("profile"), "get", SEE_A),
        ("профиль школы B", lambda w: reverse("diagnostics:profile", args=[dx(w).profile_b.pk]), "get", SEE_B),
    ],
    "diagnostics:numbers": [("численность школы A", a("numbers"), "post", only_in_a({"director_a": 302}))],
    "diagnostics:verify": [("проверить профиль A", a("verify"), "post", only_in_a({"curator_a": 302}))],
    "diagnostics:level_change": [
        (
            "изменить уровень A без основания",
            lambda w: reverse("diagnostics:level_change", args=[dx(w).level_a.pk]),
            "post",
            only_in_a({"curator_a": 302}),
        )
    ],
    "diagnostics:propose": [("предложить направления A (пусто)", a("propose"), "post", only_in_a({"director_a": 302}))],
    "diagnostics:confirm": [
        (
            "подтвердить направления проверенного профиля A (пусто)",
            lambda w: reverse("diagnostics:confirm", args=[verified_a(w).pk]),
            "post",
            only_in_a({"curator_a": 302}),
        )
    ],
    "diagnostics:fill": [("самодиагностика A", a("fill", "self"), "get", only_in_a({"director_a": 200}))],
    "diagnostics:upload": [("загрузка ответов A", a("upload"), "get", only_in_a({"director_a": 200}))],
    "diagnostics:upload_status": [
        ("ход загрузки ответов A", lambda w: upload_of(w, "A"), "get", SEE_A),
        ("ход загрузки ответов B", lambda w: upload_of(w, "B"), "get", SEE_B),
    ],
    "diagnostics:upload_sample": [
        ("образец файла ответов A", a("upload_sample", "pupils"), "get", only_in_a({"director_a": 200}))
    ],
    "diagnostics:qr": [("QR-код ссылки A", a("qr"), "get", only_in_a({"director_a": 200}))],
    "diagnostics:link_replace": [("заменить ссылку A", a("link_replace"), "post", only_in_a({"director_a": 302}))],
    "diagnostics:survey": [
        (
            "анонимная ссылка A",
            lambda w: reverse("diagnostics:survey", args=[dx(w).link_a.token]),
            "get",
            EVERYONE,
        )
    ],
    "diagnostics:survey_form": [
        (
            "анкета обучающегося по ссылке A",
            lambda w: reverse("diagnostics:survey_form", args=[dx(w).link_a.token, "pupils"]),
            "get",
            EVERYONE,
        )
    ],
    "diagnostics:heatmap": [("тепловая карта", lambda w: reverse("diagnostics:heatmap"), "get", SIGNED_IN)],
    "diagnostics:heatmap_export": [
        ("тепловая карта XLSX", lambda w: reverse("diagnostics:heatmap_export"), "get", SIGNED_IN),
        ("тепловая карта XLSX (кнопка)", lambda w: reverse("diagnostics:heatmap_export"), "post", SIGNED_IN),
    ],
    "diagnostics:configure": [("параметры диагностики", campaign("configure"), "get", CONFIGURE | {"operator": 200})],
    "diagnostics:prepare": [("подготовить диагностику", campaign("prepare"), "post", CONFIGURE | {"operator": 302})],
    "diagnostics:catalogue": [
        ("сохранить каталог без изменений", campaign("catalogue"), "post", CONFIGURE | {"operator": 302})
    ],
    "diagnostics:template_download": [
        ("скачать шаблон анкет", campaign("template_download"), "get", CONFIGURE | {"operator": 200})
    ],
    "diagnostics:template_upload": [
        ("загрузить шаблон без файла", campaign("template_upload"), "post", CONFIGURE | {"operator": 302})
    ],
}
