"""The permission check every roadmap service starts with."""

from __future__ import annotations

from opora.core.access import require


def require_unless_system(user, action: str, obj) -> None:
    """The permission check of a service; `user=None` is the system itself (demo loader, scripts)."""
    if user is not None:
        require(user, action, obj)
