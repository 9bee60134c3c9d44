import datetime

import factory

from opora.accounts.models import Assignment, Role, User
from opora.registry.models import Campaign, Municipality, Order, Organisation, Person, Region, School


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Область {n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Район {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    municipality = factory.SubFactory(MunicipalityFactory)
    fis_oko_login = factory.Sequence(lambda n: f"sch{420000 + n:06d}")
    short_name = factory.Sequence(lambda n: f"МБОУ «СОШ № {n}»")
    full_name = factory.LazyAttribute(
        lambda o: f"Муниципальное бюджетное общеобразовательное учреждение {o.short_name}"
    )


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    region = factory.SubFactory(RegionFactory)
    kind = Organisation.Kind.MINISTRY
    name = factory.Sequence(lambda n: f"Министерство образования № {n}")


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    issuer = factory.SubFactory(OrganisationFactory)
    region = factory.SelfAttribute("issuer.region")
    number = factory.Sequence(lambda n: f"{100 + n}-р")
    date = datetime.date(2026, 1, 20)
    title = "О назначении кураторов"


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    region = factory.SubFactory(RegionFactory)
    year = 2026


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    region = factory.SubFactory(RegionFactory)
    last_name = factory.Sequence(lambda n: f"Иванова{n}")
    first_name = "Анна"
    middle_name = "Петровна"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.ru")
    person = factory.SubFactory(PersonFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def assign(user: User, role: str, *, region: Region, municipality=None, schools=(), **extra) -> Assignment:
    assignment = Assignment.objects.create(
        person=user.person,
        role=role,
        region=region,
        municipality=municipality,
        valid_from=extra.pop("valid_from", datetime.date(2020, 1, 1)),
        **extra,
    )
    if schools:
        assignment.schools.set(schools)
    return assignment


__all__ = ["Role", "assign"]
