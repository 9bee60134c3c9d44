"""What curators and schools do to visits: plan, reschedule, cancel, record, attach a file,
acknowledge; mark a recommendation done, confirm it or return it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from opora.core.access import require
from opora.core.guards import with_object
from opora.registry.models import Campaign, School

from .. import services
from ..forms import CancelForm, ConfirmForm, DoneForm, NormForm, PlanForm, RecommendationFormSet, RecordForm
from ..models import Recommendation, Visit
from ..selectors import visit_norm_days
from .visits import VISIT_RELATED, campaign_of, visit_page

REC_RELATED = ("visit__school__municipality__region", "visit__campaign", "visit__curator")


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@with_object(School, related=("municipality__region",))
@require_http_methods(["GET", "POST"])
def plan_visit(request: HttpRequest, school: School) -> HttpResponse:
    """A new planned visit to the school (from the plan page's row: one click)."""
    campaign = campaign_of(request, school)
    require(request.user, "visit.plan", Visit(school=school, campaign=campaign))
    services.refuse_own(request.user, school.pk)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_plan(user=request.user, school=school, campaign=campaign, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, f"Визит в {school} запланирован на {visit.planned_on:%d.%m.%Y}.")
            back = request.POST.get("back", "")
            return redirect(back if back.startswith("/") and not back.startswith("//") else visit.get_absolute_url())
    return render(request, "monitoring/visit_edit.html", {"school": school, "form": form, "visit": None})


@with_object(Visit, "visit.plan", related=VISIT_RELATED)
@require_http_methods(["GET", "POST"])
def reschedule(request: HttpRequest, visit: Visit) -> HttpResponse:
    initial = {"planned_on": visit.planned_on, "format": visit.format, "purpose": visit.purpose}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.visit_reschedule(user=request.user, visit=visit, **form.cleaned_data)
        messages.success(request, "План визита изменён.")
        return redirect(visit)
    return render(request, "monitoring/visit_edit.html", {"school": visit.school, "form": form, "visit": visit})


@with_object(Visit, "visit.plan", related=VISIT_RELATED)
@require_POST
def cancel(request: HttpRequest, visit: Visit) -> HttpResponse:
    form = CancelForm(request.POST)
    if not form.is_valid():
        return visit_page(request, visit, cancel_form=form, status=400)
    services.visit_cancel(user=request.user, visit=visit, reason=form.cleaned_data["reason"])
    messages.success(request, "Визит отменён.")
    return redirect(visit)


def _recommendations(formset) -> list[services.NewRecommendation]:
    return [
        services.NewRecommendation(
            text=form.cleaned_data.get("text", ""),
            deadline=form.cleaned_data.get("deadline"),
            actor=form.cleaned_data.get("actor", ""),
            actor_person=form.cleaned_data.get("actor_person"),
        )
        for form in formset.forms
        if form.cleaned_data.get("text", "").strip()
    ]


@with_object(Visit, "visit.record", related=VISIT_RELATED)
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, visit: Visit) -> HttpResponse:
    """The visit recorded as held: date, format, participants, observations, findings, new
    recommendations (rows; «add a row» re-shows the form with one more) and files."""
    school = visit.school
    services.refuse_own(request.user, school.pk)
    initial = {
        "held_on": visit.held_on or min(visit.planned_on, timezone.localdate()),
        "format": visit.format,
        "purpose": visit.purpose,
        "participants": list(visit.participants.all()) if visit.pk else [],
        "other_participants": visit.other_participants,
        "observations": visit.observations,
        "findings": visit.findings,
    }
    data = request.POST if request.method == "POST" else None
    form = RecordForm(data, request.FILES or None, school=school, initial=initial)
    formset = RecommendationFormSet(
        data, prefix="rec", form_kwargs={"school": school}, initial=None if data else [{}, {}]
    )
    if data is not None and "more" in data:
        # One more empty row; what was typed stays (files must be chosen again: browsers never resend them).
        more = data.copy()
        more["rec-TOTAL_FORMS"] = str(int(data.get("rec-TOTAL_FORMS", "0") or 0) + 1)
        formset = RecommendationFormSet(more, prefix="rec", form_kwargs={"school": school})
        typed = {
            name: data.getlist(name) if name in ("participants", "observations") else data.get(name)
            for name in RecordForm.base_fields
            if name != "files"
        }
        return _record_page(request, visit, RecordForm(school=school, initial=typed), formset)
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            services.visit_record(
                user=request.user,
                visit=visit,
                held_on=form.cleaned_data["held_on"],
                format=form.cleaned_data["format"],
                purpose=form.cleaned_data["purpose"],
                participants=list(form.cleaned_data["participants"]),
                other_participants=form.cleaned_data["other_participants"],
                observations=form.cleaned_data["observations"],
                findings=form.cleaned_data["findings"],
                recommendations=_recommendations(formset),
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                form.add_error(None, _errors(error))
        else:
            messages.success(request, f"Визит в {school} записан как проведённый.")
            return redirect(visit)
    return _record_page(request, visit, form, formset)


def _record_page(request, visit, form, formset) -> HttpResponse:
    return render(
        request,
        "monitoring/visit_record.html",
        {
            "visit": visit,
            "school": visit.school,
            "form": form,
            "formset": formset,
            "existing": list(visit.recommendations.all()),
        },
    )


@with_object(Visit, "visit.record", related=VISIT_RELATED)
@require_POST
def attach(request: HttpRequest, visit: Visit) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Выберите файл.")
        return redirect(visit)
    try:
        attachment = services.visit_attach(user=request.user, visit=visit, file=upload)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"Файл «{attachment.original_name}» добавлен.")
    return redirect(visit)


@with_object(Visit, "visit.acknowledge", related=VISIT_RELATED)
@require_POST
def acknowledge(request: HttpRequest, visit: Visit) -> HttpResponse:
    services.visit_acknowledge(user=request.user, visit=visit)
    messages.success(request, "Отмечено: школа ознакомлена с итогами визита.")
    return redirect(visit)


def _to_recommendation(recommendation: Recommendation) -> HttpResponse:
    return redirect(f"{reverse('monitoring:visit', args=[recommendation.visit_id])}#rec-{recommendation.pk}")


@with_object(Recommendation, "recommendation.done", related=REC_RELATED)
@require_POST
def recommendation_done(request: HttpRequest, recommendation: Recommendation) -> HttpResponse:
    form = DoneForm(request.POST)
    if not form.is_valid():
        return visit_page(request, recommendation.visit, done_form=form, status=400)
    services.recommendation_done(user=request.user, recommendation=recommendation, comment=form.cleaned_data["comment"])
    messages.success(request, f"Рекомендация № {recommendation.number} отмечена выполненной; куратор проверит.")
    return _to_recommendation(recommendation)


@with_object(Recommendation, "recommendation.confirm", related=REC_RELATED)
@require_POST
def recommendation_confirm(request: HttpRequest, recommendation: Recommendation) -> HttpResponse:
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return visit_page(request, recommendation.visit, confirm_form=form, status=400)
    try:
        if form.cleaned_data["decision"] == "confirm":
            services.recommendation_confirm(user=request.user, recommendation=recommendation)
            messages.success(request, f"Выполнение рекомендации № {recommendation.number} подтверждено.")
        else:
            services.recommendation_return(
                user=request.user, recommendation=recommendation, comment=form.cleaned_data["comment"]
            )
            messages.success(request, f"Рекомендация № {recommendation.number} возвращена школе.")
    except ValidationError as error:
        messages.error(request, _errors(error))
    return _to_recommendation(recommendation)


@with_object(Campaign, "visits.configure", related=("region",))
@require_http_methods(["GET", "POST"])
def norm(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    """The region sets how long a school may go without a curator's visit."""
    form = NormForm(request.POST or None, initial={"visit_norm_days": visit_norm_days(campaign)})
    if request.method == "POST" and form.is_valid():
        days = form.cleaned_data["visit_norm_days"]
        services.visit_norm_set(user=request.user, campaign=campaign, days=days)
        messages.success(request, f"Норма сохранена: визит в каждую школу не реже раза в {days} дн.")
        return redirect(f"{reverse('monitoring:visits')}?campaign={campaign.pk}")
    return render(request, "monitoring/visits_norm.html", {"campaign": campaign, "form": form})
