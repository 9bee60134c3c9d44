"""The stored list (with manual decisions) as the appendix files built by exports.py."""

from django.http import Http404, HttpResponse

from . import exports
from .models import Identification
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


def export_response(identification: Identification, rows, fmt: str) -> HttpResponse:
    builders = {"xlsx": exports.build_xlsx, "docx": exports.build_docx}
    if fmt not in builders:
        raise Http404("Неизвестный формат")
    result = as_result(identification, rows)
    data = (
        builders[fmt](result, identification.order.appendix_heading())
        if identification.order
        else builders[fmt](result)
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = f"perechen-shnor-{identification.campaign.year}-{identification.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
