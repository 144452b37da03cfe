from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lantern.core.audit import audit_checkpoint, audit_verify


class Command(BaseCommand):
    help = (
        "Verify the audit chain and print where it ends (SEQ:HASH). Keep the line somewhere "
        "the database's administrators cannot edit; audit_verify --checkpoint checks it later."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_verify()
        if not report.ok:
            raise CommandError(f"BROKEN at event #{report.broken_seq}: {report.problem}")
        self.stdout.write(str(audit_checkpoint()))
