from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lantern.core.registry import CADENCES
from lantern.core.scheduling import run_round


class Command(BaseCommand):
    help = "Run one round of the registered upkeep jobs (for cron: hourly and daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", choices=[*CADENCES, "all"], default="all")

    def handle(self, *args: Any, **options: Any) -> None:
        every = None if options["every"] == "all" else options["every"]
        for line in run_round(every):
            self.stdout.write(line)
