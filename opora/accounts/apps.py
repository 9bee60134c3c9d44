from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "opora.accounts"
    verbose_name = "Пользователи и роли"

    def ready(self) -> None:
        from opora.core.audit import audit

        from .models import Assignment

        audit(Assignment, m2m=("schools",))
