"""The `opora` console script: Django's manage.py under the project's name.

`identify` and `roadmap-parse` work on files alone, so they run without loading Django: no
settings, no database, and a start-up fast enough for national-scale files."""

import os
import sys

PURE_COMMANDS = {
    "identify": "opora.assessment.cli",
    "roadmap-parse": "opora.roadmaps.cli",
    "protocols": "opora.assessment.protocols_cli",
}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in PURE_COMMANDS:
        from importlib import import_module

        cli = import_module(PURE_COMMANDS[sys.argv[1]])
        sys.exit(cli.main(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opora.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
