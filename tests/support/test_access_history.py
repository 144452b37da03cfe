"""The DPO's access history says what happened in plain English, including who received the
person's data, resolved from the case's own rows: the audit detail holds ids and codes only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lantern.core.models import AuditEvent
from lantern.support import services
from lantern.support.history_text import UNKNOWN_PARTNER, HistoryLine, describe
from tests.helpers import sign_in
from tests.support import factories as f
from tests.support.conftest import World

PURPOSE = "Appointment with the immigration solicitor on Tuesday"


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _history(world: World) -> str:
    url = reverse("support:case_access_history", kwargs={"case_id": world.case.pk})
    response = _client(world.dpo).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_history_names_who_received_the_data_and_how(world: World) -> None:
    partner = f.partner(world.case, world.caseworker, name="Haven Legal (test)")
    police = f.partner(world.case, world.caseworker, name="Northshire Police (test)")
    f.consent(world.case, world.caseworker, partner)
    services.information_share_create(
        actor=world.caseworker,
        case=world.case,
        partner=partner,
        kind="referral",
        what_shared=["identity", "needs", "risks"],
        purpose=PURPOSE,
        basis="consent",
        actor_may_override=False,
    )
    with pytest.raises(services.ShareRefused):
        services.information_share_create(
            actor=world.caseworker,
            case=world.case,
            partner=police,
            kind="share",
            what_shared=["contact"],
            purpose=PURPOSE,
            basis="consent",
            actor_may_override=False,
        )
    _client(world.teammate).get(reverse("support:case_detail", kwargs={"case_id": world.case.pk}))

    page = _history(world)
    # With the share's reference, which the partner quotes back from the document it was sent.
    ref = f"{world.case.reference}-S1"
    assert f"Shared with Haven Legal (test): identity, needs, risks (referral, {ref})" in page
    assert "With the person&#x27;s consent" in page
    assert "Was refused sharing with Northshire Police (test)" in page
    assert "Refused: the person&#x27;s consent was not recorded" in page
    assert "Viewed the case" in page and "Added an entry to Partners" in page
    assert "Opened the case" in page
    # No raw codes or Python lists, and the free text stays out of the page and the log.
    for raw in ("case.viewed", "case.shared", "[&#x27;identity", "what:", PURPOSE):
        assert raw not in page
    shared = AuditEvent.objects.get(action="case.shared")
    assert shared.detail["partner"] == str(partner.pk)
    assert "Haven" not in str(shared.detail) and PURPOSE not in str(shared.detail)


def test_the_history_reads_in_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    from lantern.support import selectors

    for n in range(3):
        f.partner(world.case, world.caseworker, name=f"Partner {n} (test)")
    with django_assert_max_num_queries(4):
        events = selectors.case_access_history(world.case)
    assert all(e.line.what for e in events)


@pytest.mark.parametrize(
    ("action", "detail", "expected"),
    [
        ("case.viewed", {"what": "case"}, HistoryLine("Viewed the case")),
        ("case.viewed", {"what": "section:risks"}, HistoryLine("Viewed Risks")),
        ("case.viewed", {"what": "entry:needs"}, HistoryLine("Opened an entry in Immediate needs")),
        (
            "case.exported",
            {"what": "export:plan_pdf"},
            HistoryLine("Downloaded the person's plan (PDF)"),
        ),
        (
            "case.exported",
            {"what": "export:htcds", "share": "s1", "basis": "consent"},
            HistoryLine("Exported the HTCDS record to Haven", "With the person's consent"),
        ),
        (
            "case.shared",
            {"partner": "p", "kind": "referral", "what": ["needs"], "share": "s1"},
            HistoryLine("Shared with Haven Legal: needs (referral, SHS-2026-0001-S1)"),
        ),
        (
            "case.exported",
            {"what": "export:referral_pdf", "share": "s1", "basis": "safeguarding"},
            HistoryLine(
                "Downloaded the referral document SHS-2026-0001-S1 for Haven (PDF)",
                "Without consent: safeguarding an adult at risk",
            ),
        ),
        (
            "case.viewed",
            {"what": "referral", "share": "gone", "basis": "consent"},
            HistoryLine(
                f"Opened the referral document for {UNKNOWN_PARTNER}, to print",
                "With the person's consent",
            ),
        ),
        (
            "case.shared",
            {"partner": "gone", "kind": "share", "what": ["plan"], "basis": "child"},
            HistoryLine(
                f"Shared with {UNKNOWN_PARTNER}: plan (share)",
                "Without consent: safeguarding a child",
            ),
        ),
        (
            "case.closure_declined",
            {"requested_reason": "moved_away"},
            HistoryLine("Declined the closure", "It was asked for: person moved away"),
        ),
        (
            "case.closure_requested",
            {"reason": "other"},
            HistoryLine("Asked to close the case: other"),
        ),
        (
            "case.section_updated",
            {"section": "risks", "fields": ["status", "person_understands"]},
            HistoryLine("Changed an entry in Risks", "Changed: status, person understands"),
        ),
        (
            "case.restriction_changed",
            {"restricted": True, "named": ["u1"]},
            HistoryLine("Restricted the case to named people", "Named: Sam Supervisor"),
        ),
        ("case.something_new", {"x": 1}, HistoryLine("case.something_new")),
    ],
)
def test_each_event_in_plain_english(action: str, detail: dict[str, Any], expected: Any) -> None:
    line = describe(
        action,
        detail,
        partners={"p": "Haven Legal"},
        share_partners={"s1": "Haven"},
        people={"u1": "Sam Supervisor"},
        share_refs={"s1": "SHS-2026-0001-S1"},
    )
    assert line == expected
