"""``opora roadmap-parse FILE [--year N] [--format json|table]``: the roadmap of a file, printed.

The command name has a hyphen, so the module does too: Django finds commands by file name and
imports them with `importlib.import_module`, which takes the hyphen. The work is done by the
pure `opora.roadmaps.cli`; this wrapper needs no database and runs no system checks.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from opora.roadmaps import cli


class Command(BaseCommand):
    help = "Читает дорожную карту из файла (.docx, .xlsx, .csv, .txt, .md) и печатает её пункты со сроками."
    requires_system_checks = []

    def run_from_argv(self, argv):
        # argv is [program, "roadmap-parse", ...]: the CLI parses the rest itself.
        sys.exit(cli.main(argv[2:]))

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int)
        parser.add_argument("--format", choices=["json", "table"], default="json")

    def handle(self, *args, **options):
        # Reached through call_command(); the shell goes through run_from_argv above.
        argv = [options["file"], "--format", options["format"]]
        if options.get("year"):
            argv += ["--year", str(options["year"])]
        if cli.main(argv, self.stdout, self.stderr) != 0:
            raise CommandError("Дорожную карту прочитать не удалось.", returncode=2)
