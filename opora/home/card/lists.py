"""The school in the lists of low-result schools (перечни ШНОР), campaign by campaign."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When

from opora.assessment.models import Identification, ListedSchool
from opora.assessment.procedures import procedure_label, procedure_sort_key
from opora.registry.models import School


@dataclass
class ListRow:
    """The school's row in the list in force for one campaign (or the newest draft, for those who see drafts)."""

    row: ListedSchool
    markers: list[tuple[str, str]]  # (year, «ВПР 5 РУ, ОГЭ МА»)

    @property
    def identification(self) -> Identification:
        return self.row.identification

    @property
    def verdict(self) -> str:
        row = self.row
        if row.manual == ListedSchool.Manual.INCLUDED:
            return "в перечне (включена вручную)"
        if row.manual == ListedSchool.Manual.EXCLUDED:
            return "исключена из перечня вручную"
        if row.rule_listed:
            return "в перечне"
        return "в зоне риска"

    @property
    def tab(self) -> str:
        return "list" if self.row.rule_listed or self.row.manual else "risk"


def list_rows(user, school: School) -> list[ListRow]:
    """One row per campaign, newest first: the approved list when there is one, otherwise the
    newest run the user may see (drafts are the region team's). One query."""
    rows = (
        ListedSchool.objects.filter(
            school=school,
            identification__in=Identification.objects.for_user(user).filter(state=Identification.State.DONE),
        )
        .select_related("identification__campaign", "identification__order__issuer")
        .annotate(
            in_force=Case(
                When(identification__status=Identification.Status.APPROVED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("-identification__campaign__year", "in_force", "-identification__run_at", "-pk")
    )
    chosen: dict[int, ListRow] = {}
    for row in rows:
        campaign_id = row.identification.campaign_id
        if campaign_id in chosen:
            continue
        markers = [
            (year, ", ".join(procedure_label(code) for code in sorted(codes, key=procedure_sort_key)))
            for year, codes in sorted(row.markers.items())
            if codes
        ]
        chosen[campaign_id] = ListRow(row, markers)
    return list(chosen.values())
