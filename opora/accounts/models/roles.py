from django.db import models


class Role(models.TextChoices):
    REGIONAL_OPERATOR = "regional_operator", "Региональный оператор"
    REGIONAL_COORDINATOR = "regional_coordinator", "Региональный координатор"
    MUNICIPAL_COORDINATOR = "municipal_coordinator", "Муниципальный координатор"
    CURATOR = "curator", "Куратор"
    SCHOOL_TEAM = "school_team", "Управленческая команда школы"
    EXPERT = "expert", "Эксперт"
    OBSERVER = "observer", "Наблюдатель"


# The level each role's scope is at. An observer watches a region or one municipality.
REGION_ROLES = frozenset({Role.REGIONAL_OPERATOR, Role.REGIONAL_COORDINATOR, Role.EXPERT})
MUNICIPALITY_ROLES = frozenset({Role.MUNICIPAL_COORDINATOR})
SCHOOL_ROLES = frozenset({Role.CURATOR, Role.SCHOOL_TEAM})
