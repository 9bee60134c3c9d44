from opora.core.scoping import scope_of


def scope(request) -> dict:
    return {"scope": scope_of(getattr(request, "user", None))}
