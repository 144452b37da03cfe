from typing import Any

from django.core.management.base import BaseCommand

from lantern.support.services import anonymise_expired_cases


class Command(BaseCommand):
    help = "Anonymise closed support cases past their retention date, and record the run."

    def handle(self, *args: Any, **options: Any) -> None:
        run = anonymise_expired_cases()
        self.stdout.write(
            f"Retention run {run.pk}: {run.cases_anonymised} case(s) anonymised "
            f"(retention date before {run.cutoff:%Y-%m-%d})."
        )
