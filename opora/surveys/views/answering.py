"""The participant's side: the surveys waiting for an answer, and answering one wave once."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from opora.core.access import can_anywhere
from opora.core.guards import signed_in, with_object
from opora.core.http import paginate
from opora.diagnostics.answers import read_answers
from opora.diagnostics.views.answers import _annotate, _given

from ..models import Participation, Wave
from ..selectors import in_audience, waves_for
from ..services import AnswerRefused, answer_save


@signed_in
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """«Опросы»: those waiting for my answer; for the region's team, the region's waves."""
    user = request.user
    context = {"mine": waves_for(user), "today": timezone.localdate()}
    if can_anywhere(user, "survey.results"):
        waves = (
            Wave.objects.for_user(user, "survey.results")
            .select_related("campaign__region")
            .annotate(answered=Count("participations"))
            .order_by("-opens_on", "-pk")
        )
        context["page"] = paginate(request, waves, per_page=20)
    context["may_manage"] = can_anywhere(user, "survey.manage")
    return render(request, "surveys/home.html", context)


@with_object(Wave, related=("campaign", "form"))
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, wave: Wave) -> HttpResponse:
    """Answering a wave: only the people it asks (anyone else: 404), once, while it is open."""
    if not in_audience(wave, request.user):
        raise Http404("Этот опрос адресован другим участникам.")
    today = timezone.localdate()
    done = Participation.objects.filter(wave=wave, person_id=request.user.person_id).exists()
    questions = list(wave.form.questions.prefetch_related("options"))
    given, errors, status = {}, {}, 200
    if request.method == "POST" and not done:
        given = _given(request, questions)
        read = read_answers(questions, given)
        errors = read.errors
        try:
            answer_save(wave=wave, user=request.user, read=read, today=today)
        except AnswerRefused as refusal:
            messages.error(request, str(refusal))
            status = 422
            done = Participation.objects.filter(wave=wave, person_id=request.user.person_id).exists()
        else:
            messages.success(request, f"Спасибо! Ответы на опрос «{wave.title}» сохранены.")
            return redirect("surveys:home")
    elif request.method == "POST":
        messages.error(request, f"Вы уже ответили на опрос «{wave.title}»: ответить можно один раз.")
        status = 409
    _annotate(questions, given, errors)
    context = {"wave": wave, "questions": questions, "done": done, "is_open": wave.is_open(today)}
    return render(request, "surveys/answer.html", context, status=status)
