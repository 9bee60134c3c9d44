"""Who may do what, where: the one permission mechanism.

Reading is narrowed by each model's `scope_q` (`Model.objects.for_user(user)`). Every other action
is a `Rule`: which roles grant it and through which field the object belongs to the place
(region, municipality or school) the role is held for, plus an optional condition on the object
itself («only a draft»). The table is the module named by `settings.OPORA_ACCESS_RULES`
(`opora/rules.py`: `RULES`, and the role names `ROLES`), so this module imports no app. The same rule

- narrows querysets: `Roadmap.objects.for_user(user, "roadmap.change")`;
- answers for one object, saved or not yet: `can(user, "roadmap.change", roadmap)`;
- answers whether the user holds the action anywhere (menus, pages of a role): `can_anywhere`;
- guards views (`opora.core.views_access`) and services (`require`);
- shows buttons in templates (`{% can "roadmap.change" roadmap as editable %}`);
- is the actions × roles table in `docs/prava-dostupa.md`, from which the access tests are made.

A model whose actions are decided by a parent (an item by its roadmap) names the path to it in
`access_via = {"roadmaps.Roadmap": "roadmap"}`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Q

from .scoping import LEVELS, Scope, scope_of


@dataclass(frozen=True)
class Grant:
    """Holders of `roles` may act on objects whose `lookups` lead to a place of `level` they hold."""

    roles: tuple[str, ...]
    level: str
    lookups: tuple[str, ...]

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ImproperlyConfigured(f"Уровень {self.level!r} не из {LEVELS}")


def grant(*roles: str, region: str | Iterable[str] = (), municipality: str | Iterable[str] = (), school=()):
    """`grant("curator", school="school_id")`: exactly one of region / municipality / school."""
    given = [(level, value) for level, value in zip(LEVELS, (region, municipality, school), strict=True) if value]
    if len(given) != 1:
        raise ImproperlyConfigured("grant(): укажите ровно один уровень")
    level, value = given[0]
    lookups = (value,) if isinstance(value, str) else tuple(value)
    return Grant(tuple(roles), level, lookups)


@dataclass(frozen=True)
class Rule:
    action: str  # "roadmap.change"
    model: str  # "roadmaps.Roadmap"
    label: str  # «изменять дорожную карту» — in the docs table and in the refusal
    grants: tuple[Grant, ...]
    # Field → allowed values on the object itself, e.g. {"status": ("draft",)}, and what a user
    # who holds the role is told when the object is not in that state.
    when: dict[str, tuple] = field(default_factory=dict)
    when_denied: str = ""
    condition: str = ""  # the `when` in words, for the docs table: «только проект»

    @property
    def denied(self) -> str:
        who = ", ".join(role_labels().get(role, role).lower() for role in self.roles())
        return f"Это действие ({self.label}) доступно: {who}." if who else f"Это действие ({self.label}) недоступно."

    def roles(self) -> list[str]:
        return list(dict.fromkeys(role for g in self.grants for role in g.roles))


@cache
def _table():
    return import_module(settings.OPORA_ACCESS_RULES)


def role_labels() -> dict[str, str]:
    """Role → its Russian name, as the rules module gives them (`ROLES`)."""
    return dict(_table().ROLES)


@cache
def rules() -> dict[str, Rule]:
    found = {}
    for rule in _table().RULES:
        if rule.action in found:
            raise ImproperlyConfigured(f"Правило {rule.action} задано дважды")
        found[rule.action] = rule
    return found


def rule(action: str) -> Rule:
    try:
        return rules()[action]
    except KeyError:
        raise ImproperlyConfigured(f"Нет правила для действия {action!r}") from None


def _path_to(model, rule_: Rule) -> str:
    """The lookup prefix from `model` to the rule's model ("" when it is the same model)."""
    if model._meta.label == rule_.model:
        return ""
    via = getattr(model, "access_via", {}).get(rule_.model)
    if via is None:
        raise ImproperlyConfigured(f"{model._meta.label}: нет пути к {rule_.model} для {rule_.action}")
    return f"{via}__"


def rule_q(model, action: str, scope: Scope) -> Q:
    """The rows of `model` on which a user with this scope may do the action."""
    rule_ = rule(action)
    prefix = _path_to(model, rule_)
    allowed = Q(pk__in=[])
    for g in rule_.grants:
        ids = set().union(*(scope.places(role, g.level) for role in g.roles))
        if ids:
            for lookup in g.lookups:
                allowed |= Q(**{f"{prefix}{lookup}__in": ids})
    for name, values in rule_.when.items():
        allowed &= Q(**{f"{prefix}{name}__in": values})
    return allowed


def _resolve(obj, path: str):
    """`campaign__region_id` on an object, following attributes; None where a link is empty."""
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


def can(user, action: str, obj) -> bool:
    """May the user do the action on this object (saved or about to be created)?"""
    return _check(user, action, obj) is None


def _check(user, action: str, obj) -> str | None:
    """None when allowed, else the Russian reason."""
    rule_ = rule(action)
    scope = scope_of(user)
    if scope.everything:
        return None
    prefix = _path_to(type(obj), rule_)
    subject = _resolve(obj, prefix[:-2]) if prefix else obj
    if subject is None:
        return rule_.denied
    held = False
    for g in rule_.grants:
        ids = set().union(*(scope.places(role, g.level) for role in g.roles))
        if ids and any(_resolve(subject, lookup) in ids for lookup in g.lookups):
            held = True
            break
    if not held:
        return rule_.denied
    for name, values in rule_.when.items():
        if _resolve(subject, name) not in values:
            return rule_.when_denied or rule_.denied
    return None


def can_anywhere(user, action: str) -> bool:
    """Does the user hold a role that grants the action somewhere (whether any object exists yet)?"""
    scope = scope_of(user)
    if scope.everything:
        return True
    return any(scope.places(role, g.level) for g in rule(action).grants for role in g.roles)


def require(user, action: str, obj=None) -> None:
    """Raises PermissionDenied with the rule's Russian message unless the user may act.
    Without an object: unless the user holds the action somewhere."""
    if obj is None:
        if not can_anywhere(user, action):
            raise PermissionDenied(rule(action).denied)
        return
    reason = _check(user, action, obj)
    if reason is not None:
        raise PermissionDenied(reason)


def model_of(rule_: Rule):
    return apps.get_model(rule_.model)


# How a grant's level reads in the docs table: where the role holder may act.
LEVEL_WORDS = {"region": "регион", "municipality": "свой муниципалитет", "school": "свои школы"}


def rules_table() -> list[list[str]]:
    """The actions × roles table of docs/prava-dostupa.md: a header row, then a row per action."""
    roles = role_labels()
    rows = [["Действие", "Код", *roles.values(), "Условие"]]
    for rule_ in rules().values():
        cells = []
        for role in roles:
            levels = [g.level for g in rule_.grants if role in g.roles]
            cells.append(", ".join(LEVEL_WORDS[level] for level in dict.fromkeys(levels)) or "—")
        rows.append([rule_.label, f"`{rule_.action}`", *cells, rule_.condition or "—"])
    return rows


def rules_markdown() -> str:
    rows = rules_table()
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "---|" * len(rows[0]))
    return "\n".join(lines) + "\n"
