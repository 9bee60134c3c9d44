"""The inbox: a person's own messages (another's are 404), opening one, and their choice of e-mails."""

from __future__ import annotations

from django.contrib import messages as flash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from opora.core.guards import signed_in
from opora.core.http import paginate

from .models import Delivery, Kind, Message, Preference, default_delivery


def local_url(url: str) -> str:
    """The message's link if it is a path on this site; else the inbox (never an open redirect)."""
    if url.startswith("/") and not url.startswith(("//", "/\\")) and url_has_allowed_host_and_scheme(url, None):
        return url
    return ""


@signed_in
def inbox(request: HttpRequest) -> HttpResponse:
    mine = Message.objects.of(request.user)
    page = paginate(request, mine.only("pk", "kind", "title", "body", "created_at", "read_at"), per_page=25)
    return render(request, "notifications/inbox.html", {"page": page, "unread": mine.unread().count()})


@signed_in
def open_message(request: HttpRequest, pk: int) -> HttpResponse:
    """Marks the message read and goes to the page to act on."""
    message = get_object_or_404(Message.objects.of(request.user), pk=pk)
    if message.read_at is None:
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=timezone.now())
    target = local_url(message.url)
    if not target:
        flash.warning(request, "Ссылка уведомления ведёт не на страницу «Опоры» — она не открыта.")
        return redirect("notifications:inbox")
    return redirect(target)


@require_POST
@signed_in
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = Message.objects.of(request.user).unread().update(read_at=timezone.now())
    flash.success(request, f"Отмечено прочитанными: {count}." if count else "Непрочитанных уведомлений нет.")
    return redirect("notifications:inbox")


@signed_in
def preferences(request: HttpRequest) -> HttpResponse:
    chosen = dict(Preference.objects.filter(user=request.user).values_list("kind", "delivery"))
    if request.method == "POST":
        wrong = [kind for kind in Kind.values if request.POST.get(kind, "") not in Delivery.values]
        if wrong:
            flash.error(request, "Выберите для каждого вида уведомлений, когда присылать письмо. Ничего не изменено.")
        else:
            for kind in Kind.values:
                Preference.objects.update_or_create(
                    user=request.user, kind=kind, defaults={"delivery": request.POST[kind]}
                )
            flash.success(request, "Настройки уведомлений сохранены.")
            return redirect("notifications:settings")
    rows = [
        {"kind": kind, "label": label, "delivery": chosen.get(kind, default_delivery(kind))}
        for kind, label in Kind.choices
    ]
    return render(request, "notifications/settings.html", {"rows": rows, "deliveries": Delivery.choices})
