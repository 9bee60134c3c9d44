from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The home page and the demo loader: the one app that may draw on all the others."""

    name = "opora.home"
    verbose_name = "Главная"
