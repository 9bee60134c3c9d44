from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "opora.registry"
    verbose_name = "Реестр"

    def ready(self) -> None:
        from opora.core.audit import audit

        from .models import Order

        audit(Order)
