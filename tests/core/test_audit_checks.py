"""The stored result of checking the chain (what the audit log page shows), the daily job
that writes it, and events recorded once for each organisation."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command

from lantern.core import audit as core_audit
from lantern.core.audit import (
    Checkpoint,
    audit_check,
    audit_checkpoint,
    audit_checkpoint_job,
    audit_record,
    audit_record_for,
    audit_verify,
    latest_chain_check,
)
from lantern.core.models import AuditChainCheck, AuditEvent
from tests.core.test_audit import _tamper

pytestmark = pytest.mark.django_db


def _events(n: int) -> None:
    for i in range(n):
        audit_record(action="test.event", detail={"i": i})


def test_the_daily_job_keeps_what_it_found() -> None:
    _events(3)
    assert latest_chain_check() is None
    line = audit_checkpoint_job()
    check = latest_chain_check()
    assert check is not None and check.ok and check.checked == 3
    assert line == f"chain intact, checkpoint {check.checked}:{check.checkpoint_hash}"
    assert Checkpoint(check.checked, check.checkpoint_hash) == audit_checkpoint()


def test_a_broken_chain_is_kept_and_the_job_fails() -> None:
    _events(3)
    _tamper(f"UPDATE {AuditEvent._meta.db_table} SET action = %s WHERE seq = %s", ["x", 2])
    with pytest.raises(RuntimeError, match="broken at #2"):
        audit_checkpoint_job()
    check = latest_chain_check()
    assert check is not None and not check.ok
    assert check.broken_seq == 2 and check.checked == 1 and "altered" in check.problem
    assert check.checkpoint_hash == ""


def test_the_commands_keep_their_result_too(capsys: pytest.CaptureFixture[str]) -> None:
    _events(2)
    call_command("audit_checkpoint")
    line = capsys.readouterr().out.strip()
    call_command("audit_verify", "--checkpoint", line)
    checks = list(AuditChainCheck.objects.order_by("pk"))
    assert [c.checked for c in checks] == [2, 2]
    assert checks[-1].checkpoints_matched == 1
    assert latest_chain_check() == checks[-1]


def test_an_event_written_during_the_walk_is_not_a_break() -> None:
    """The daily check runs while people use Lantern: an event appended after the walk read
    the last batch is walked too, not reported as a chain longer than its events."""
    _events(4)
    manager = AuditEvent.objects
    real_filter = manager.filter
    appended: list[int] = []

    def filter_then_append(*args: Any, **kwargs: Any) -> Any:
        result = real_filter(*args, **kwargs)
        if kwargs.get("seq__gt") == 4 and not appended:
            appended.append(audit_record(action="test.meanwhile").seq)
            return real_filter(pk__in=[])  # the walk read its last batch before the append
        return result

    with mock.patch.object(manager, "filter", side_effect=filter_then_append):
        report = audit_verify(batch_size=2)
    assert appended == [5]
    assert report.ok and report.checked == 5


def test_a_truncated_chain_is_still_reported() -> None:
    _events(3)
    _tamper(f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq = %s", [3])
    report = audit_verify()
    assert not report.ok and "3 events were written" in report.problem


def test_an_event_is_recorded_once_for_each_organisation() -> None:
    events = audit_record_for(["b", "a", "b", ""], action="test.person")
    assert [e.organisation_ref for e in events] == ["a", "b"]
    (alone,) = audit_record_for([], action="test.nobody")
    assert alone.organisation_ref == ""
    assert audit_verify().ok


def test_check_reads_every_event_but_only_once() -> None:
    _events(5)
    with mock.patch.object(core_audit, "event_hash", wraps=core_audit.event_hash) as sealed:
        report = audit_check()
    assert report.ok and sealed.call_count == 5
