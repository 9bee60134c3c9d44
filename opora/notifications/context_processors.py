from django.http import HttpRequest

from .models import Message


class UnreadCount:
    """The signed-in user's unread messages, counted (one query) the first time a template asks."""

    def __init__(self, user):
        self.user = user
        self.value: int | None = None

    def __int__(self) -> int:
        if self.value is None:
            self.value = Message.objects.of(self.user).unread().count()
        return self.value

    def __str__(self) -> str:
        return str(int(self))

    def __bool__(self) -> bool:
        return int(self) > 0


def unread(request: HttpRequest) -> dict:
    """`inbox_unread` for the navbar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread": UnreadCount(user)}
