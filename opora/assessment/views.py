import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opora.core.access import can, require
from opora.core.guards import signed_in, with_object
from opora.core.http import PAGE_SIZE, is_htmx, stored_file_response
from opora.core.prepared import request_file
from opora.core.russian import counted, plural
from opora.registry.forms import ApprovalOrderForm
from opora.registry.models import Campaign, School

from . import jobs, list_export, services
from .forms import DecisionForm, IncludeForm, ResultsUploadForm, RunForm
from .models import Identification, ListedSchool, ResultsUpload, SchoolResult
from .procedures import procedure_label, procedure_sort_key
from .rules import format_number

LIST_ORDER_LABEL = "Приказ об утверждении перечня"
NO_ORDER = "Выберите приказ об утверждении перечня (сначала внесите его в разделе «Приказы»)."
# A last page of up to this many rows joins the page before it: a list of 51 schools is one page.
LIST_ORPHANS = 10
# Distinguishable on a projector and for colour-blind readers (Okabe–Ito, then Tableau).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#8C564B", "#7F7F7F"]


@signed_in
@require_GET
def current(request: HttpRequest) -> HttpResponse:
    """The list page of the user's current campaign (the latest in their region)."""
    campaign = Campaign.objects.for_user(request.user).order_by("-year").first()
    if campaign is None:
        raise Http404("Нет кампании")
    return redirect("assessment:campaign", campaign.pk)


@with_object(Campaign, kwarg="campaign_pk", related=("region",))
@require_GET
def campaign_lists(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    manager = can(request.user, "results.upload", campaign)
    identifications = (
        Identification.objects.for_user(request.user)
        .filter(campaign=campaign)
        .select_related("order", "run_by", "approved_by")
    )
    # Counted within the user's own schools, so the figure agrees with the list page they open.
    listed = dict(
        ListedSchool.objects.for_user(request.user)
        .filter(identification__in=identifications)
        .on_list()
        .values_list("identification")
        .annotate(n=Count("pk"))
    )
    for identification in identifications:
        identification.listed_count = listed.get(identification.pk, 0)
    context = {
        "campaign": campaign,
        "identifications": identifications,
        "manager": manager,
        "campaigns": campaign.region.campaigns.order_by("-year"),
    }
    if manager:
        context["uploads"] = campaign.results_uploads.select_related("uploaded_by")[:20]
        context["coverage"] = (
            SchoolResult.objects.filter(school__municipality__region=campaign.region)
            .values("year")
            .annotate(rows=Count("pk"), schools=Count("school", distinct=True))
            .order_by("-year")
        )
        context["upload_form"] = ResultsUploadForm()
        context["upload_errors"] = request.session.pop("upload_errors", None)
        # Uploads still in the worker, and the one just sent, show their progress and then the outcome.
        asked = request.GET.get("upload", "")
        context["watched"] = [u for u in context["uploads"] if u.status in ResultsUpload.ACTIVE or str(u.pk) == asked]
        for upload in context["watched"]:
            upload.outcome = upload_outcome(upload)
    return render(request, "assessment/campaign.html", context)


@with_object(Campaign, "results.upload", kwarg="campaign_pk")
@require_POST
def results_upload(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    form = ResultsUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return redirect("assessment:campaign", campaign.pk)
    record = jobs.results_upload_accept(campaign=campaign, upload=form.cleaned_data["file"], user=request.user)
    if record.status in ResultsUpload.ACTIVE:
        # The worker reads the file; the page follows its progress.
        return redirect(f"{reverse('assessment:campaign', args=[campaign.pk])}?upload={record.pk}")
    if record.status == ResultsUpload.Status.ACCEPTED:
        messages.success(request, upload_outcome(record))
    else:
        request.session["upload_errors"] = {"name": record.original_name, "errors": record.errors}
    return redirect("assessment:campaign", campaign.pk)


def upload_outcome(record: ResultsUpload) -> str:
    return (
        f"Результаты из «{record.original_name}» загружены: "
        f"{counted(record.row_count, 'строка', 'строки', 'строк')} за {', '.join(map(str, record.years))} г."
    )


@with_object(ResultsUpload)
@require_GET
def results_upload_status(request: HttpRequest, record: ResultsUpload) -> HttpResponse:
    """The upload's progress, polled by its page until the outcome is known; then the page reloads,
    so that its summary of what is loaded and its list of files include this one."""
    record.outcome = upload_outcome(record)
    response = render(request, "assessment/_upload_status.html", {"u": record})
    if is_htmx(request) and record.status not in ResultsUpload.ACTIVE:
        response["HX-Redirect"] = f"{reverse('assessment:campaign', args=[record.campaign_id])}?upload={record.pk}"
    return response


@with_object(ResultsUpload)
@require_GET
def results_upload_file(request: HttpRequest, record: ResultsUpload) -> HttpResponse:
    """A loaded file for everyone who sees the campaign's uploads; a refused one only for those who
    upload results, to look into (it may be anything at all)."""
    if record.status == ResultsUpload.Status.ACCEPTED:
        return stored_file_response(record.file, record.original_name)
    require(request.user, "results.upload", record.campaign)
    return stored_file_response(record.file, record.original_name, rejected=True)


@with_object(Campaign, "identification.run", kwarg="campaign_pk", related=("region",))
@require_http_methods(["GET", "POST"])
def identification_run(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    # A sent form's year is checked by looking for one result of it; counting each year's schools (a
    # pass over the region's results) is for the page shown, or for the message when there is none.
    posted = request.POST.get("year", "") if request.method == "POST" else ""
    if posted.isdigit() and services.has_results(campaign, int(posted)):
        coverage = None
    else:
        coverage = services.results_coverage(campaign)
    form = RunForm(
        request.POST or None,
        coverage=coverage if coverage is not None else {int(posted): 0},
        initial={"year": services.default_year(coverage or {}, campaign), "token": uuid.uuid4()},
    )
    if request.method == "POST":
        done = _run_of_token(request, campaign)
        if done is not None:
            messages.info(request, f"Эта форма уже отправлена: открыт сделанный по ней {done.run_label}.")
            return redirect("assessment:identification", done.pk)
        if form.is_valid():
            # The form has checked the year against the results; the worker makes the run.
            run = jobs.identification_request(
                campaign=campaign,
                year=form.cleaned_data["year"],
                params=form.instance.rule_params(),
                user=request.user,
                token=form.cleaned_data["token"],
            )
            if run.state == Identification.State.ERROR:
                form.add_error(None, run.stage)
            else:
                return redirect("assessment:identification", run.pk)
    schools = services.region_school_count(campaign)
    if coverage is None:
        coverage = services.results_coverage(campaign)
    return render(
        request,
        "assessment/run.html",
        {
            "campaign": campaign,
            "form": form,
            "coverage": [
                (year, f"{count} {plural(count, 'школы', 'школ', 'школ')}", schools, count < schools)
                for year, count in coverage.items()
            ],
        },
    )


def _run_of_token(request: HttpRequest, campaign: Campaign) -> Identification | None:
    """The run already made by this copy of the form (sent again after «back»), if any."""
    try:
        token = uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        return None
    return campaign.identifications.filter(run_token=token).first()


IDENTIFICATION_RELATED = ("campaign__region", "order", "run_by")


@with_object(Identification, related=IDENTIFICATION_RELATED)
@require_GET
def identification_detail(request: HttpRequest, identification: Identification) -> HttpResponse:
    if not identification.is_ready:
        return render(
            request,
            "assessment/identification_pending.html",
            {"identification": identification, "campaign": identification.campaign},
        )
    tab = "risk" if request.GET.get("tab") == "risk" else "list"
    rows = ListedSchool.objects.for_user(request.user).filter(identification=identification)
    # The list tab shows what the rule selected and every manual decision, excluded schools included.
    rows = rows.in_risk_zone() if tab == "risk" else rows.filter(Q(rule_listed=True) | ~Q(manual=""))
    municipality = request.GET.get("municipality", "")
    if municipality.isdigit():
        rows = rows.filter(school__municipality_id=municipality)
    rows = rows.select_related("school__municipality").prefetch_related("decisions__by")
    page = Paginator(rows, PAGE_SIZE, orphans=LIST_ORPHANS).get_page(request.GET.get("page"))
    years = [identification.year - 1, identification.year]
    columns = [(code, year) for code in identification.procedures for year in years]
    for row in page:
        row.cells = [row.has_marker(year, code) for code, year in columns]
    visible_schools = School.objects.for_user(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assessment/identification.html",
        {
            "identification": identification,
            "campaign": identification.campaign,
            "page": page,
            "tab": tab,
            "query": query,
            "procedures": [(code, procedure_label(code)) for code in identification.procedures],
            "years": years,
            "counts": ListedSchool.objects.for_user(request.user)
            .filter(identification=identification)
            .aggregate(
                listed=Count("pk", filter=ListedSchool.on_list_q()),
                excluded=Count("pk", filter=Q(manual=ListedSchool.Manual.EXCLUDED)),
                risk=Count("pk", filter=ListedSchool.risk_zone_q()),
            ),
            "municipalities": identification.campaign.region.municipalities.filter(
                pk__in=visible_schools.values("municipality_id")
            ),
            "municipality": municipality,
            "manager": can(request.user, "identification.change", identification),
            "dynamics": services.list_dynamics(identification, visible_schools) if tab == "list" else None,
            "include_form": IncludeForm(),
            "approve_form": ApprovalOrderForm(
                user=request.user, region=identification.campaign.region, label=LIST_ORDER_LABEL
            )
            if identification.is_draft
            else None,
        },
    )


@with_object(Identification, related=IDENTIFICATION_RELATED)
@require_GET
def identification_status(request: HttpRequest, identification: Identification) -> HttpResponse:
    """The run's progress, polled by its page; once made, the page reloads into the list."""
    response = render(request, "assessment/_identification_status.html", {"identification": identification})
    if identification.is_ready:
        response["HX-Refresh"] = "true"
    return response


def _require_ready(identification: Identification) -> None:
    if not identification.is_ready:
        raise Http404("Расчёт ещё не выполнен")


@with_object(Identification, "identification.change", related=IDENTIFICATION_RELATED)
@require_POST
def decide(request: HttpRequest, identification: Identification, listed_pk: int) -> HttpResponse:
    _require_ready(identification)
    listed = get_object_or_404(identification.schools, pk=listed_pk)
    form = DecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Укажите основание решения.")
        services.listed_school_decide(
            listed=listed, action=form.cleaned_data["action"], reason=form.cleaned_data["reason"], user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{listed.school}: {listed.get_manual_display() if listed.manual else 'по правилу'}.")
    return redirect("assessment:identification", identification.pk)


@with_object(Identification, "identification.change", related=IDENTIFICATION_RELATED)
@require_POST
def include(request: HttpRequest, identification: Identification) -> HttpResponse:
    _require_ready(identification)
    form = IncludeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Укажите логин школы и основание.")
        school = (
            School.objects.for_user(request.user)
            .filter(fis_oko_login=form.cleaned_data["login"].strip().lower())
            .first()
        )
        if school is None:
            raise ValidationError(f"Школы с логином «{form.cleaned_data['login']}» нет в реестре региона.")
        services.school_include(
            identification=identification, school=school, reason=form.cleaned_data["reason"], user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{school} включена в перечень вручную.")
    return redirect("assessment:identification", identification.pk)


@with_object(Identification, "identification.approve", related=IDENTIFICATION_RELATED)
@require_http_methods(["GET", "POST"])
def approve(request: HttpRequest, identification: Identification) -> HttpResponse:
    """GET (the order chosen on the list page): what the approval replaces, for confirmation.
    POST with `confirmed`: the approval itself, refused if the list in force changed meanwhile."""
    _require_ready(identification)
    data = request.POST if request.method == "POST" else request.GET
    form = ApprovalOrderForm(
        data,
        user=request.user,
        region=identification.campaign.region,
        label=LIST_ORDER_LABEL,
        approving=identification,
    )
    valid = form.is_valid()
    order = form.cleaned_data.get("order")
    if order is None:
        messages.error(request, NO_ORDER)
        return redirect("assessment:identification", identification.pk)
    preview = services.approval_preview(identification=identification, order=order)
    errors = []
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        replacing = request.POST.get("replacing", "")
        try:
            if preview.problems:
                raise ValidationError(preview.problems)
            if not valid:
                raise ValidationError([e for field_errors in form.errors.values() for e in field_errors])
            services.identification_approve(
                identification=identification,
                order=order,
                user=request.user,
                reuse_order=form.cleaned_data["reuse_order"],
                replacing=int(replacing) if replacing.isdigit() else None,
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, f"Перечень утверждён: {order}.")
            return redirect("assessment:identification", identification.pk)
    return render(
        request,
        "assessment/approve.html",
        {
            "identification": identification,
            "campaign": identification.campaign,
            "form": form,
            "order": order,
            "preview": preview,
            "errors": errors,
            "years": [identification.year - 1, identification.year],
        },
    )


@with_object(Identification, "identification.delete", related=IDENTIFICATION_RELATED)
@require_POST
def delete(request: HttpRequest, identification: Identification) -> HttpResponse:
    label = identification.run_label
    if identification.is_active:
        messages.error(request, "Расчёт ещё выполняется: удалить его можно, когда он закончится.")
        return redirect("assessment:identification", identification.pk)
    services.identification_delete(identification=identification, user=request.user)
    messages.success(request, f"Проект перечня ({label}) удалён.")
    return redirect("assessment:campaign", identification.campaign_id)


@with_object(Identification, related=IDENTIFICATION_RELATED)
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest, identification: Identification, fmt: str) -> HttpResponse:
    """A region's list is sent at once; a national one is prepared in the worker (asked by the
    page's button, a POST), and its page sends the file when built."""
    _require_ready(identification)
    list_export.check_format(fmt)
    rows = ListedSchool.objects.for_user(request.user).filter(identification=identification)
    if rows.count() <= list_export.INLINE_ROWS:
        return list_export.export_response(identification, rows, fmt)
    if request.method == "GET":
        messages.info(request, "Перечень большой: файл готовится в фоне — нажмите кнопку выгрузки на этой странице.")
        return redirect("assessment:identification", identification.pk)
    prepared = request_file(
        user=request.user,
        kind="assessment.list",
        title=list_export.export_title(identification, fmt),
        params={"identification": identification.pk, "fmt": fmt},
        back_url=reverse("assessment:identification", args=[identification.pk]),
    )
    return redirect("home:prepared_file", prepared.pk)


@with_object(School, kwarg="school_pk", related=("municipality",))
@require_GET
def school_results(request: HttpRequest, school: School) -> HttpResponse:
    results = sorted(
        school.results.all(),
        key=lambda r: (procedure_sort_key(r.procedure), r.year),
    )
    years = sorted({r.year for r in results})
    series = {}
    for result in results:
        series.setdefault(result.procedure, {})[result.year] = result.share
    datasets = [
        {
            "label": procedure_label(code),
            "borderColor": PALETTE[n % len(PALETTE)],
            "backgroundColor": PALETTE[n % len(PALETTE)],
            "data": [float(by_year[y]) if by_year.get(y) is not None else None for y in years],
        }
        for n, (code, by_year) in enumerate(series.items())
    ]
    listings = list(
        # Approved lists are the appendix of an order, seen by all who see the school's region.
        school.listings.on_list()
        .filter(identification__status=Identification.Status.APPROVED)
        .select_related("identification__campaign", "identification__order")
    )
    threshold = listings[-1].identification.threshold if listings else 30
    datasets.append(
        {
            "label": "Порог",
            "data": [float(threshold)] * len(years),
            "borderDash": [6, 4],
            "borderColor": "#dc3545",
            "backgroundColor": "#dc3545",
            "pointRadius": 0,
            "borderWidth": 1,
        }
    )
    return render(
        request,
        "assessment/school_results.html",
        {
            "school": school,
            "results": results,
            "years": years,
            "datasets": datasets,
            "listings": listings,
            "threshold": format_number(threshold),
        },
    )
