from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.core.audit import Checkpoint, audit_check


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain and report the first broken link. With --checkpoint "
        "(repeatable), also check that the chain still matches checkpoints kept elsewhere. "
        "The result is also shown on the audit log page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="a checkpoint printed by audit_checkpoint or logged by the daily scheduler",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checkpoints = [Checkpoint.parse(text) for text in options["checkpoint"]]
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        report = audit_check(checkpoints=checkpoints)
        if report.ok:
            matched = f", {len(checkpoints)} checkpoint(s) matched" if checkpoints else ""
            self.stdout.write(f"OK: {report.checked} audit events, chain intact{matched}.")
            return
        raise CommandError(
            f"BROKEN at event #{report.broken_seq}: {report.problem} "
            f"({report.checked} events verified before it)."
        )
