#!/usr/bin/env python
"""Django's command-line utility; bin/lantern passes unknown verbs through to it."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantern.config.settings")
    # A checkout with no DATABASE_URL runs against the embedded demo SQLite database, with the
    # localhost-only demo defaults. Anywhere with a real database stays strict (production)
    # unless LANTERN_ENV says otherwise.
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("LANTERN_ENV", "demo")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
