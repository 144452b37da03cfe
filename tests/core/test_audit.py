from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from lantern.core.audit import GENESIS_HASH, audit_record, audit_verify
from lantern.core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db


def _three_events() -> list[AuditEvent]:
    return [audit_record(action=f"test.event{i}", detail={"n": i}) for i in range(3)]


def test_each_event_links_to_the_one_before() -> None:
    first, second, third = _three_events()
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert [e.seq for e in (first, second, third)] == [1, 2, 3]
    head = AuditChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (3, third.hash)
    report = audit_verify()
    assert report.ok and report.checked == 3


def test_an_audited_change_that_rolls_back_leaves_no_event() -> None:
    audit_record(action="test.kept")
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(action="test.rolled_back")
        raise RuntimeError("the change failed")
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["test.kept"]
    assert audit_verify().ok


@contextmanager
def _append_only_off() -> Iterator[None]:
    """Switch the audit table's append-only trigger off (PostgreSQL), in a transaction, as
    someone with full database rights could."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        yield
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def _tamper(sql: str, params: list[str | int]) -> None:
    """Edit the table behind the application's back, as an attacker with database access would."""
    with _append_only_off(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_edited_event_is_reported_by_audit_verify() -> None:
    _three_events()
    _tamper(
        f"UPDATE {AuditEvent._meta.db_table} SET action = %s WHERE seq = %s", ["test.forged", 2]
    )
    report = audit_verify()
    assert not report.ok and report.broken_seq == 2
    assert "altered" in report.problem
    with pytest.raises(CommandError, match="BROKEN at event #2"):
        call_command("audit_verify")


def test_a_deleted_event_is_reported_by_audit_verify() -> None:
    _three_events()
    _tamper(f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq = %s", [2])
    report = audit_verify()
    assert not report.ok and report.broken_seq == 2
    assert "missing" in report.problem


def test_a_deleted_last_event_is_reported_by_audit_verify() -> None:
    _three_events()
    _tamper(f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq = %s", [3])
    report = audit_verify()
    assert not report.ok and "ends at #2" in report.problem


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgres_refuses_update_and_delete_of_audit_rows() -> None:
    _three_events()
    for sql in (
        f"UPDATE {AuditEvent._meta.db_table} SET action = 'x' WHERE seq = 1",
        f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq = 1",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert audit_verify().ok


def test_audit_verify_command_reports_an_intact_chain(capsys: pytest.CaptureFixture[str]) -> None:
    _three_events()
    call_command("audit_verify")
    assert "OK: 3 audit events, chain intact." in capsys.readouterr().out


def test_a_checkpoint_kept_outside_catches_a_consistent_rewrite() -> None:
    """Someone with database rights who also holds the audit key edits an event and reseals
    every event after it: the chain verifies, but not against a checkpoint taken before."""
    _three_events()
    from lantern.core.audit import Checkpoint, audit_checkpoint

    kept = audit_checkpoint()
    assert kept.seq == 3 and audit_verify(checkpoints=[kept]).ok
    assert Checkpoint.parse(str(kept)) == kept
    # A rewrite that keeps the chain consistent (database rights and the key).
    _rewrite({2: {"detail": {"n": 99}}}, _reseal)
    assert audit_verify().ok  # the chain alone cannot tell
    report = audit_verify(checkpoints=[kept])
    assert not report.ok and report.broken_seq == 3
    assert "checkpoint kept outside the database" in report.problem


def test_a_checkpoint_beyond_the_end_means_events_were_removed() -> None:
    _three_events()
    from lantern.core.audit import Checkpoint

    report = audit_verify(checkpoints=[Checkpoint(7, "a" * 64)])
    assert not report.ok and "a checkpoint names #7" in report.problem


@pytest.mark.parametrize("bad", ["", "3", "x:" + "a" * 64, "3:abc", "3:" + "g" * 64])
def test_a_malformed_checkpoint_is_refused_clearly(bad: str) -> None:
    from lantern.core.audit import Checkpoint

    with pytest.raises(ValueError, match="a checkpoint is <sequence number>:<64 hex"):
        Checkpoint.parse(bad)


def test_checkpoint_commands_and_the_daily_job(capsys: pytest.CaptureFixture[str]) -> None:
    from lantern.core.audit import audit_checkpoint_job
    from lantern.core.registry import scheduled_jobs

    _three_events()
    call_command("audit_checkpoint")
    line = capsys.readouterr().out.strip()
    assert line.startswith("3:") and len(line) == 66
    call_command("audit_verify", "--checkpoint", line)
    assert "1 checkpoint(s) matched" in capsys.readouterr().out
    with pytest.raises(CommandError, match="a checkpoint is"):
        call_command("audit_verify", "--checkpoint", "nonsense")
    assert audit_checkpoint_job() == f"chain intact, checkpoint {line}"
    assert "core: audit checkpoint" in [s.name for s in scheduled_jobs("daily")]


def _rewrite(change: dict[int, dict[str, object]], seal: object) -> None:
    """Rewrite the chain from the database side, as someone with full database rights could
    (on PostgreSQL that includes switching the append-only trigger off):
    ``change`` maps seq to new field values; ``seal(event)`` gives each event's new hash."""
    prev = GENESIS_HASH
    with _append_only_off():
        for event in AuditEvent.objects.order_by("seq"):
            for name, value in change.get(event.seq, {}).items():
                setattr(event, name, value)
            event.prev_hash = prev
            event.hash = seal(event)  # type: ignore[operator]
            AuditEvent.objects.filter(pk=event.pk).update(
                detail=event.detail, prev_hash=event.prev_hash, hash=event.hash, key_id=event.key_id
            )
            prev = event.hash
    AuditChainHead.objects.update(last_hash=prev)


def _reseal(event: AuditEvent, keys: dict[str, bytes] | None = None) -> str:
    """An unsealed event's plain SHA-256, or a sealed one's HMAC (under ``keys``, by default
    the real ones)."""
    from lantern.core.audit import event_hash

    return event_hash(event, {} if not event.key_id else keys)


def test_a_rewrite_without_the_key_is_caught_by_the_chain_alone() -> None:
    """No checkpoint needed: without the key, a consistent rewrite has to drop the seal."""
    _three_events()
    _rewrite({2: {"detail": {"n": 99}, "key_id": ""}, 3: {"key_id": ""}}, _reseal)
    report = audit_verify()
    assert not report.ok and report.broken_seq == 2
    assert "not sealed with the audit key" in report.problem


def test_a_rewrite_sealed_with_a_guessed_key_is_caught() -> None:
    from lantern.core.audit import audit_keys

    _three_events()
    guessed = {key_id: b"not-the-key" for key_id in audit_keys()}
    _rewrite({2: {"detail": {"n": 99}}}, lambda e: _reseal(e, guessed if e.seq >= 2 else None))
    report = audit_verify()
    assert not report.ok and report.broken_seq == 2 and "altered" in report.problem


def test_a_retired_key_still_verifies_from_the_fallbacks(settings) -> None:
    settings.AUDIT_CHAIN_KEY = "first-audit-key-for-tests"
    first = audit_record(action="test.before_rotation")
    settings.AUDIT_CHAIN_KEY = "second-audit-key-for-tests"
    second = audit_record(action="test.after_rotation")
    assert first.key_id != second.key_id
    settings.AUDIT_CHAIN_KEY_FALLBACKS = ["first-audit-key-for-tests"]
    assert audit_verify().ok
    settings.AUDIT_CHAIN_KEY_FALLBACKS = []
    report = audit_verify()
    assert not report.ok and report.broken_seq == 1
    assert "does not hold" in report.problem and first.key_id in report.problem


def test_events_from_before_sealing_are_accepted_only_up_to_the_setting(settings) -> None:
    _three_events()
    # a database from before sealing: events 1 and 2 unsealed, 3 sealed on top of them
    _rewrite({1: {"key_id": ""}, 2: {"key_id": ""}}, _reseal)
    report = audit_verify()
    assert not report.ok and report.broken_seq == 1
    settings.AUDIT_UNSEALED_UNTIL = 2
    assert audit_verify().ok
    settings.AUDIT_UNSEALED_UNTIL = 1
    assert audit_verify().broken_seq == 2
