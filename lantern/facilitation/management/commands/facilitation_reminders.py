from typing import Any

from django.core.management.base import BaseCommand

from lantern.facilitation.services import reminders_send_due


class Command(BaseCommand):
    help = "Queue reminder emails for awareness sessions starting in the next 48 hours."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Queued {reminders_send_due()} reminder(s).")
