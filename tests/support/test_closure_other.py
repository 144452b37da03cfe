"""Closure for the reason "Other" needs the caseworker's words, kept encrypted on the case and
out of the audit log; the supervisor's close page shows who asked, when, and why."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from lantern.core.models import AuditEvent
from lantern.support import services
from lantern.support.models import Case
from tests.helpers import sign_in
from tests.support.conftest import World

WHY = "The person has asked for their support to end while they visit family abroad"


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


@pytest.mark.parametrize("other_reason", ["", "   "])
def test_other_needs_the_caseworkers_words(world: World, other_reason: str) -> None:
    with pytest.raises(ValidationError) as refused:
        services.closure_request(
            actor=world.caseworker, case=world.case, reason="other", other_reason=other_reason
        )
    assert refused.value.message_dict == {
        "other_reason": ["Tell your supervisor why the case is closing"]
    }
    assert Case.objects.get(pk=world.case.pk).status == "active"


def test_the_words_are_kept_encrypted_and_out_of_the_audit_log(world: World) -> None:
    case = services.closure_request(
        actor=world.caseworker, case=world.case, reason="other", other_reason=f" {WHY} "
    )
    assert case.closure_other_reason == WHY and case.closure_requested_at is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT closure_other_reason FROM support_case WHERE id = %s",
            [case.pk.hex] if connection.vendor == "sqlite" else [case.pk],
        )
        stored = cursor.fetchone()[0]
    assert stored and WHY not in stored
    event = AuditEvent.objects.get(action="case.closure_requested", object_ref=str(case.pk))
    assert event.detail == {"reason": "other"}
    # Another reason keeps no words; a decline clears the request, words and all.
    declined = services.closure_decline(actor=world.supervisor, case=case, reason="Not yet")
    assert declined.closure_other_reason == "" and declined.closure_requested_at is None
    again = services.closure_request(
        actor=world.caseworker, case=declined, reason="moved_away", other_reason=WHY
    )
    assert again.closure_other_reason == ""


def test_the_form_asks_for_the_words_and_the_supervisor_reads_them(world: World) -> None:
    caseworker = _client(world.caseworker)
    url = reverse("support:case_close", kwargs={"case_id": world.case.pk})
    page = caseworker.get(url).content.decode()
    assert "Tell your supervisor why" in page
    missing = caseworker.post(url, {"reason": "other", "other_reason": ""})
    assert missing.status_code == 200
    assert missing.content.decode().count("Tell your supervisor why the case is closing") >= 2
    assert Case.objects.get(pk=world.case.pk).status == "active"

    assert caseworker.post(url, {"reason": "other", "other_reason": WHY}).status_code == 302
    close = _client(world.supervisor).get(url).content.decode()
    assert f"{world.caseworker.full_name} on " in close
    assert "Other" in close and WHY in close
    assert "Closure has been requested: other." not in close
