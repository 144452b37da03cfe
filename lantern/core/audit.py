"""Writing and verifying the hash-chained audit log.

``audit_record`` is the only way rows enter ``AuditEvent``. It is called inside the caller's
transaction, so an audited change and its audit row commit or roll back together.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lantern.core.models import AuditChainCheck, AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


# How the audit log page names each kind of event: "case.viewed" reads "Case record: viewed".
AREA_LABELS: dict[str, str] = {
    "account": "Account",
    "audit": "Audit log",
    "auth": "Sign-in",
    "case": "Case record",
    "crypto": "Encryption keys",
    "directory": "Directory of services",
    "facilitation": "Sessions and programmes",
    "learning": "Learning",
    "organisation": "Organisation",
    "referral_draft": "Referral draft",
    "role": "Role",
    "staff": "Staff import",
    "standards": "Standards",
    "support": "Case record retention",
    "user": "New accounts",
}


# Actions whose generic name ("Role: granted") would not say enough.
ACTION_LABELS: dict[str, str] = {
    "role.granted": "Role given",
    "role.revoked": "Role removed",
    "audit.exported": "Audit log: downloaded (CSV)",
    "auth.two_factor_verified": "Sign-in: two-factor code accepted",
    "auth.two_factor_failed": "Sign-in: two-factor code refused",
    "auth.two_factor_enrolled": "Sign-in: two-factor set up",
}


def action_area(action: str) -> str:
    return action.split(".", 1)[0]


def action_label(action: str) -> str:
    """A reader's name for an event's action code, e.g. "Sign-in: signed in"."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    area, _, what = action.partition(".")
    words = what.replace("_", " ").replace("lms", "LMS").strip() or area
    return f"{AREA_LABELS.get(area, area.replace('_', ' ').capitalize())}: {words}"


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
    key_id: str = "",
) -> bytes:
    payload: dict[str, Any] = {
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
    if key_id:  # sealed events name their key, so that the name cannot be changed either
        payload["key_id"] = key_id
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


class UnknownAuditKey(Exception):
    """An event is sealed with a key this Lantern does not hold."""


def _key_id(key: bytes) -> str:
    return hashlib.sha256(b"lantern.audit.key-id:" + key).hexdigest()[:16]


def audit_keys() -> dict[str, bytes]:
    """The audit chain keys by id, the current one first (see settings, "Audit chain key")."""
    if settings.AUDIT_CHAIN_KEY:
        raw = [settings.AUDIT_CHAIN_KEY.encode()]
    else:  # derived from SECRET_KEY, so that a deployment has a key without another secret
        raw = [
            hmac.new(secret.encode(), b"lantern.audit.chain", hashlib.sha256).digest()
            for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        ]
    raw += [k.encode() for k in settings.AUDIT_CHAIN_KEY_FALLBACKS]
    return {_key_id(k): k for k in raw}


def event_hash(event: AuditEvent, keys: dict[str, bytes] | None = None) -> str:
    """The event's seal: HMAC-SHA256 under the key it names, or plain SHA-256 for an event
    written before sealing (empty ``key_id``)."""
    canonical = _canonical(
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
        key_id=event.key_id,
    )
    if not event.key_id:
        return hashlib.sha256(canonical).hexdigest()
    key = (keys if keys is not None else audit_keys()).get(event.key_id)
    if key is None:
        raise UnknownAuditKey(event.key_id)
    return hmac.new(key, canonical, hashlib.sha256).hexdigest()


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
    key_id = next(iter(audit_keys()))
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
            key_id=key_id,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
        head.last_seq = event.seq
        head.last_hash = event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


def audit_record_for(organisation_refs: Iterable[Any], **event: Any) -> list[AuditEvent]:
    """``audit_record`` once for each organisation in ``organisation_refs`` (once with no
    organisation when there is none), in one transaction.

    For what a person does as themselves rather than in one organisation (signing in, the
    second factor, listing their cases, reading the audit log): each organisation they belong
    to gets its own event, with its id in ``organisation_ref``, which is sealed. That
    organisation's DPO sees the event for good, after the person leaves too, and no other
    organisation's DPO ever does.
    """
    refs = sorted({str(ref) for ref in organisation_refs if ref}) or [""]
    if len(refs) == 1:  # audit_record is atomic itself
        return [audit_record(organisation_ref=refs[0], **event)]
    with transaction.atomic():
        return [audit_record(organisation_ref=ref, **event) for ref in refs]


@dataclass(frozen=True)
class ChainReport:
    checked: int
    ok: bool
    broken_seq: int | None = None
    problem: str = ""
    last_hash: str = ""  # the hash of event #checked (the genesis hash when none was)


@dataclass(frozen=True)
class Checkpoint:
    """The end of the chain at one moment, written as ``<seq>:<hash>``.

    Events are sealed with a key held outside the database, so someone who can only write to
    the database cannot rewrite the chain consistently; someone who also holds the key, or who
    removes events from the end, could. Checkpoints kept outside the database (the daily
    scheduler logs one; an operator can copy one anywhere) let ``audit_verify`` prove that the
    events up to them are unchanged and still there.
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
    keys = audit_keys()
    unsealed_until = settings.AUDIT_UNSEALED_UNTIL
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_id = 0
    catch_up = 3  # rounds for events appended while the walk was going on
    while True:
        batch = list(AuditEvent.objects.filter(seq__gt=last_id).order_by("seq")[:batch_size])
        if not batch:
            # Events written since the last batch was read are on the head too: walk them
            # as well, rather than report a live chain as one that ends early.
            head = AuditChainHead.objects.filter(singleton=1).first()
            if head is not None and head.last_seq > checked and catch_up > 0:
                catch_up -= 1
                if AuditEvent.objects.filter(seq__gt=last_id).exists():
                    continue
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
            if not event.key_id and event.seq > unsealed_until:
                return ChainReport(
                    checked,
                    False,
                    event.seq,
                    f"event #{event.seq} is not sealed with the audit key: someone without the "
                    "key has rewritten the chain from here (or, for a database older than "
                    "sealing, set AUDIT_UNSEALED_UNTIL)",
                )
            try:
                sealed = event_hash(event, keys)
            except UnknownAuditKey:
                return ChainReport(
                    checked,
                    False,
                    event.seq,
                    f"event #{event.seq} is sealed with a key this Lantern does not hold "
                    f"(key id {event.key_id}); if that key was retired, add it to "
                    "AUDIT_CHAIN_KEY_FALLBACKS",
                )
            if sealed != event.hash:
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
    return ChainReport(checked, True, last_hash=prev_hash)


# The daily job should have checked the chain within this long; past it, the audit log page
# says that checks seem to have stopped.
CHECK_OVERDUE_AFTER = timedelta(hours=36)


def audit_check(*, checkpoints: Sequence[Checkpoint] = ()) -> ChainReport:
    """Verify the whole chain (``audit_verify``) and keep what was found, for the audit log
    page (``latest_chain_check``). This is the slow part: it reads and re-seals every event,
    so it runs in the daily job and the commands, never in a request."""
    report = audit_verify(checkpoints=checkpoints)
    AuditChainCheck.objects.create(
        checked_at=timezone.now(),
        ok=report.ok,
        checked=report.checked,
        checkpoint_hash=report.last_hash if report.ok else "",
        broken_seq=report.broken_seq,
        problem=report.problem,
        checkpoints_matched=len(checkpoints) if report.ok else 0,
    )
    return report


def latest_chain_check() -> AuditChainCheck | None:
    """What the last check of the chain found (None before the first)."""
    return AuditChainCheck.objects.order_by("-checked_at", "-pk").first()


def audit_checkpoint_job() -> str:
    """Daily: verify the chain, keep the result for the audit log page, and log where it ends,
    so that a copy of the checkpoint lives in the logs, outside the database."""
    report = audit_check()
    if not report.ok:
        raise RuntimeError(f"audit chain broken at #{report.broken_seq}: {report.problem}")
    return f"chain intact, checkpoint {Checkpoint(report.checked, report.last_hash)}"
