"""The ``sendsight`` console command: Django management commands with SENDsight's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendsight.settings")
    from django.core.management import execute_from_command_line

    argv = sys.argv[:]
    argv[0] = "sendsight"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
