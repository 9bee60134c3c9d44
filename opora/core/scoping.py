"""One scoping mechanism for every view: `Model.objects.for_user(user)`.

A user's scope is the union of their active role assignments: whole regions, municipalities,
or sets of schools. Each scoped model says how it relates to those three (`scope_q`), and its
queryset narrows to it. Views never fetch by id without going through `for_user`, so a school a
user may not see is simply absent — a 404, not a 403 that confirms it exists."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q


@dataclass(frozen=True)
class Scope:
    """What a user may see: ids of whole regions, whole municipalities and single schools."""

    region_ids: frozenset[int] = field(default_factory=frozenset)
    municipality_ids: frozenset[int] = field(default_factory=frozenset)
    school_ids: frozenset[int] = field(default_factory=frozenset)
    # Where the user works at all, derived from the three above: the region of a curator's school
    # is "visible" (its name, its campaign) though its other schools are not.
    visible_region_ids: frozenset[int] = field(default_factory=frozenset)
    visible_municipality_ids: frozenset[int] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)
    operator_region_ids: frozenset[int] = field(default_factory=frozenset)
    # Where the user may change plans, not only read them: regions of regional operators and
    # coordinators, municipalities of municipal coordinators (observers and experts only read).
    manage_region_ids: frozenset[int] = field(default_factory=frozenset)
    manage_municipality_ids: frozenset[int] = field(default_factory=frozenset)
    everything: bool = False

    def can_manage_region(self, region_id: int) -> bool:
        """Regional operators maintain their region's registry (imports, orders, assignments)."""
        return self.everything or region_id in self.operator_region_ids

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.region_ids or self.municipality_ids or self.school_ids)


EMPTY_SCOPE = Scope()


def scope_of(user) -> Scope:
    """The user's scope, computed once per request and cached on the user object."""
    if user is None or not user.is_authenticated:
        return EMPTY_SCOPE
    cached = getattr(user, "_opora_scope", None)
    if cached is None:
        from opora.accounts.models import Assignment

        cached = Assignment.objects.scope_for(user)
        user._opora_scope = cached
    return cached


class ScopedQuerySet(models.QuerySet):
    """A queryset whose model defines `scope_q(scope) -> Q` relating its rows to a scope."""

    def for_user(self, user) -> ScopedQuerySet:
        scope = scope_of(user)
        if scope.everything:
            return self.all()
        if scope.is_empty:
            return self.none()
        return self.filter(self.model.scope_q(scope))


def any_of(*conditions: tuple[str, frozenset[int]]) -> Q:
    """OR of `field__in=ids` for the non-empty id sets; matches nothing when all are empty."""
    q = Q(pk__in=[])
    for lookup, ids in conditions:
        if ids:
            q |= Q(**{f"{lookup}__in": ids})
    return q
