from typing import Any

from django.core.management.base import BaseCommand

from lantern.core.audit import audit_record
from lantern.core.crypto import rotate_all


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field with the first key in FIELD_ENCRYPTION_KEYS. "
        "Run after putting a new key first; then the old key can be removed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = rotate_all()
        audit_record(action="crypto.keys_rotated", detail=counts)
        for label, n in counts.items():
            self.stdout.write(f"{label}: {n} rows re-encrypted")
        self.stdout.write(f"Done: {sum(counts.values())} rows in {len(counts)} model(s).")
