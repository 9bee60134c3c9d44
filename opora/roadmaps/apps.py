from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    name = "opora.roadmaps"
    verbose_name = "Дорожные карты"
    default_auto_field = "django.db.models.BigAutoField"
