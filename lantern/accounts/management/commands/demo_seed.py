import secrets
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.core.registry import demo_seeders


class Command(BaseCommand):
    help = "Create synthetic demo data (demo and test environments only; idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password", help="Password for every demo account (default: new random one)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.LANTERN_ENV not in {"demo", "test"}:
            raise CommandError("demo_seed runs only with LANTERN_ENV=demo or test.")
        password = options.get("password") or "demo-" + secrets.token_urlsafe(9)
        for step in demo_seeders():
            for line in step.run(password=password):
                self.stdout.write(line)
