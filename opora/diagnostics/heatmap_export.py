"""The heat map as XLSX: a region's few hundred schools go out at once; a larger file (a national
coordinator's thousands of schools, ~9 s of building) is prepared in the task worker
(`core.prepared`), with its requester's own scope and the filters of the page they saw."""

from __future__ import annotations

from django.http import Http404

from opora.core.prepared import builder
from opora.registry.models import Campaign

from . import heatmap as hm
from .models import RiskFactor, RiskProfile

# Heat maps with more schools than this are prepared in the background.
INLINE_ROWS = 300
FILTERS = ("municipality", "factor", "level")


def heatmap_data(user, campaign: Campaign, chosen: dict[str, str]):
    """The campaign's factors in force and the user's profiles narrowed by the page's filters."""
    factors = list(RiskFactor.objects.filter(campaign=campaign, retired=False))
    profiles = (
        RiskProfile.objects.for_user(user)
        .filter(campaign=campaign)
        .select_related("school__municipality")
        .order_by("school__municipality__name", "school__short_name", "pk")
    )
    return factors, hm.filtered(profiles, **chosen)


def heatmap_file(user, campaign: Campaign, chosen: dict[str, str], step=lambda percent, words: None):
    factors, profiles = heatmap_data(user, campaign, chosen)
    counts = hm.level_counts(profiles)
    rows = hm.rows_of(profiles, factors)
    step(50, f"Построение файла: школ {len(rows)}")
    title = f"Рисковые профили школ: {campaign.region}, {campaign.year}"
    return hm.heatmap_xlsx(rows, factors, counts, title), f"heatmap-{campaign.year}.xlsx"


def export_title(campaign: Campaign) -> str:
    return f"Тепловая карта рисков: {campaign.region}, {campaign.year} (XLSX)"


@builder("diagnostics.heatmap")
def build_in_background(params: dict, user, step) -> tuple[bytes, str]:
    """The heat map as its requester sees it now: the campaign fetched through their scope again."""
    campaign = Campaign.objects.for_user(user).select_related("region").filter(pk=params["campaign"]).first()
    if campaign is None:
        raise Http404("Кампания недоступна: она вне вашей зоны ответственности.")
    chosen = {k: str(params.get(k, "")) for k in FILTERS}
    return heatmap_file(user, campaign, chosen, step)
