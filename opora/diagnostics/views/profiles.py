"""A school's risk profile: levels and why, counts, the curator's verification, activated factors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from opora.core.access import can
from opora.core.guards import signed_in, with_object
from opora.core.http import paginate
from opora.registry.models import Campaign

from .. import services
from ..forms import LevelChangeForm, NumbersForm
from ..models import ActivatedFactor, DiagnosticsSettings, FactorLevel, Group, Response, RiskFactor, RiskProfile
from ..selectors import active_link, group_counts, previous_levels

PROFILE_RELATED = ("school__municipality", "campaign__region", "verified_by")


def current_campaign(request) -> Campaign | None:
    from opora.roadmaps.views.common import current_campaign as chosen

    return chosen(request)


@signed_in
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The profiles the user sees in the current campaign; a school team goes straight to its own."""
    campaign = current_campaign(request)
    profiles = RiskProfile.objects.none()
    if campaign is not None:
        profiles = (
            RiskProfile.objects.for_user(request.user)
            .filter(campaign=campaign)
            .select_related("school__municipality")
            .order_by("school__municipality__name", "school__short_name")
        )
        state = request.GET.get("state", "")
        if state in RiskProfile.State.values:
            profiles = profiles.filter(state=state)
    page = paginate(request, profiles)
    if page.paginator.count == 1 and not request.GET:
        return redirect(page.object_list[0])
    return render(
        request,
        "diagnostics/index.html",
        {
            "campaign": campaign,
            "page": page,
            "states": RiskProfile.State.choices,
            "may_configure": campaign is not None and can(request.user, "diagnostics.configure", campaign),
        },
    )


@with_object(RiskProfile, related=PROFILE_RELATED)
@require_GET
def profile(request: HttpRequest, profile: RiskProfile) -> HttpResponse:
    settings_, _ = DiagnosticsSettings.objects.get_or_create(campaign=profile.campaign)
    levels = list(profile.levels.select_related("factor", "changed_by").order_by("factor__position"))
    previous = previous_levels(profile)
    for level in levels:
        level.previous = previous.get(level.factor.code)
    activations = list(profile.activations.select_related("factor", "proposed_by", "confirmed_by"))
    user = request.user
    may = {
        "fill": can(user, "answers.fill", profile),
        "upload": can(user, "answers.upload", profile),
        "link": can(user, "link.replace", profile),
        "verify": can(user, "profile.verify", profile),
        "propose": can(user, "factors.propose", profile),
        "confirm": can(user, "factors.confirm", profile),
    }
    answered = set(
        Response.objects.filter(
            school_id=profile.school_id,
            questionnaire__campaign_id=profile.campaign_id,
            questionnaire__group__in=[Group.SELF, Group.DIRECTOR],
        ).values_list("questionnaire__group", flat=True)
    )
    factors = list(RiskFactor.objects.filter(campaign_id=profile.campaign_id, retired=False)) if may["propose"] else []
    in_force = {lv.factor_id: lv.level for lv in levels}
    for factor in factors:
        factor.level = in_force.get(factor.pk)
    context = {
        "profile": profile,
        "settings": settings_,
        "levels": levels,
        "has_previous": bool(previous),
        "counts": group_counts(profile, settings_),
        "activations": activations,
        "proposed": {a.factor_id for a in activations},
        "pending": any(not a.is_confirmed for a in activations),
        "factors": factors,
        "may": may,
        "own_groups": [(g, Group(g).label, g in answered) for g in (Group.SELF, Group.DIRECTOR)],
        "numbers_form": NumbersForm(instance=profile) if may["fill"] else None,
        "level_form": LevelChangeForm() if may["verify"] else None,
        "link": active_link(profile, user) if may["link"] else None,
    }
    return render(request, "diagnostics/profile.html", context)


@with_object(RiskProfile, "answers.fill")
@require_POST
def numbers(request: HttpRequest, profile: RiskProfile) -> HttpResponse:
    form = NumbersForm(request.POST, instance=profile)
    if form.is_valid():
        form.save()
        messages.success(request, "Численность школы сохранена.")
    else:
        messages.error(request, "Численность — целые неотрицательные числа.")
    return redirect(profile)


@with_object(FactorLevel, "profile.verify", related=("profile", "factor"))
@require_POST
def level_change(request: HttpRequest, level: FactorLevel) -> HttpResponse:
    form = LevelChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Уровень не изменён: выберите уровень и укажите основание.")
        return redirect(level.profile)
    try:
        services.level_change(
            level=level, to=form.cleaned_data["level"], reason=form.cleaned_data["reason"], user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Уровень фактора «{level.factor.name}»: {level.get_level_display()}.")
    return redirect(level.profile)


@with_object(RiskProfile, "profile.verify")
@require_POST
def verify(request: HttpRequest, profile: RiskProfile) -> HttpResponse:
    try:
        services.profile_verify(profile=profile, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Профиль проверен. Школа может предложить направления работы.")
    return redirect(profile)


@with_object(RiskProfile, "factors.propose")
@require_POST
def propose(request: HttpRequest, profile: RiskProfile) -> HttpResponse:
    ids = [v for v in request.POST.getlist("factor") if v.isdigit()]
    factors = list(RiskFactor.objects.filter(campaign_id=profile.campaign_id, pk__in=ids))
    try:
        services.factors_propose(profile=profile, factors=factors, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Направления предложены куратору.")
    return redirect(profile)


@with_object(RiskProfile, "factors.confirm")
@require_POST
def confirm(request: HttpRequest, profile: RiskProfile) -> HttpResponse:
    ids = [v for v in request.POST.getlist("activation") if v.isdigit()]
    activations = list(ActivatedFactor.objects.filter(profile=profile, pk__in=ids))
    try:
        count = services.factors_confirm(profile=profile, activations=activations, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Подтверждено направлений: {count}.")
    return redirect(profile)
