"""Every view says who may open it, with one of these decorators.

`tests/test_access_matrix.py` refuses a URL whose view carries none, so a view cannot forget:

- `@public` — no login (the login page, the calendar feed whose token is the secret);
- `@signed_in` — any signed-in user; the view shows only `for_user(...)`-narrowed data;
- `@with_object(Model, "action")` — the object named by the URL, fetched through
  `Model.objects.for_user(user)` (404 outside the user's scope), then the action's rule (403);
  the view receives the object instead of its id;
- `@holds("action")` — pages of a role (an import form): 403 unless the user holds the action
  somewhere; the view then narrows its choices with `for_user(user, action)`."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404

from .access import require, rule


def _mark(view, access):
    view.access = access
    return view


def public(view):
    return _mark(view, ("public",))


def signed_in(view):
    return _mark(login_required(view), ("signed_in",))


def holds(action: str):
    rule(action)  # fails at import time for an unknown action

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            require(request.user, action)
            return view(request, *args, **kwargs)

        return _mark(login_required(wrapper), ("holds", action))

    return decorate


def with_object(model, action: str | None = None, *, kwarg: str = "pk", related: tuple[str, ...] = (), owner: str = ""):
    """Replaces the URL's `kwarg` by the object it names, seen by the user and, given an action,
    acted on by them. `owner` names a field that must be the user (work in progress is private)."""
    if action is not None:
        rule(action)

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            queryset = model.objects.for_user(request.user)
            if related:
                queryset = queryset.select_related(*related)
            if owner:
                queryset = queryset.filter(**{owner: request.user})
            obj = get_object_or_404(queryset, pk=kwargs.pop(kwarg))
            if action is not None:
                require(request.user, action, obj)
            return view(request, obj, *args, **kwargs)

        return _mark(login_required(wrapper), ("object", model._meta.label, action))

    return decorate
