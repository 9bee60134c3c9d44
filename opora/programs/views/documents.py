"""A school's documents, one document with its versions and history, and the curator's review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opora.core.access import can, require
from opora.core.guards import signed_in, with_object
from opora.core.http import paginate, stored_file_response
from opora.registry.models import School
from opora.roadmaps.views.common import current_campaign

from .. import services
from ..forms import NewDocumentForm, ReopenForm, ReviewForm, RevisionForm, UploadForm
from ..models import DocumentKind, DocumentVersion, SchoolDocument, Status
from ..selectors import queues, slots_for, team_school_ids

DOCUMENT_RELATED = ("school__municipality__region", "campaign", "kind", "factor", "stage")
STATUS_CLASSES = {
    Status.DRAFT: "secondary",
    Status.SUBMITTED: "warning",
    Status.APPROVED: "success",
    Status.RETURNED: "danger",
}


def _campaign_of(request, school: School):
    campaign = current_campaign(request)
    if campaign is None or campaign.region_id != school.municipality.region_id:
        campaign = school.municipality.region.current_campaign()
    if campaign is None:
        raise Http404("У региона нет кампании")
    return campaign


@signed_in
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What waits on me: documents to review, returned ones, missing ones; links to the table and the council."""
    campaign = current_campaign(request)
    context = {"campaign": campaign}
    if campaign is not None:
        found = queues(request.user, campaign)
        context |= {
            "to_review": paginate(request, found.to_review),
            "returned": found.returned,
            "missing": found.missing,
            "own_schools": School.objects.for_user(request.user).filter(pk__in=team_school_ids(request.user)),
        }
    return render(request, "programs/home.html", context)


@with_object(School, related=("municipality__region",))
@require_GET
def school_documents(request: HttpRequest, school: School) -> HttpResponse:
    campaign = _campaign_of(request, school)
    slots = slots_for([school], campaign)[school.pk]
    probe = SchoolDocument(school=school, campaign=campaign)
    return render(
        request,
        "programs/school.html",
        {
            "school": school,
            "campaign": campaign,
            "slots": slots,
            "may_upload": can(request.user, "document.upload", probe),
            "no_factors": not any(slot.factor for slot in slots),
            "optional_kinds": [
                k
                for k in DocumentKind.for_campaign(campaign)
                if k.per == DocumentKind.Per.SCHOOL and not k.required and not k.retired
            ],
            "form": NewDocumentForm(),
        },
    )


def _slot_from(value: str, school: School, campaign, title: str) -> services.Slot:
    """«kind-factor-stage» ids from the page → a slot this school may fill; 404 for anything else."""
    try:
        kind_id, factor_id, stage_id = (int(part) if part else None for part in value.split("-"))
    except ValueError:
        raise Http404("Неизвестный вид документа") from None
    for slot in slots_for([school], campaign)[school.pk]:
        if slot.key == (kind_id, factor_id, stage_id) and not (slot.document and slot.document.title):
            return services.Slot(slot.kind, slot.factor, slot.stage)
    kind = get_object_or_404(
        DocumentKind, pk=kind_id, campaign=campaign, per=DocumentKind.Per.SCHOOL, required=False, retired=False
    )
    if factor_id or stage_id:
        raise Http404("Неизвестный вид документа")
    if not title.strip():
        raise ValidationError("Назовите документ: документов этого вида может быть несколько.")
    return services.Slot(kind, title=title.strip()[:300])


def _back_to_school(school: School, campaign) -> HttpResponse:
    return redirect(f"{reverse('programs:school', args=[school.pk])}?campaign={campaign.pk}")


@with_object(School, related=("municipality__region",))
@require_POST
def upload_new(request: HttpRequest, school: School) -> HttpResponse:
    """The first version of a document of the school (or a new version, when the slot has one)."""
    campaign = _campaign_of(request, school)
    require(request.user, "document.upload", SchoolDocument(school=school, campaign=campaign))
    form = NewDocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back_to_school(school, campaign)
    try:
        slot = _slot_from(form.cleaned_data["slot"], school, campaign, form.cleaned_data["title"])
        document = services.document_upload(
            user=request.user,
            school=school,
            slot=slot,
            file=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
            submit=form.cleaned_data["submit"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back_to_school(school, campaign)
    messages.success(request, _uploaded(document))
    return redirect(document)


def _uploaded(document: SchoolDocument) -> str:
    version = document.versions.first()
    sent = " и отправлена куратору на проверку" if document.status == Status.SUBMITTED else ""
    return f"Версия {version.number} документа «{document.name}» загружена{sent}."


def _document_page(request, document: SchoolDocument, *, upload_form=None, reopen_form=None) -> HttpResponse:
    versions = list(document.versions.select_related("uploaded_by__person"))
    reviews = list(document.reviews.select_related("reviewer__person", "version").prefetch_related("marks__criterion"))
    changes = list(document.changes.select_related("by__person", "version"))
    user = request.user
    own = document.school_id in team_school_ids(user)
    return render(
        request,
        "programs/document.html",
        {
            "document": document,
            "versions": versions,
            "reviews": reviews,
            "changes": changes,
            "may_upload": can(user, "document.upload", document),
            "may_review": can(user, "document.review", document) and not own,
            "may_reopen": can(user, "document.reopen", document) and not own,
            "upload_form": upload_form or UploadForm(),
            "reopen_form": reopen_form or ReopenForm(initial={"revision": document.revision}),
            "status_class": STATUS_CLASSES[document.status],
        },
    )


@with_object(SchoolDocument, related=DOCUMENT_RELATED)
@require_GET
def document_detail(request: HttpRequest, document: SchoolDocument) -> HttpResponse:
    return _document_page(request, document)


@with_object(SchoolDocument, "document.upload", related=DOCUMENT_RELATED)
@require_POST
def upload_version(request: HttpRequest, document: SchoolDocument) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.document_upload(
                user=request.user,
                school=document.school,
                slot=services.Slot(document.kind, document.factor, document.stage, document.title),
                file=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
                submit=form.cleaned_data["submit"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _uploaded(document))
            return redirect(document)
    return _document_page(request, document, upload_form=form)


@with_object(SchoolDocument, "document.upload", related=DOCUMENT_RELATED)
@require_POST
def submit(request: HttpRequest, document: SchoolDocument) -> HttpResponse:
    form = RevisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Обновите страницу и попробуйте ещё раз.")
        services.document_submit(user=request.user, document=document, revision=form.cleaned_data["revision"])
    except (ValidationError, services.DocumentConflict) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, f"Документ «{document.name}» отправлен куратору на проверку.")
    return redirect(document)


def _refuse_own(request, document: SchoolDocument) -> None:
    if document.school_id in team_school_ids(request.user):
        raise PermissionDenied("Документы своей школы проверяет её куратор, а не вы.")


@with_object(SchoolDocument, "document.review", related=DOCUMENT_RELATED)
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, document: SchoolDocument) -> HttpResponse:
    """The curator's review: each criterion met / not met with a comment, then the verdict."""
    _refuse_own(request, document)
    criteria = list(document.kind.active_criteria())
    form = ReviewForm(request.POST or None, criteria=criteria, initial={"revision": document.revision})
    if request.method == "POST" and form.is_valid():
        try:
            services.document_review(
                user=request.user,
                document=document,
                revision=form.cleaned_data["revision"],
                verdict=form.cleaned_data["verdict"],
                comment=form.cleaned_data["comment"],
                marks=form.marks(),
            )
        except services.DocumentConflict as conflict:
            messages.error(request, str(conflict))
            return redirect(document)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            document.refresh_from_db()
            messages.success(request, f"Решение сохранено: «{document.name}» — {document.get_status_display()}.")
            return redirect("programs:home")
    version = document.versions.select_related("uploaded_by__person").first()
    return render(request, "programs/review.html", {"document": document, "form": form, "version": version})


@with_object(SchoolDocument, "document.reopen", related=DOCUMENT_RELATED)
@require_POST
def reopen(request: HttpRequest, document: SchoolDocument) -> HttpResponse:
    _refuse_own(request, document)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.document_reopen(
                user=request.user,
                document=document,
                revision=form.cleaned_data["revision"],
                reason=form.cleaned_data["reason"],
            )
        except services.DocumentConflict as conflict:
            messages.error(request, str(conflict))
        else:
            messages.success(request, f"Документ «{document.name}» возвращён на доработку.")
        return redirect(document)
    return _document_page(request, document, reopen_form=form)


@with_object(DocumentVersion)
@require_GET
def version_file(request: HttpRequest, version: DocumentVersion) -> HttpResponse:
    """The file as uploaded, under its original name; outside the school's scope it does not exist."""
    return stored_file_response(version.file, version.original_name)
