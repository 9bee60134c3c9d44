from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "opora.public"
    verbose_name = "Публичные страницы «500+»"
    default_auto_field = "django.db.models.BigAutoField"
