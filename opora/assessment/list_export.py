"""The stored list (with manual decisions) as the appendix files built by exports.py.

A region's list goes out at once; a larger one (a national list: thousands of schools and
its risk zone, ~10 s of building) is prepared in the task worker (`core.prepared`)."""

from django.http import Http404, HttpResponse

from opora.core.prepared import builder

from . import exports
from .models import Identification, ListedSchool
from .rules import CRITERION_CONSECUTIVE, CRITERION_PROCEDURES, IdentificationResult, IdentifiedSchool, RiskSchool

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def as_result(identification: Identification, rows) -> IdentificationResult:
    listed, risk = [], []
    for row in rows.select_related("school__municipality"):
        markers = {int(year): codes for year, codes in row.markers.items()}
        school = row.school
        if row.is_listed:
            listed.append(
                IdentifiedSchool(
                    school.fis_oko_login,
                    school.short_name,
                    school.municipality.name,
                    markers,
                    {CRITERION_PROCEDURES: row.criterion_procedures, CRITERION_CONSECUTIVE: row.criterion_consecutive},
                )
            )
        elif row.risk_reasons and not row.manual:
            risk.append(
                RiskSchool(
                    school.fis_oko_login, school.short_name, school.municipality.name, markers, {}, row.risk_reasons
                )
            )
    return IdentificationResult(
        year=identification.year,
        params=identification.rule_params(),
        schools_checked=identification.schools_checked,
        identified=sorted(listed, key=lambda s: s.login),
        risk_zone=sorted(risk, key=lambda s: s.login),
        warnings=identification.warnings,
        procedures=identification.procedures,
    )


# Lists with more rows than this (listed and risk zone) are prepared in the background.
INLINE_ROWS = 1500
FORMATS = {"xlsx": "XLSX", "docx": "приложение к приказу, DOCX"}


def check_format(fmt: str) -> None:
    if fmt not in CONTENT_TYPES:
        raise Http404("Неизвестный формат")


def export_file(identification: Identification, rows, fmt: str) -> tuple[bytes, str]:
    check_format(fmt)
    builders = {"xlsx": exports.build_xlsx, "docx": exports.build_docx}
    result = as_result(identification, rows)
    data = (
        builders[fmt](result, identification.order.appendix_heading())
        if identification.order
        else builders[fmt](result)
    )
    return data, f"perechen-shnor-{identification.campaign.year}-{identification.pk}.{fmt}"


def export_response(identification: Identification, rows, fmt: str) -> HttpResponse:
    data, name = export_file(identification, rows, fmt)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def export_title(identification: Identification, fmt: str) -> str:
    return f"Перечень ШНОР ({identification.campaign}, расчёт № {identification.pk}): {FORMATS[fmt]}"


@builder("assessment.list")
def build_in_background(params: dict, user, step) -> tuple[bytes, str]:
    """The list as its requester sees it now: fetched through their scope again, in the worker."""
    identification = (
        Identification.objects.for_user(user)
        .select_related("campaign", "order")
        .filter(pk=params["identification"])
        .first()
    )
    if identification is None or not identification.is_ready:
        raise Http404("Перечень недоступен: он удалён или вне вашей зоны ответственности.")
    rows = ListedSchool.objects.for_user(user).filter(identification=identification)
    step(20, f"Построение файла: {rows.count()} строк")
    return export_file(identification, rows, params["fmt"])
