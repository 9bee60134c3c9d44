"""The drill-down lists: the rows of a fact's queryset as table cells, by the kind of rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class Columns:
    headers: tuple[str, ...]
    order: tuple[str, ...]
    related: tuple[str, ...]
    cells: object  # row → tuple of texts
    link: object  # row → url or ""


def _school(s):
    return (s.short_name, s.municipality.name, s.fis_oko_login)


def _person(p):
    return (p.full_name, p.position, p.email)


def _item(i):
    return (str(i.roadmap.owner_name), i.number, i.action, i.end.strftime("%d.%m.%Y") if i.end else "—")


def _event(e):
    return (e.starts_on.strftime("%d.%m.%Y"), e.kind.name, e.title)


COLUMNS = {
    "school": Columns(
        ("Школа", "Муниципалитет", "Логин ФИС ОКО"),
        ("municipality__name", "short_name", "pk"),
        ("municipality",),
        _school,
        lambda s: s.get_absolute_url(),
    ),
    "municipality": Columns(("Муниципалитет",), ("name", "pk"), (), lambda m: (m.name,), lambda m: ""),
    "person": Columns(("ФИО", "Должность", "Эл. почта"), ("last_name", "first_name", "pk"), (), _person, lambda p: ""),
    "item": Columns(
        ("Дорожная карта", "№", "Мероприятие", "Срок"),
        ("roadmap_id", "position", "pk"),
        ("roadmap", "roadmap__municipality", "roadmap__school", "roadmap__campaign__region"),
        _item,
        lambda i: i.roadmap.get_absolute_url() + f"#item-{i.pk}",
    ),
    "event": Columns(
        ("Дата", "Вид", "Название"), ("-starts_on", "pk"), ("kind",), _event, lambda e: e.get_absolute_url()
    ),
}


def ordered(kind: str, qs: QuerySet) -> QuerySet:
    columns = COLUMNS[kind]
    return qs.select_related(*columns.related).order_by(*columns.order)
