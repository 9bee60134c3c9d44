from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opora.core.http import paginate
from opora.core.scoping import scope_of
from opora.registry.access import require_operator_regions
from opora.registry.models import Person

from . import services
from .forms import AssignmentForm
from .models import Assignment, Role


@login_required
@require_GET
def assignment_list(request: HttpRequest) -> HttpResponse:
    assignments = (
        Assignment.objects.for_user(request.user)
        .select_related("person", "region", "municipality", "campaign", "order")
        .prefetch_related("schools")
        .order_by("role", "person__last_name")
    )
    role = request.GET.get("role", "")
    if role in Role.values:
        assignments = assignments.filter(role=role)
    if request.GET.get("all") != "1":
        assignments = assignments.active()
    query = request.GET.copy()
    query.pop("page", None)
    scope = scope_of(request.user)
    return render(
        request,
        "accounts/assignment_list.html",
        {
            "page": paginate(request, assignments),
            "roles": Role.choices,
            "role": role,
            "query": query,
            "can_manage": scope.everything or bool(scope.operator_region_ids),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment_create(request: HttpRequest) -> HttpResponse:
    regions = require_operator_regions(request.user)
    form = AssignmentForm(
        request.POST or None, regions=regions, initial={"valid_from": timezone.localdate(), "region": regions.first()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                person = data["person"] or Person.objects.create(
                    region=data["region"],
                    last_name=data["last_name"],
                    first_name=data["first_name"],
                    middle_name=data["middle_name"],
                    position=data["position"],
                    email=data["email"],
                )
                assignment = services.assignment_create(
                    person=person,
                    role=data["role"],
                    region=data["region"],
                    municipality=data["municipality"],
                    schools=data["schools"],
                    campaign=data["campaign"],
                    order=data["order"],
                    valid_from=data["valid_from"],
                    valid_to=data["valid_to"],
                    created_by=request.user,
                )
                password = None
                if data["create_login"]:
                    _user, password = services.login_create(person=person, email=data["email"] or person.email)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, f"Назначение сохранено: {assignment}.")
            if password:
                messages.warning(
                    request,
                    f"Вход для {person.full_name}: {data['email'] or person.email}, "
                    f"пароль {password}. Передайте его лично; он показан один раз.",
                )
            return redirect("accounts:assignments")
    return render(request, "accounts/assignment_form.html", {"form": form})


@login_required
@require_POST
def assignment_end(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.for_user(request.user), pk=pk)
    if assignment.region_id not in require_operator_regions(request.user).values_list("pk", flat=True):
        raise PermissionDenied("Завершить назначение может региональный оператор этого региона.")
    services.assignment_end(assignment=assignment, on=timezone.localdate())
    messages.success(request, f"Назначение завершено: {assignment}.")
    return redirect("accounts:assignments")
