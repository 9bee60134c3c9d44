"""One scoping mechanism for every view: `Model.objects.for_user(user)`.

A user's scope is the union of their active role assignments: whole regions, municipalities,
or sets of schools, each held in a role. Each scoped model says how it relates to those places
(`scope_q`), and its queryset narrows to it. Views never fetch by id without going through
`for_user`, so a school a user may not see is simply absent — a 404, not a 403 that confirms it
exists. What a user may *do* there is the other half: `for_user(user, "roadmap.change")` narrows
to the objects the action's rule allows (see `opora.core.access`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

LEVELS = ("region", "municipality", "school")


@dataclass(frozen=True)
class Places:
    """Where one role is held: ids of whole regions, whole municipalities and single schools."""

    region: frozenset[int] = field(default_factory=frozenset)
    municipality: frozenset[int] = field(default_factory=frozenset)
    school: frozenset[int] = field(default_factory=frozenset)


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
    # role → where it is held; the permission rules read this, never the unions above.
    by_role: dict[str, Places] = field(default_factory=dict)
    everything: bool = False

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(self.by_role)

    def places(self, role: str, level: str) -> frozenset[int]:
        """Ids of the places of one level (region / municipality / school) where the role is held."""
        held = self.by_role.get(role)
        return getattr(held, level) if held else frozenset()

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
        from django.apps import apps

        cached = apps.get_model("accounts", "Assignment").objects.scope_for(user)
        user._opora_scope = cached
    return cached


class ScopedQuerySet(models.QuerySet):
    """A queryset whose model defines `scope_q(scope) -> Q` relating its rows to a scope."""

    def for_user(self, user, action: str | None = None) -> ScopedQuerySet:
        """Rows the user may see; given an action, only those on which they may also do it."""
        scope = scope_of(user)
        if scope.everything:
            return self.all()
        if scope.is_empty:
            return self.none()
        visible = self.filter(self.model.scope_q(scope))
        if action is None:
            return visible
        from .access import rule_q

        return visible.filter(rule_q(self.model, action, scope))


def any_of(*conditions: tuple[str, frozenset[int]]) -> Q:
    """OR of `field__in=ids` for the non-empty id sets; matches nothing when all are empty."""
    q = Q(pk__in=[])
    for lookup, ids in conditions:
        if ids:
            q |= Q(**{f"{lookup}__in": ids})
    return q
