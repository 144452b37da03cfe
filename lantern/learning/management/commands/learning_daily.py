"""Daily learning jobs: refresher notifications and a retry of unsent xAPI statements.

Run once a day from cron (or a scheduler): ``bin/lantern learning_daily``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lantern.learning import services


class Command(BaseCommand):
    help = "Queue refresher emails that are due and forward unsent xAPI statements."

    def handle(self, *args: Any, **options: Any) -> None:
        notified = services.refreshers_notify_due()
        forwarded = services.statements_forward()
        self.stdout.write(f"refreshers notified: {notified}; statements forwarded: {forwarded}")
