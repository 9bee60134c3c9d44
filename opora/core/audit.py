"""Audit log of who changed what in assignments and orders, whichever way the change was made
(web page, admin, shell): model signals record it, the request's user is taken from a context
variable set by `ActorMiddleware`."""

from __future__ import annotations

import contextvars

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

current_actor: contextvars.ContextVar = contextvars.ContextVar("opora_actor", default=None)

_before: contextvars.ContextVar[dict] = contextvars.ContextVar("opora_audit_before")


def _snapshot(instance) -> dict:
    data = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        data[field.name] = None if value is None else str(value)
    return data


def _record(instance, action: str, changes: dict) -> None:
    from opora.core.models import AuditEntry

    actor = current_actor.get()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_label=(actor.get_full_name() if is_user else "система"),
        action=action,
        model=instance._meta.label,
        object_id=str(instance.pk),
        object_repr=str(instance)[:500],
        changes=changes,
    )


def _remember(sender, instance, **kwargs) -> None:
    if instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).first()
    if old is not None:
        store = _before.get({}).copy()
        store[(sender, instance.pk)] = _snapshot(old)
        _before.set(store)


def _saved(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:
        return
    after = _snapshot(instance)
    if created:
        _record(instance, "create", {k: [None, v] for k, v in after.items() if v is not None})
        return
    before = _before.get({}).pop((sender, instance.pk), {})
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if changes:
        _record(instance, "update", changes)


def _deleted(sender, instance, **kwargs) -> None:
    _record(instance, "delete", {k: [v, None] for k, v in _snapshot(instance).items() if v is not None})


def _m2m_recorder(field: str):
    def changed(sender, instance, action, pk_set, **kwargs) -> None:
        if action in ("post_add", "post_remove") and pk_set:
            verb = "добавлены" if action == "post_add" else "убраны"
            _record(instance, "update", {field: [verb, sorted(pk_set)]})

    return changed


def audit(model, *, m2m: tuple[str, ...] = ()) -> None:
    """Records every change to this model (and to its many-to-many fields named in `m2m`). Each app
    calls it for its own models in `ready()`, so the core imports none of them."""
    uid = f"audit-{model._meta.label}"
    pre_save.connect(_remember, sender=model, dispatch_uid=uid + "-pre")
    post_save.connect(_saved, sender=model, dispatch_uid=uid + "-post")
    post_delete.connect(_deleted, sender=model, dispatch_uid=uid + "-del")
    for name in m2m:
        through = getattr(model, name).through
        m2m_changed.connect(_m2m_recorder(name), sender=through, weak=False, dispatch_uid=f"{uid}-{name}")
