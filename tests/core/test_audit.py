from __future__ import annotations

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


def _tamper(sql: str, params: list[str | int]) -> None:
    """Edit the table behind the application's back, as an attacker with database access would."""
    if connection.vendor == "postgresql":
        import pgtrigger

        with pgtrigger.ignore("core.AuditEvent:audit_append_only"), connection.cursor() as cursor:
            cursor.execute(sql, params)
    else:
        with connection.cursor() as cursor:
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
