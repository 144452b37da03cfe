from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lantern.core.audit import Checkpoint, audit_check


class Command(BaseCommand):
    help = (
        "Verify the audit chain and print where it ends (SEQ:HASH). Keep the line somewhere "
        "the database's administrators cannot edit; audit_verify --checkpoint checks it later. "
        "The result is also shown on the audit log page."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_check()
        if not report.ok:
            raise CommandError(f"BROKEN at event #{report.broken_seq}: {report.problem}")
        self.stdout.write(str(Checkpoint(report.checked, report.last_hash)))
