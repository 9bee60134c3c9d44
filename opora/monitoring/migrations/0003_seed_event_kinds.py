from django.db import migrations

KINDS = (
    "вебинар",
    "селекторное совещание",
    "семинар",
    "интенсив-сессия",
    "курсы повышения квалификации",
    "стажировка",
    "конференция",
    "консультация",
)


def seed(apps, schema_editor):
    EventKind = apps.get_model("monitoring", "EventKind")
    for position, name in enumerate(KINDS, start=1):
        EventKind.objects.get_or_create(region=None, name=name, defaults={"position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_events")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
