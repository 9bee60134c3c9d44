"""Everything about one school on one page (the school card): its place in the lists by year,
its curator and team, its results, risk profile, documents, roadmap, the curator's visits
and recommendations, and the curator's stage reports. Each part is read by a
module of `opora.home.card` in a fixed number of queries, so the card costs the same for a school
with one year of history as for one with ten."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from opora.registry.models import Campaign, School

from .card.documents import Documents, documents
from .card.lists import ListRow, list_rows
from .card.people import Team, team
from .card.reports import Reports, reports
from .card.results import Results, results
from .card.risk import Risk, risk
from .card.roadmap import Plan, plan
from .card.visits import Visits, visits


@dataclass
class SchoolCard:
    school: School
    campaign: Campaign | None  # the region's current campaign: profile, documents and roadmap of it
    today: datetime.date
    lists: list[ListRow]
    team: Team
    staff: list
    results: Results
    threshold: object
    risk: Risk
    documents: Documents
    plan: Plan
    visits: Visits
    reports: Reports

    @property
    def listed_now(self) -> ListRow | None:
        """The row of the current campaign's approved list, if the school is on it."""
        for row in self.lists:
            if (
                self.campaign
                and row.identification.campaign_id == self.campaign.pk
                and row.identification.status == "approved"
                and row.row.is_listed
            ):
                return row
        return None


def school_card(user, school: School, today: datetime.date) -> SchoolCard:
    """The card of a school the user may see (the caller fetched it through `for_user`)."""
    campaign = school.municipality.region.current_campaign()
    rows = list_rows(user, school)
    approved = [r for r in rows if r.identification.status == "approved"]
    threshold = approved[0].identification.threshold if approved else None
    return SchoolCard(
        school=school,
        campaign=campaign,
        today=today,
        lists=rows,
        team=team(school, today),
        staff=list(school.staff.all()),
        results=results(school, threshold),
        threshold=threshold,
        risk=risk(user, school, campaign),
        documents=documents(school, campaign),
        plan=plan(user, school, campaign, today),
        visits=visits(school, campaign, today),
        reports=reports(user, school, campaign),
    )
