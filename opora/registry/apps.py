from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "opora.registry"
    verbose_name = "Реестр"
