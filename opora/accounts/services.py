"""Appointing people to roles and ending appointments: several records change together."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from opora.registry.models import Campaign, Municipality, Order, Person, Region, School

from .models import SCHOOL_ROLES, Assignment, Role, User


@transaction.atomic
def assignment_create(
    *,
    person: Person,
    role: str,
    region: Region,
    municipality: Municipality | None = None,
    schools: list[School] = (),
    campaign: Campaign | None = None,
    order: Order | None = None,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    created_by: User | None = None,
) -> Assignment:
    if role in SCHOOL_ROLES and not schools:
        raise ValidationError({"schools": "Для куратора и управленческой команды укажите хотя бы одну школу."})
    foreign = [s.fis_oko_login for s in schools if s.municipality.region_id != region.pk]
    if foreign:
        raise ValidationError({"schools": f"Школы другого региона: {', '.join(foreign)}."})
    assignment = Assignment(
        person=person,
        role=role,
        region=region,
        municipality=municipality,
        campaign=campaign,
        order=order,
        valid_from=valid_from,
        valid_to=valid_to,
        created_by=created_by,
    )
    assignment.full_clean()
    assignment.save()
    if schools:
        assignment.schools.set(schools)
    return assignment


# A form sent twice (a double click, «back» and send again, two tabs) within this time makes
# the appointment once; the second sending is shown the first one.
RESUBMIT_WINDOW = datetime.timedelta(minutes=10)


@transaction.atomic
def appoint(
    *,
    person: Person | None,
    new_person: dict | None = None,
    role: str,
    region: Region,
    municipality: Municipality | None = None,
    schools: list[School] = (),
    campaign: Campaign | None = None,
    order: Order | None = None,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    created_by: User | None = None,
) -> tuple[Assignment, bool]:
    """Appoints an existing `person`, or a new one made of `new_person` (last_name, first_name,
    middle_name, position, email). Returns (assignment, created): the same appointment sent again
    by the same user a moment ago — even at the same instant — is not made twice; `created` is then
    False and the assignment is the one made first. Appointments in a region take turns under a
    row lock on the region, so two simultaneous sendings cannot both miss each other."""
    Region.objects.select_for_update().filter(pk=region.pk).first()
    scope = {
        "role": role,
        "region": region,
        "municipality": municipality,
        "campaign": campaign,
        "order": order,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    existing = _recent_duplicate(person, new_person or {}, scope, schools, created_by)
    if existing is not None:
        return existing, False
    if person is None:
        person = Person.objects.create(region=region, **(new_person or {}))
    return assignment_create(person=person, schools=schools, created_by=created_by, **scope), True


def _recent_duplicate(person, new_person: dict, scope: dict, schools, created_by) -> Assignment | None:
    if created_by is None:
        return None
    candidates = Assignment.objects.filter(
        created_by=created_by, created_at__gte=timezone.now() - RESUBMIT_WINDOW, **scope
    ).select_related("person")
    if person is not None:
        candidates = candidates.filter(person=person)
    else:
        email = new_person.get("email") or ""
        fields = {k: v for k, v in new_person.items() if k != "email"}
        candidates = candidates.filter(
            person__region=scope["region"],
            person__email__iexact=email,
            **{f"person__{k}": v for k, v in fields.items()},
        )
    wanted = {s.pk for s in schools}
    for candidate in candidates.order_by("pk"):
        if set(candidate.schools.values_list("pk", flat=True)) == wanted:
            return candidate
    return None


def assignment_end(*, assignment: Assignment, on: datetime.date) -> Assignment:
    """Ends an appointment from the given day on; the row stays as history."""
    last_day = on - datetime.timedelta(days=1)
    if last_day < assignment.valid_from:
        last_day = assignment.valid_from
    assignment.valid_to = last_day
    assignment.save(update_fields=["valid_to"])
    return assignment


def _one_time_password() -> str:
    return "-".join(secrets.token_urlsafe(4) for _ in range(3))


def password_reset_by_operator(*, person: Person) -> str:
    """A new one-time password for a person's login (the operator hands it over); lockouts lifted."""
    from axes.utils import reset

    user = getattr(person, "user", None)
    if user is None:
        raise ValidationError(f"У {person.full_name} нет входа в систему.")
    password = _one_time_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    reset(username=user.email)
    return password


def login_create(*, person: Person, email: str) -> tuple[User, str]:
    """Gives a person a login with a one-time password the operator hands over; returns both."""
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {
                "email": f"Вход {email} уже существует. Если человек забыл пароль, задайте новый в разделе "
                "«Реестр → Люди» (ссылка «новый пароль»)."
            }
        )
    if hasattr(person, "user"):
        raise ValidationError({"email": f"У {person.full_name} уже есть вход."})
    password = _one_time_password()
    user = User.objects.create_user(email=email, password=password, person=person)
    return user, password


@transaction.atomic
def curator_reassign(
    *,
    school: School,
    curator: Person,
    order: Order,
    on: datetime.date,
    campaign: Campaign | None = None,
    created_by: User | None = None,
) -> tuple[Assignment, list[Assignment]]:
    """Hands a school to another curator by an order from the day `on`: each assignment of a current
    curator that covers it ends the day before (its other schools go on in a continuation from `on`,
    same order and campaign), and the new curator gets an assignment for this school by `order`.
    Nothing is deleted: the ended rows are the history. Returns (new assignment, ended ones)."""
    region = school.municipality.region
    Region.objects.select_for_update().filter(pk=region.pk).first()
    if curator.region_id != region.pk:
        raise ValidationError({"curator": "Куратор должен быть из того же региона, что и школа."})
    if order.region_id != region.pk:
        raise ValidationError({"order": "Приказ относится к другому региону."})
    on_team = Assignment.objects.active(on).filter(person=curator, role=Role.SCHOOL_TEAM, schools=school).exists()
    if curator.school_id == school.pk or school.director_id == curator.pk or on_team:
        raise ValidationError({"curator": f"{curator.full_name} работает в этой школе и не может быть её куратором."})
    # Every curator assignment of the school not ended before that day, those starting later included.
    current = list(
        Assignment.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .filter(role=Role.CURATOR, region=region, schools=school)
        .select_related("person")
        .prefetch_related("schools")
        .order_by("pk")
    )
    if any(a.person_id == curator.pk for a in current):
        raise ValidationError({"curator": f"{curator.full_name} уже куратор этой школы на {on:%d.%m.%Y}."})
    too_early = [a for a in current if a.valid_from >= on]
    if too_early:
        first = too_early[0]
        raise ValidationError(
            {
                "valid_from": f"Назначение куратора {first.person.full_name} действует с {first.valid_from:%d.%m.%Y}: "
                "дата передачи школы должна быть позже."
            }
        )
    for assignment in current:
        rest = [s for s in assignment.schools.all() if s.pk != school.pk]
        until = assignment.valid_to
        assignment_end(assignment=assignment, on=on)
        if rest:
            continuation = Assignment(
                person=assignment.person,
                role=assignment.role,
                region=assignment.region,
                campaign=assignment.campaign,
                order=assignment.order,
                valid_from=on,
                valid_to=until,
                created_by=created_by,
            )
            continuation.full_clean()
            continuation.save()
            continuation.schools.set(rest)
    new = assignment_create(
        person=curator,
        role=Role.CURATOR,
        region=region,
        schools=[school],
        campaign=campaign or next((a.campaign for a in current if a.campaign_id), None),
        order=order,
        valid_from=on,
        created_by=created_by,
    )
    return new, current
