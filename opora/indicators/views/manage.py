"""The operator's pages: add or edit an indicator with a preview, retire it, take a snapshot;
and linking a roadmap item to an indicator (its authors)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from opora.core.guards import with_object
from opora.registry.models import Campaign
from opora.roadmaps.models import Item, MonitoringStage

from ..compute import evaluate
from ..forms import IndicatorForm
from ..library import ensure_library
from ..models import Indicator, ItemIndicatorLink
from ..services import link_item, retire, save_indicator, take_snapshots, unlink_item
from ..suggest import rank


def _form_page(request, campaign: Campaign, indicator: Indicator | None) -> HttpResponse:
    form = IndicatorForm(request.POST or None, instance=indicator, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        saved = save_indicator(indicator=form.apply(), user=request.user)
        messages.success(request, f"Показатель «{saved.title}» сохранён.")
        return redirect(reverse("indicators:campaign", args=[campaign.pk]))
    return render(
        request,
        "indicators/form.html",
        {
            "form": form,
            "campaign": campaign,
            "indicator": indicator,
            "num_fields": form.param_fields("num"),
            "den_fields": form.param_fields("den"),
        },
    )


@with_object(Campaign, "indicator.manage", related=("region",))
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    return _form_page(request, campaign, None)


@with_object(Indicator, "indicator.manage", related=("campaign__region",))
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, indicator: Indicator) -> HttpResponse:
    return _form_page(request, indicator.campaign, indicator)


@with_object(Campaign, "indicator.manage", related=("region",))
@require_POST
def preview(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    """The value the form's indicator would have now, over the whole region (nothing is saved)."""
    form = IndicatorForm(request.POST, campaign=campaign)
    figure = evaluate(form.apply(), today=None) if form.is_valid() else None
    return render(request, "indicators/_preview.html", {"form": form, "figure": figure})


@with_object(Indicator, "indicator.manage", related=("campaign",))
@require_POST
def retire_view(request: HttpRequest, indicator: Indicator) -> HttpResponse:
    back = not indicator.retired
    retire(indicator=indicator, retired=back)
    messages.success(request, f"Показатель «{indicator.title}» {'выведен' if back else 'возвращён'}.")
    return redirect(reverse("indicators:campaign", args=[indicator.campaign_id]))


@with_object(Campaign, "indicator.manage", related=("region",))
@require_POST
def snapshot(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    stage = None
    if request.POST.get("stage", "").isdigit():
        stage = MonitoringStage.objects.filter(campaign=campaign, pk=int(request.POST["stage"])).first()
    made = take_snapshots(campaign=campaign, stage=stage, user=request.user)
    messages.success(request, f"Срез снят: сохранено значений — {made}.")
    return redirect(reverse("indicators:campaign", args=[campaign.pk]))


@with_object(Item, "indicator.link", related=("roadmap__campaign__region",))
@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, item: Item) -> HttpResponse:
    campaign = item.roadmap.campaign
    indicators = {i.pk: i for i in ensure_library(campaign)}
    if request.method == "POST":
        chosen = request.POST.get("other") or request.POST.get("indicator", "")
        if chosen == "":
            unlink_item(item=item)
            messages.success(request, "Связь мероприятия с показателем снята.")
        else:
            indicator = get_object_or_404(Indicator, pk=int(chosen) if chosen.isdigit() else 0, campaign=campaign)
            try:
                link_item(item=item, indicator=indicator, user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"Мероприятие {item.number} связано с показателем «{indicator.title}».")
        return redirect(reverse("roadmaps:item_report", args=[item.pk]))
    text = " ".join(filter(None, (item.indicator, item.planned_result))) or item.action
    suggested = [indicators[pk] for pk in rank(text, {pk: i.title for pk, i in indicators.items()})]
    current = ItemIndicatorLink.objects.filter(item=item).select_related("indicator").first()
    return render(
        request,
        "indicators/link.html",
        {"item": item, "suggested": suggested, "indicators": indicators.values(), "current": current, "text": text},
    )
