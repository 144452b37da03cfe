"""Core models: the append-only, hash-chained audit log."""

from __future__ import annotations

import pgtrigger
from django.db import models


class AuditEvent(models.Model):
    """One security-relevant event. Rows are never updated or deleted.

    Each row carries an HMAC-SHA256, under the audit chain key (named by ``key_id``), of its own
    canonical content and the hash of the row before it, so any edit, deletion or insertion
    breaks the chain (``bin/lantern audit_verify``), and only a holder of the key could make a
    consistent rewrite. Rows with an empty ``key_id`` predate sealing (plain SHA-256).
    On PostgreSQL a trigger refuses UPDATE and DELETE outright.
    No personal data goes in: actors and objects are referred to by UUID.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    action = models.CharField(max_length=64, db_index=True)
    actor_ref = models.CharField(max_length=36, blank=True, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_ref = models.CharField(max_length=64, blank=True, db_index=True)
    organisation_ref = models.CharField(max_length=36, blank=True, db_index=True)
    ip_hash = models.CharField(max_length=16, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    key_id = models.CharField(max_length=16, blank=True, default="")

    class Meta:
        ordering = ["seq"]
        indexes = [
            # A DPO's log: their organisation's events, newest first, read a page at a time.
            models.Index(fields=["organisation_ref", "-seq"], name="audit_org_newest"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="audit_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditChainHead(models.Model):
    """A single row holding the chain's last sequence number and hash.

    Appends lock this row (SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions
    serialise writers), so two requests can never both extend the chain from the same link.
    """

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(singleton=1), name="audit_head_singleton")
        ]

    def __str__(self) -> str:
        return f"audit head #{self.last_seq}"


class AuditChainCheck(models.Model):
    """What one walk of the whole chain found, kept so that the audit log page can say when the
    chain was last checked, how far, and with what result, without walking it on every view.

    Written by the daily checkpoint job and by ``bin/lantern audit_checkpoint`` and
    ``audit_verify``. ``checked`` is how many events were verified, from #1; when the chain was
    intact, ``checkpoint_hash`` is the hash of event #``checked``, so ``checked:checkpoint_hash``
    is the checkpoint that run logged. A row says what a run reported, nothing more: the proof
    stays the chain itself and the checkpoints kept outside the database.
    """

    checked_at = models.DateTimeField(db_index=True)
    ok = models.BooleanField()
    checked = models.PositiveBigIntegerField()
    checkpoint_hash = models.CharField(max_length=64, blank=True)
    broken_seq = models.PositiveBigIntegerField(null=True, blank=True)
    problem = models.TextField(blank=True)
    # How many checkpoints kept outside the database the run was given, and matched.
    checkpoints_matched = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-checked_at", "-pk"]

    def __str__(self) -> str:
        return f"audit check {self.checked_at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'broken'}"
