"""Writing and verifying the hash-chained audit log.

``audit_record`` is the only way rows enter ``AuditEvent``. It is called inside the caller's
transaction, so an audited change and its audit row commit or roll back together.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lantern.core.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def _canonical(
    *,
    seq: int,
    occurred_at: datetime,
    action: str,
    actor_ref: str,
    object_type: str,
    object_ref: str,
    organisation_ref: str,
    ip_hash: str,
    detail: dict[str, Any],
    prev_hash: str,
) -> bytes:
    payload = {
        "seq": seq,
        "occurred_at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "action": action,
        "actor_ref": actor_ref,
        "object_type": object_type,
        "object_ref": object_ref,
        "organisation_ref": organisation_ref,
        "ip_hash": ip_hash,
        "detail": detail,
        "prev_hash": prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(
        _canonical(
            seq=event.seq,
            occurred_at=event.occurred_at,
            action=event.action,
            actor_ref=event.actor_ref,
            object_type=event.object_type,
            object_ref=event.object_ref,
            organisation_ref=event.organisation_ref,
            ip_hash=event.ip_hash,
            detail=event.detail,
            prev_hash=event.prev_hash,
        )
    ).hexdigest()


def ip_fingerprint(ip: str | None) -> str:
    """A keyed, truncated hash of an IP address: lets a DPO correlate events, not locate people."""
    if not ip:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()[:16]


def _locked_head() -> AuditChainHead:
    """Lock the chain head; locking it serialises appends.

    Migration core.0002 creates the row; a flushed database (test isolation) may lack it, so it
    is recreated race-safely: a conflicting insert is ignored and the row is then locked.
    """
    try:
        return AuditChainHead.objects.select_for_update().get(singleton=1)
    except AuditChainHead.DoesNotExist:
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(singleton=1, last_seq=0, last_hash=GENESIS_HASH)],
            ignore_conflicts=True,
        )
        return AuditChainHead.objects.select_for_update().get(singleton=1)


def audit_record(
    *,
    action: str,
    actor: Any = None,
    obj: Any = None,
    object_type: str = "",
    object_ref: str = "",
    organisation_ref: str = "",
    ip: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. ``detail`` must hold no personal data."""
    actor_ref = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_ref = str(actor.pk)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_ref = object_ref or str(obj.pk)
    clean_detail = json.loads(json.dumps(detail or {}, sort_keys=True, default=str))
    with transaction.atomic():
        head = _locked_head()
        event = AuditEvent(
            seq=head.last_seq + 1,
            occurred_at=timezone.now(),
            action=action,
            actor_ref=actor_ref,
            object_type=object_type,
            object_ref=object_ref,
            organisation_ref=organisation_ref,
            ip_hash=ip_fingerprint(ip),
            detail=clean_detail,
            prev_hash=head.last_hash,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
        head.last_seq = event.seq
        head.last_hash = event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    ok: bool
    broken_seq: int | None = None
    problem: str = ""


@dataclass(frozen=True)
class Checkpoint:
    """The end of the chain at one moment, written as ``<seq>:<hash>``.

    Someone with full database rights could rewrite the whole chain consistently (the hash has
    no secret). Checkpoints kept outside the database (the daily scheduler logs one; an operator
    can copy one anywhere) let ``audit_verify`` prove that the events up to them are unchanged.
    """

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        seq, sep, digest = text.strip().partition(":")
        if not sep or not seq.isdigit() or len(digest) != 64:
            raise ValueError(f"a checkpoint is <sequence number>:<64 hex characters>, not {text!r}")
        try:
            int(digest, 16)
        except ValueError:
            raise ValueError(
                f"a checkpoint is <sequence number>:<64 hex characters>, not {text!r}"
            ) from None
        return cls(int(seq), digest.lower())


def audit_checkpoint() -> Checkpoint:
    """Where the chain ends now (0 and the genesis hash for an empty log)."""
    head = AuditChainHead.objects.filter(singleton=1).first()
    if head is None:
        return Checkpoint(0, GENESIS_HASH)
    return Checkpoint(head.last_seq, head.last_hash)


def audit_verify(*, batch_size: int = 2000, checkpoints: Sequence[Checkpoint] = ()) -> ChainReport:
    """Walk the chain in order and report the first broken link, or the first checkpoint kept
    outside the database that the chain no longer matches."""
    wanted = {c.seq: c.hash for c in checkpoints if c.seq > 0}
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(seq__gt=last_id).order_by("seq")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.seq != expected_seq:
                return ChainReport(
                    checked,
                    False,
                    expected_seq,
                    f"event #{expected_seq} is missing (next present is #{event.seq})",
                )
            if event.prev_hash != prev_hash:
                return ChainReport(
                    checked,
                    False,
                    event.seq,
                    f"event #{event.seq} does not link to the event before it",
                )
            if event_hash(event) != event.hash:
                return ChainReport(
                    checked,
                    False,
                    event.seq,
                    f"event #{event.seq} has been altered (its content no longer matches its hash)",
                )
            if event.seq in wanted and wanted[event.seq] != event.hash:
                return ChainReport(
                    checked,
                    False,
                    event.seq,
                    f"event #{event.seq} does not match the checkpoint kept outside the "
                    "database: the chain has been rewritten at or before this event",
                )
            prev_hash = event.hash
            expected_seq += 1
            checked += 1
            last_id = event.seq
    beyond = sorted(seq for seq in wanted if seq > checked)
    if beyond:
        return ChainReport(
            checked,
            False,
            checked + 1,
            f"the chain ends at #{checked} but a checkpoint names #{beyond[0]}: events have "
            "been removed",
        )
    head = AuditChainHead.objects.filter(singleton=1).first()
    if head is not None and (head.last_seq != checked or head.last_hash != prev_hash):
        return ChainReport(
            checked,
            False,
            checked + 1,
            f"the chain ends at #{checked} but {head.last_seq} events were written",
        )
    return ChainReport(checked, True)


def audit_checkpoint_job() -> str:
    """Daily: verify the chain and log where it ends, so that a copy of the checkpoint lives in
    the logs, outside the database."""
    report = audit_verify()
    if not report.ok:
        raise RuntimeError(f"audit chain broken at #{report.broken_seq}: {report.problem}")
    return f"chain intact, checkpoint {audit_checkpoint()}"
