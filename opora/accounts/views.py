from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opora.core.access import can_anywhere
from opora.core.guards import holds, signed_in, with_object
from opora.core.http import paginate
from opora.registry.models import Person, Region, School

from . import services
from .forms import AssignmentForm
from .models import Assignment, Role


@signed_in
@require_GET
def assignment_list(request: HttpRequest) -> HttpResponse:
    assignments = (
        Assignment.objects.for_user(request.user)
        .select_related("person", "region", "municipality", "campaign", "order")
        # Only the schools the user may see: a curator of schools in two municipalities is shown
        # to each municipality with its own schools.
        .prefetch_related(Prefetch("schools", queryset=School.objects.for_user(request.user)))
        .order_by("role", "person__last_name")
    )
    role = request.GET.get("role", "")
    if role in Role.values:
        assignments = assignments.filter(role=role)
    if request.GET.get("all") != "1":
        assignments = assignments.active()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/assignment_list.html",
        {
            "page": paginate(request, assignments),
            "roles": Role.choices,
            "role": role,
            "query": query,
            "can_manage": can_anywhere(request.user, "assignment.end"),
            "today": timezone.localdate(),
        },
    )


@holds("assignment.create")
@require_http_methods(["GET", "POST"])
def assignment_create(request: HttpRequest) -> HttpResponse:
    regions = Region.objects.for_user(request.user, "assignment.create")
    form = AssignmentForm(
        request.POST or None, regions=regions, initial={"valid_from": timezone.localdate(), "region": regions.first()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                assignment, created = services.appoint(
                    person=data["person"],
                    new_person=None
                    if data["person"]
                    else {
                        "last_name": data["last_name"],
                        "first_name": data["first_name"],
                        "middle_name": data["middle_name"],
                        "position": data["position"],
                        "email": data["email"],
                    },
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
                person = assignment.person
                password = None
                if created and data["create_login"]:
                    _user, password = services.login_create(person=person, email=data["email"] or person.email)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            if not created:
                messages.info(
                    request,
                    f"Это назначение уже сохранено {timezone.localtime(assignment.created_at):%d.%m.%Y в %H:%M} "
                    f"(форма отправлена повторно): {assignment}. Второе такое же не создано.",
                )
                return redirect("accounts:assignments")
            messages.success(request, f"Назначение сохранено: {assignment}.")
            if password:
                messages.warning(
                    request,
                    f"Вход для {person.full_name}: {data['email'] or person.email}, "
                    f"пароль {password}. Передайте его лично; он показан один раз.",
                )
            return redirect("accounts:assignments")
    return render(request, "accounts/assignment_form.html", {"form": form})


@with_object(Assignment, "assignment.end")
@require_POST
def assignment_end(request: HttpRequest, assignment: Assignment) -> HttpResponse:
    services.assignment_end(assignment=assignment, on=timezone.localdate())
    messages.success(request, f"Назначение завершено: {assignment}.")
    return redirect("accounts:assignments")


@with_object(Person, "login.reset", related=("user",))
@require_POST
def person_password_reset(request: HttpRequest, person: Person) -> HttpResponse:
    """The operator gives a person who forgot their password a new one, shown once."""
    try:
        password = services.password_reset_by_operator(person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("registry:people")
    return render(request, "accounts/person_password.html", {"person": person, "password": password})
