"""The expert council: samples, experts assigned, scoring, summaries and their export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from opora.accounts.models import Assignment, Role, User
from opora.core.access import can
from opora.core.guards import signed_in, with_object
from opora.core.spreadsheets import workbook_bytes
from opora.registry.models import Campaign
from opora.roadmaps.views.common import current_campaign

from .. import services
from ..forms import AssignForm, DrawForm, ScoreForm
from ..models import DocumentKind, ExpertAssignment, ExpertSample, SampledDocument
from .table import XLSX


def _draw_form(campaign, data=None) -> DrawForm:
    return DrawForm(data, kinds=DocumentKind.for_campaign(campaign))


@signed_in
@require_GET
def council(request: HttpRequest) -> HttpResponse:
    campaign = current_campaign(request)
    context = {"campaign": campaign}
    if campaign is not None:
        context |= {
            "samples": ExpertSample.objects.for_user(request.user).filter(campaign=campaign),
            "mine": ExpertAssignment.objects.for_user(request.user)
            .filter(expert=request.user, entry__sample__campaign=campaign)
            .select_related(
                "entry__document__school", "entry__document__kind", "entry__document__factor", "entry__sample"
            ),
            "may_draw": can(request.user, "council.sample", campaign),
            "form": _draw_form(campaign),
        }
    return render(request, "programs/council.html", context)


@with_object(Campaign, "council.sample")
@require_POST
def draw(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    form = _draw_form(campaign, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        kind = DocumentKind.objects.filter(campaign=campaign, pk=data["kind"]).first() if data["kind"] else None
        try:
            if data["method"] == "chosen":
                sample = services.sample_choose(
                    user=request.user, campaign=campaign, title=data["title"], document_ids=data["document_ids"]
                )
            else:
                sample = services.sample_draw(
                    user=request.user,
                    campaign=campaign,
                    title=data["title"],
                    size=data["size"],
                    seed=data["seed"],
                    kind=kind,
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Отобрано документов: {sample.size}.")
            return redirect(sample)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(f"{reverse('programs:council')}?campaign={campaign.pk}")


def experts_of(campaign: Campaign):
    """Users appointed experts in the campaign's region, active today."""
    people = Assignment.objects.active().filter(role=Role.EXPERT, region=campaign.region).values("person_id")
    return (
        User.objects.filter(person_id__in=people, is_active=True)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )


def _entries(sample: ExpertSample):
    return list(
        sample.entries.select_related(
            "document__school__municipality", "document__kind", "document__factor", "document__stage"
        ).prefetch_related(Prefetch("assignments", queryset=ExpertAssignment.objects.select_related("expert__person")))
    )


@with_object(ExpertSample, related=("campaign__region", "drawn_by__person"))
@require_GET
def sample_detail(request: HttpRequest, sample: ExpertSample) -> HttpResponse:
    may_assign = can(request.user, "council.sample", sample.campaign)
    experts = list(experts_of(sample.campaign)) if may_assign else []
    return render(
        request,
        "programs/sample.html",
        {
            "sample": sample,
            "entries": _entries(sample),
            "summary_parts": _summary_parts(services.summary(sample)),
            "may_assign": may_assign,
            "experts": experts,
        },
    )


def _summary_parts(summary) -> list:
    return [
        ("По школам", summary.by_school),
        ("По критериям", summary.by_criterion),
        ("По экспертам", summary.by_expert),
    ]


@with_object(ExpertSample, "council.sample", related=("campaign__region",))
@require_POST
def assign(request: HttpRequest, sample: ExpertSample) -> HttpResponse:
    form = AssignForm(request.POST, experts=experts_of(sample.campaign))
    if form.is_valid():
        entry = (
            SampledDocument.objects.filter(sample=sample, pk=form.cleaned_data["entry"])
            .select_related("document__school", "document__campaign", "sample__campaign")
            .first()
        )
        if entry is None:
            raise Http404("Документа нет в выборке")
        expert = User.objects.select_related("person").get(pk=form.cleaned_data["expert"])
        try:
            services.expert_assign(user=request.user, entry=entry, expert=expert)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{expert.get_full_name()} оценит «{entry.document}».")
    else:
        messages.error(request, "Выберите эксперта из списка.")
    return redirect(sample)


@with_object(
    ExpertAssignment,
    "council.score",
    owner="expert",
    related=("entry__document__school", "entry__document__kind", "entry__document__factor", "entry__sample__campaign"),
)
@require_http_methods(["GET", "POST"])
def score(request: HttpRequest, assignment: ExpertAssignment) -> HttpResponse:
    document = assignment.entry.document
    criteria = list(document.kind.active_criteria())
    given = {s.criterion_id: s for s in assignment.scores.all()}
    initial = {"comment": assignment.comment}
    for c in criteria:
        if c.pk in given:
            initial |= {f"points_{c.pk}": given[c.pk].points, f"note_{c.pk}": given[c.pk].comment}
    form = ScoreForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.scores_save(
                user=request.user, assignment=assignment, scores=form.scores(), comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Оценка документа «{document}» сохранена.")
            return redirect("programs:council")
    version = document.versions.first()
    return render(
        request,
        "programs/score.html",
        {"assignment": assignment, "document": document, "form": form, "version": version},
    )


@with_object(ExpertSample, related=("campaign__region",))
@require_GET
def sample_export(request: HttpRequest, sample: ExpertSample) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = "Документы"
    sheet.append(["Муниципалитет", "Школа", "Документ", "Эксперт", "Баллы", "Из", "Заключение"])
    scored = {
        a.pk: a for a in ExpertAssignment.objects.filter(entry__sample=sample).prefetch_related("scores__criterion")
    }
    for entry in _entries(sample):
        d = entry.document
        for a in entry.assignments.all() or [None]:
            if a is None:
                sheet.append([d.school.municipality.name, d.school.short_name, d.name, "не назначен", None, None, ""])
                continue
            scores = list(scored[a.pk].scores.all())
            points = sum(s.points for s in scores) if a.scored_at else None
            possible = sum(s.criterion.max_points for s in scores) if a.scored_at else None
            sheet.append(
                [
                    d.school.municipality.name,
                    d.school.short_name,
                    d.name,
                    a.expert.get_full_name(),
                    points,
                    possible,
                    a.comment,
                ]
            )
    summary = services.summary(sample)
    for title, lines in (
        ("По школам", summary.by_school),
        ("По критериям", summary.by_criterion),
        ("По экспертам", summary.by_expert),
    ):
        part = book.create_sheet(title)
        part.append(["", "Баллы", "Из возможных", "%", "Оценок", "Назначено"])
        for line in lines:
            part.append([line.label, line.points, line.possible, line.percent, line.scorings, line.assigned or None])
    for part in book.worksheets:
        for cell in part[1]:
            cell.font = Font(bold=True)
    response = HttpResponse(workbook_bytes(book), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ekspertnyj-sovet-{sample.pk}.xlsx"'
    return response
