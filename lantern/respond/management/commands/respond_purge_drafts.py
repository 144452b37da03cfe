from typing import Any

from django.core.management.base import BaseCommand

from lantern.respond.services import draft_retention, referral_drafts_purge_expired


class Command(BaseCommand):
    help = (
        "Delete referral drafts older than their retention period "
        "(RESPOND_DRAFT_RETENTION_DAYS, default 30). Run daily, e.g. from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = referral_drafts_purge_expired()
        days = draft_retention().days
        self.stdout.write(f"Deleted {count} referral draft(s) past {days} days.")
