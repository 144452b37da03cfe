from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lantern.core.audit import audit_verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain and report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_verify()
        if report.ok:
            self.stdout.write(f"OK: {report.checked} audit events, chain intact.")
            return
        raise CommandError(
            f"BROKEN at event #{report.broken_seq}: {report.problem} "
            f"({report.checked} events verified before it)."
        )
