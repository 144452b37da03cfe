"""GOV.UK error messages on facilitation forms: ranges named, all problems at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lantern.facilitation import services
from tests.facilitation.factories import (
    make_booking,
    make_facilitator,
    make_session,
    start_now,
)
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _errors(response: Any) -> str:
    return response.content.decode()


def test_number_fields_have_gov_uk_messages_not_django_defaults() -> None:
    facilitator = make_facilitator()
    client = _client(facilitator.user)
    page = _errors(
        client.post(
            "/facilitation/sessions/new/",
            {"facilitator": facilitator.pk, "capacity": "501", "waitlist_limit": ""},
        )
    )
    assert "Enter the number of places, from 1 to 500" in page
    assert "Enter the number of waiting list places, from 0 to 500" in page
    session = start_now(make_session(facilitator))
    page = _errors(
        client.post(f"/facilitation/sessions/{session.pk}/check-in/", {"minutes": "999"})
    )
    assert "Enter how many minutes to keep check-in open, from 5 to 240" in page
    for default in ("This field is required", "Ensure this value"):
        assert default not in page


def test_commitment_form_reports_every_problem_at_once() -> None:
    facilitator = make_facilitator()
    commitment = facilitator.commitments.get()
    client = _client(facilitator.user)
    page = _errors(
        client.post(
            f"/facilitation/commitments/{commitment.pk}/",
            {
                "starts_on": "2027-06-01",
                "ends_on": "2027-01-01",
                "sessions_min": "4",
                "sessions_max": "2",
                "staff_target": "",
            },
        )
    )
    assert "The end of the period must be after its start" in page
    assert "The fewest sessions must not be more than the most sessions" in page
    assert "Enter the number of staff to reach, from 1 to 100000" in page
    assert "This field is required" not in page
    # The service, asked directly, reports both problems at once too.
    with pytest.raises(services.FacilitationError) as caught:
        services.commitment_update(
            actor=facilitator.user,
            commitment=commitment,
            starts_on=commitment.ends_on,
            ends_on=commitment.starts_on,
            sessions_min=4,
            sessions_max=2,
            staff_target=200,
        )
    assert [field for field, _ in caught.value.problems] == ["ends_on", "sessions_min"]


def test_evaluation_errors_name_their_question() -> None:
    booking = make_booking(make_session())
    page = _errors(Client().post(f"/book/evaluate/{booking.token}/pre/", {}))
    assert "Select an answer to question 1: " in page
    assert "Select an answer to question 5: " in page
    assert "Select how confident you are that you could spot the signs of modern slavery" in page
    assert "Select an answer</a>" not in page


def test_session_form_hides_co_facilitators_when_there_is_nobody_to_choose() -> None:
    facilitator = make_facilitator()
    page = _client(facilitator.user).get("/facilitation/sessions/new/").content.decode()
    assert "Co-facilitators" not in page
    make_facilitator(facilitator.programme)  # a colleague in the same programme
    page = _client(facilitator.user).get("/facilitation/sessions/new/").content.decode()
    assert "Co-facilitators (optional)" in page
