"""`opora identify` / `manage.py identify`: the list of schools with low results from files.

The work is done by ``opora.assessment.cli`` without Django; this command only hands it the raw
arguments, so that Django's option parser (which knows nothing of --year, --threshold …) and its
system checks stay out of the way, and no database is touched.
"""

import argparse
import sys

from django.core.management.base import BaseCommand, CommandError

from opora.assessment import cli


class Command(BaseCommand):
    help = "Перечень ШНОР по файлам результатов ВПР, ОГЭ, ЕГЭ (без базы данных). Подробно: identify --help"
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def run_from_argv(self, argv: list[str]) -> None:
        sys.exit(cli.main(argv[2:]))

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("args", nargs=argparse.REMAINDER, help="аргументы opora identify")

    def handle(self, *args: str, **options: object) -> None:
        # Reached through call_command(): run the same command line, report failure Django's way.
        code = cli.main(list(args), stdout=self.stdout, stderr=self.stderr)
        if code:
            raise CommandError("не удалось составить перечень (подробности выше)", returncode=code)
