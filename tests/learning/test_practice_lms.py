"""The demo's practice LMS (bin/lantern practice_lms): demo only, and it prints launch addresses
for Camden's registered practice LMS."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command

from lantern.accounts.demo import seed_accounts
from lantern.learning.models import LmsConnection

pytestmark = pytest.mark.django_db


def test_the_practice_lms_is_for_the_demo_only() -> None:
    with pytest.raises(CommandError, match="demo only"):
        call_command("practice_lms", port=0)


def test_the_practice_lms_registers_itself_and_prints_a_launch_address(
    settings, monkeypatch
) -> None:
    settings.LANTERN_ENV = "demo"
    seed_accounts(password="demo-password-for-tests")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no Enter: one address, then stop
    out = io.StringIO()
    call_command("practice_lms", port=0, stdout=out)
    connection = LmsConnection.objects.get(name="Practice LMS (demo)")
    assert connection.organisation.name == "Camden Council (demo)"
    address = next(line for line in out.getvalue().splitlines() if "/launch/" in line)
    parts = urlsplit(address)
    assert parts.path == f"/lms/{connection.pk}/awareness/launch/"
    query = parse_qs(parts.query)
    assert query["endpoint"] == [connection.endpoint]
    assert '"name": "practice-1"' in query["actor"][0]
    assert "Stopped." in out.getvalue()
