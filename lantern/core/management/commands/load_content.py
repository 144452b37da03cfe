from typing import Any

from django.core.management.base import BaseCommand

from lantern.core.registry import content_loaders


class Command(BaseCommand):
    help = "Validate and import every content set in content/ (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        loaders = content_loaders()
        for step in loaders:
            self.stdout.write(f"{step.name}: {step.run()}")
        self.stdout.write(f"Loaded {len(loaders)} content set(s).")
