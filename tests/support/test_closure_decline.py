"""A supervisor declines a closure request: with a reason (required), audited without the
text, alerted to the caseworker who asked, and the reason shown on the case."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lantern.core.audit import audit_verify
from lantern.core.models import AuditEvent
from lantern.support import services
from lantern.support.models import AlertKind, Case, SupportAlert
from tests.helpers import sign_in
from tests.support import factories as f
from tests.support.conftest import World

REASON = "The person still needs help finding a solicitor"


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _requested(world: World) -> Case:
    return services.closure_request(
        actor=world.caseworker, case=world.case, reason="support_complete"
    )


def test_declining_sends_the_case_back_with_the_reason(world: World) -> None:
    case = _requested(world)
    declined = services.closure_decline(actor=world.supervisor, case=case, reason=f"  {REASON} ")
    assert declined.status == "active"
    assert declined.closure_reason == "" and declined.closure_requested_by is None
    assert declined.closure_declined_reason == REASON
    assert declined.closure_declined_by == world.supervisor
    assert declined.closure_declined_at is not None
    event = AuditEvent.objects.get(action="case.closure_declined", object_ref=str(case.pk))
    assert event.actor_ref == str(world.supervisor.pk)
    assert event.detail == {"requested_reason": "support_complete"}
    assert REASON not in str(event.detail)  # free text about the person stays out of the log
    alert = SupportAlert.objects.get(case=case, kind=AlertKind.CLOSURE_DECLINED)
    assert alert.recipient == world.caseworker
    assert audit_verify().ok
    # Asking again clears the last decline.
    again = services.closure_request(actor=world.caseworker, case=declined, reason="moved_away")
    assert again.status == "closure_requested" and again.closure_declined_reason == ""


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_decline_needs_a_reason(world: World, reason: str) -> None:
    case = _requested(world)
    with pytest.raises(ValidationError) as refused:
        services.closure_decline(actor=world.supervisor, case=case, reason=reason)
    assert refused.value.message_dict == {"reason": ["Enter why you are declining the closure"]}
    assert Case.objects.get(pk=case.pk).status == "closure_requested"


def test_only_a_requested_closure_can_be_declined_and_not_by_who_asked(world: World) -> None:
    with pytest.raises(ValidationError, match="Nobody has asked"):
        services.closure_decline(actor=world.supervisor, case=world.case, reason=REASON)
    case = services.closure_request(
        actor=world.supervisor, case=world.case, reason="other", other_reason="A test reason"
    )
    with pytest.raises(ValidationError, match="closure you asked for"):
        services.closure_decline(actor=world.supervisor, case=case, reason=REASON)
    assert not AuditEvent.objects.filter(action="case.closure_declined").exists()


def test_the_close_page_offers_decline_and_the_caseworker_sees_the_reason(world: World) -> None:
    case = _requested(world)
    supervisor = _client(world.supervisor)
    page = supervisor.get(reverse("support:case_close", kwargs={"case_id": case.pk}))
    html = page.content.decode()
    assert "Approve closure" in html and "Decline closure" in html
    url = reverse("support:case_close_decline", kwargs={"case_id": case.pk})
    assert f'action="{url}"' in html

    # Empty: a GOV.UK error beside the field and in the summary, nothing changes, still a view.
    before = AuditEvent.objects.filter(action="case.viewed", object_ref=str(case.pk)).count()
    empty = supervisor.post(url, {"reason": ""})
    assert empty.status_code == 200
    text = empty.content.decode()
    assert "govuk-error-summary" in text
    assert text.count("Enter why you are declining the closure") >= 2
    assert Case.objects.get(pk=case.pk).status == "closure_requested"
    after = AuditEvent.objects.filter(action="case.viewed", object_ref=str(case.pk)).count()
    assert after == before + 1

    done = supervisor.post(url, {"reason": REASON})
    assert done.status_code == 302
    assert Case.objects.get(pk=case.pk).status == "active"

    caseworker = _client(world.caseworker)
    detail = caseworker.get(reverse("support:case_detail", kwargs={"case_id": case.pk}))
    shown = detail.content.decode()
    assert "Closure declined by " + world.supervisor.full_name in shown
    assert REASON in shown
    close = caseworker.get(reverse("support:case_close", kwargs={"case_id": case.pk}))
    assert REASON in close.content.decode() and "Ask to close" in close.content.decode()


def test_a_caseworker_cannot_decline(world: World) -> None:
    case = _requested(world)
    response = _client(world.teammate).post(
        reverse("support:case_close_decline", kwargs={"case_id": case.pk}), {"reason": REASON}
    )
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).status == "closure_requested"


def _main_column(html: str) -> str:
    return html[html.index('id="main-content"') :]


def test_the_error_summary_comes_first_in_the_main_column(world: World) -> None:
    """GOV.UK: the summary is the first thing in the main column, above the caption and h1."""
    case = _requested(world)
    url = reverse("support:case_close_decline", kwargs={"case_id": case.pk})
    main = _main_column(_client(world.supervisor).post(url, {"reason": ""}).content.decode())
    summary = main.index("govuk-error-summary")
    assert summary < main.index("govuk-caption-l") < main.index("<h1")
    assert main.index('class="govuk-grid-column-two-thirds"') < summary

    # The caseworker's own request form too.
    other = f.case(world.caseworker, world.org, world.team)
    close = reverse("support:case_close", kwargs={"case_id": other.pk})
    main = _main_column(_client(world.caseworker).post(close, {"reason": ""}).content.decode())
    assert main.count("govuk-error-summary__title") == 1
    assert main.index("govuk-error-summary") < main.index("govuk-caption-l") < main.index("<h1")
