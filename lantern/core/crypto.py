"""Field encryption at rest with Fernet (AES-128-CBC + HMAC-SHA256) from ``cryptography``.

Keys come from FIELD_ENCRYPTION_KEYS (comma-separated, newest first). MultiFernet encrypts with
the first key and decrypts with any, so rotation is: put a new key first, deploy, run
``bin/lantern rotate_keys`` (re-encrypts every encrypted field with the new key), then drop
the old key. See docs/adr/0005-field-encryption.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.db import models, transaction

PREFIX = "fernet:"


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("value is not an encrypted Lantern field")
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ValueError(
            "cannot decrypt: no configured key matches (FIELD_ENCRYPTION_KEYS)"
        ) from exc


def rotate(stored: str) -> str:
    return PREFIX + fernet().rotate(stored[len(PREFIX) :].encode()).decode()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text field stored encrypted. It cannot be filtered or ordered on: by design."""

    description = "Text encrypted at rest"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value  # type: ignore[no-any-return]
        return decrypt(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(PREFIX):
            return decrypt(value)
        return value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))


def encrypted_fields() -> Iterable[tuple[type[models.Model], list[str]]]:
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            yield model, names


def rotate_all(*, batch_size: int = 500) -> dict[str, int]:
    """Re-encrypt every encrypted field with the newest key. Returns rows rewritten per model."""
    counts: dict[str, int] = {}
    for model, _names in encrypted_fields():
        columns = [
            str(f.column) for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
        ]
        table = model._meta.db_table
        pk = model._meta.pk
        assert pk is not None
        done = 0
        # Raw values: the ORM would decrypt on read; rotation works on the stored tokens.
        rows = list(model._default_manager.values_list(pk.attname, flat=True))
        for start in range(0, len(rows), batch_size):
            ids = rows[start : start + batch_size]
            with transaction.atomic():
                from django.db import connection

                with connection.cursor() as cursor:
                    placeholders = ",".join(["%s"] * len(ids))
                    cursor.execute(
                        f"SELECT {pk.column}, {', '.join(columns)} FROM {table} "  # noqa: S608
                        f"WHERE {pk.column} IN ({placeholders})",
                        [pk.get_db_prep_value(i, connection) for i in ids],
                    )
                    for row in cursor.fetchall():
                        updates = [rotate(v) if v else v for v in row[1:]]
                        sets = ", ".join(f"{c} = %s" for c in columns)
                        cursor.execute(
                            f"UPDATE {table} SET {sets} WHERE {pk.column} = %s",  # noqa: S608
                            [*updates, row[0]],
                        )
                        done += 1
        counts[model._meta.label] = done
    return counts
