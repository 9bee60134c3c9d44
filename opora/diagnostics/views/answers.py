"""Answering: the school's own questionnaires with an account, the anonymous ones through the
school's link or QR code, and answers uploaded from a spreadsheet."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.core import signing
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opora.core.guards import public, with_object
from opora.core.http import client_ip

from .. import anonymous, jobs
from ..answers import read_answers
from ..answers_file import sample_xlsx
from ..forms import AnswersUploadForm
from ..models import ANONYMOUS_GROUPS, AnswersUpload, DiagnosticsSettings, Group, Questionnaire, Response, RiskProfile
from ..selectors import active_link
from ..services import profile_compute, response_save

OWN_GROUPS = (Group.SELF, Group.DIRECTOR)


def _questionnaire(campaign_id: int, group: str) -> Questionnaire:
    return get_object_or_404(
        Questionnaire.objects.prefetch_related("questions__options"), campaign_id=campaign_id, group=group
    )


def _given(request: HttpRequest, questions) -> dict[str, list[str]]:
    return {q.code: request.POST.getlist(q.code) for q in questions}


def _annotate(questions, given: dict[str, list[str]], errors: dict[str, str]) -> None:
    """What the form shows per question: the values given, its error, the points of a scale."""
    for q in questions:
        q.given = given.get(q.code, [])
        q.first = q.given[0] if q.given else ""
        q.error = errors.get(q.code, "")
        if q.kind == "scale" and q.low is not None and q.high is not None:
            q.points = [str(n) for n in range(q.low, q.high + 1)]


def _previous(response: Response | None) -> dict[str, list[str]]:
    """The answers of an earlier response, as the form posts them."""
    given: dict[str, list[str]] = {}
    if response is None:
        return given
    for a in response.answers.select_related("question", "option"):
        if a.option_id:
            value = a.option.code
        elif a.value is not None:
            value = f"{a.value.normalize():f}"
        else:
            value = a.text
        given.setdefault(a.question.code, []).append(value)
    return given


@with_object(RiskProfile, "answers.fill", related=("school", "campaign"))
@require_http_methods(["GET", "POST"])
def fill(request: HttpRequest, profile: RiskProfile, group: str) -> HttpResponse:
    """The self-diagnosis or the director's questionnaire; answering again replaces the earlier answers."""
    if group not in OWN_GROUPS:
        raise Http404
    questionnaire = _questionnaire(profile.campaign_id, group)
    questions = list(questionnaire.questions.all())
    earlier = Response.objects.filter(school_id=profile.school_id, questionnaire=questionnaire)
    given, errors = _previous(earlier.first()), {}
    if request.method == "POST":
        given = _given(request, questions)
        read = read_answers(questions, given)
        errors = read.errors
        if not errors:
            with transaction.atomic():
                earlier.delete()
                response_save(
                    questionnaire=questionnaire,
                    school=profile.school,
                    read=read,
                    source=Response.Source.ACCOUNT,
                    by=request.user,
                )
            profile_compute(school=profile.school, campaign=profile.campaign)
            messages.success(request, f"Ответы сохранены: «{questionnaire.title}». Профиль пересчитан.")
            return redirect(profile)
        messages.error(request, "Ответы не сохранены: исправьте отмеченные вопросы.")
    _annotate(questions, given, errors)
    return render(
        request,
        "diagnostics/fill.html",
        {"profile": profile, "questionnaire": questionnaire, "questions": questions, "given": given, "errors": errors},
    )


@with_object(RiskProfile, "link.replace", related=("school",))
@require_GET
def qr(request: HttpRequest, profile: RiskProfile) -> HttpResponse:
    link = active_link(profile, request.user)
    code = segno.make(request.build_absolute_uri(link.get_absolute_url()), error="m")
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=6, border=2, title=f"Анкеты: {profile.school}")
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@with_object(RiskProfile, "link.replace")
@require_POST
def link_replace(request: HttpRequest, profile: RiskProfile) -> HttpResponse:
    anonymous.link_replace(link=active_link(profile, request.user), user=request.user)
    messages.success(request, "Ссылка заменена: старая больше не принимает ответы. Раздайте новую ссылку или QR-код.")
    return redirect(profile)


@with_object(RiskProfile, "answers.upload", related=("school", "campaign"))
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, profile: RiskProfile) -> HttpResponse:
    """The file is stored at once and read by the task worker; the page follows its progress."""
    form = AnswersUploadForm(request.POST or None, request.FILES or None)
    record = None
    if request.method == "POST" and form.is_valid():
        record = jobs.answers_upload_accept(
            profile=profile, group=form.cleaned_data["group"], upload=form.cleaned_data["file"], user=request.user
        )
        if record.status in AnswersUpload.ACTIVE:
            return redirect(f"{reverse('diagnostics:upload', args=[profile.pk])}?record={record.pk}")
        if record.status == AnswersUpload.Status.LOADED:
            messages.success(request, f"Загружено ответов: {record.rows}. Профиль пересчитан.")
            return redirect(profile)
    uploads = list(profile.uploads.select_related("uploaded_by")[:20])
    asked = request.GET.get("record", "")
    watched = [u for u in uploads if u.status in AnswersUpload.ACTIVE or str(u.pk) == asked]
    if record is not None:
        watched = [u for u in watched if u.pk != record.pk]
    return render(
        request,
        "diagnostics/upload.html",
        {"profile": profile, "form": form, "record": record, "uploads": uploads, "watched": watched},
        status=422 if record is not None else 200,
    )


@with_object(AnswersUpload, related=("profile",))
@require_GET
def upload_status(request: HttpRequest, record: AnswersUpload) -> HttpResponse:
    """An upload's progress, polled by its page until the outcome is known; then the page reloads
    (its list of uploads and the outcome shown in full)."""
    response = render(request, "diagnostics/_upload_status.html", {"u": record})
    if record.status not in AnswersUpload.ACTIVE and request.headers.get("HX-Request"):
        response["HX-Redirect"] = f"{reverse('diagnostics:upload', args=[record.profile_id])}?record={record.pk}"
    return response


@with_object(RiskProfile, "answers.upload")
@require_GET
def upload_sample(request: HttpRequest, profile: RiskProfile, group: str) -> HttpResponse:
    if group not in ANONYMOUS_GROUPS:
        raise Http404
    response = HttpResponse(
        sample_xlsx(profile, group), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="answers-{group}.xlsx"'
    return response


def _link(token: str):
    from ..models import SurveyLink

    link = SurveyLink.objects.select_related("school", "campaign").filter(token=token).first()
    if link is None or link.retired_at is not None:
        raise Http404("Ссылка недействительна: школа могла заменить её. Попросите новую ссылку.")
    return link


def _answered(request: HttpRequest, link) -> list[str]:
    try:
        return signing.loads(request.COOKIES.get(anonymous.cookie_name(link), ""), salt="opora-survey")
    except signing.BadSignature:
        return []


@public
@require_GET
def survey(request: HttpRequest, token: str) -> HttpResponse:
    link = _link(token)
    settings_, _ = DiagnosticsSettings.objects.get_or_create(campaign=link.campaign)
    groups = [(g, Group(g).label) for g in ANONYMOUS_GROUPS]
    return render(
        request,
        "diagnostics/survey_start.html",
        {
            "link": link,
            "groups": groups,
            "open": settings_.is_open(timezone.localdate()),
            "settings": settings_,
            "answered": _answered(request, link),
        },
    )


@public
@require_http_methods(["GET", "POST"])
def survey_form(request: HttpRequest, token: str, group: str) -> HttpResponse:
    link = _link(token)
    if group not in ANONYMOUS_GROUPS:
        raise Http404
    settings_, _ = DiagnosticsSettings.objects.get_or_create(campaign=link.campaign)
    questionnaire = _questionnaire(link.campaign_id, group)
    questions = list(questionnaire.questions.all())
    answered = _answered(request, link)
    context = {"link": link, "questionnaire": questionnaire, "questions": questions, "given": {}, "errors": {}}
    if not settings_.is_open(timezone.localdate()):
        context["closed"] = settings_
        return render(request, "diagnostics/survey_form.html", context, status=403 if request.method == "POST" else 200)
    if group in answered:
        context["done"] = True
        return render(request, "diagnostics/survey_form.html", context)
    if request.method == "POST":
        key = anonymous.client_key(link, client_ip(request))
        if anonymous.rate_limited(link, key):
            context["limited"] = True
            return render(request, "diagnostics/survey_form.html", context, status=429)
        given = _given(request, questions)
        read = read_answers(questions, given)
        if read.errors:
            _annotate(questions, given, read.errors)
            context["errors"] = read.errors
            return render(request, "diagnostics/survey_form.html", context)
        response_save(questionnaire=questionnaire, school=link.school, read=read, source=Response.Source.LINK)
        anonymous.note_submission(link, key)
        profile_compute(school=link.school, campaign=link.campaign)
        reply = redirect(reverse("diagnostics:survey", args=[link.token]) + "?thanks=1")
        reply.set_cookie(
            anonymous.cookie_name(link),
            signing.dumps([*answered, group], salt="opora-survey"),
            max_age=anonymous.COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
        return reply
    _annotate(questions, {}, {})
    return render(request, "diagnostics/survey_form.html", context)
