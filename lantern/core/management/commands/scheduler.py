from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lantern.core.scheduling import run_forever


class Command(BaseCommand):
    help = "Run hourly upkeep jobs every hour and daily ones once a day, until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=int, default=3600, help="seconds between rounds")

    def handle(self, *args: Any, **options: Any) -> None:
        run_forever(interval=options["interval"])
