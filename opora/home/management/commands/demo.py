import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction


class Command(BaseCommand):
    help = (
        "Загружает (повторно — без дублей) демонстрационный регион «Демо-область» в кампании текущего года "
        "и печатает демо-входы."
    )

    def handle(self, *args, **options):
        # Each app may add its own demo data in `<app>/demo.py: load(region, out)`; the registry's
        # goes first because everything else stands on it, then the apps in INSTALLED_APPS order.
        from opora.accounts import demo as accounts_demo
        from opora.registry import demo as registry_demo

        with transaction.atomic():
            region = registry_demo.load(self.stdout)
            for config in apps.get_app_configs():
                if not config.name.startswith("opora.") or config.name == "opora.registry":
                    continue
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.load(region, self.stdout)
            if connection.vendor == "postgresql":
                # Fresh tables' statistics say «nearly empty»; the first pages would be planned for that.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Демо-область готова. Входы (пароль у всех: {accounts_demo.PASSWORD}):"))
        for email, label in accounts_demo.LOGINS:
            self.stdout.write(f"  {email:<34} {label}")
