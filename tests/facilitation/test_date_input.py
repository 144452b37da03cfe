"""Facilitation's dates are GOV.UK date inputs (day, month, year), and the session form reveals
the venue or the online link under the option chosen."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lantern.facilitation.forms import ActionForm, CohortForm, CommitmentForm, SessionForm
from lantern.facilitation.models import AwarenessSession, Cohort
from tests.facilitation.factories import make_facilitator, make_session
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _parts(name: str, when: date | None = None, **typed: str) -> dict[str, str]:
    values = {"day": "", "month": "", "year": ""}
    if when:
        values = {"day": str(when.day), "month": str(when.month), "year": str(when.year)}
    values |= typed
    return {f"{name}_{part}": value for part, value in values.items()}


def _input(html: str, name: str) -> str:
    """The first <input> with this name (or, given 'id="..."', this id)."""
    start = html.index(name if name.startswith("id=") else f'name="{name}"')
    return html[html.rindex("<input", 0, start) : html.index(">", start) + 1]


@pytest.mark.parametrize(
    ("form_class", "name", "required"),
    [
        (CohortForm, "starts_on", "Enter the date of the first session"),
        (CommitmentForm, "starts_on", "Enter the start of the period"),
        (CommitmentForm, "ends_on", "Enter the end of the period"),
        (ActionForm, "due_on", "Enter the due date"),
    ],
)
def test_each_date_field_is_a_govuk_date_input(form_class: Any, name: str, required: str) -> None:
    html = str(form_class())
    for part in ("day", "month", "year"):
        assert f'name="{name}_{part}"' in html
    assert 'type="date"' not in html
    form = form_class(data=_parts(name))
    assert form.errors[name] == [required]
    form = form_class(data=_parts(name, date(2027, 2, 1), day="29"))
    assert form.errors[name][0].endswith("must be a real date")
    form = form_class(data=_parts(name, date(2028, 2, 1), day="29"))
    assert name not in form.errors


def test_the_commitment_page_shows_its_dates_and_keeps_what_was_typed() -> None:
    facilitator = make_facilitator()
    commitment = facilitator.commitments.get()
    client = _client(facilitator.user)
    url = f"/facilitation/commitments/{commitment.pk}/"
    page = client.get(url).content.decode()
    assert f'value="{commitment.ends_on.day}"' in _input(page, "ends_on_day")
    assert f'value="{commitment.ends_on.year}"' in _input(page, "ends_on_year")
    data = {
        **_parts("starts_on", date(2027, 6, 1)),
        **_parts("ends_on", date(2028, 5, 31), month=""),
        "sessions_min": "2",
        "sessions_max": "3",
        "staff_target": "200",
    }
    page = client.post(url, data).content.decode()
    assert "The end of the period must include a month" in page
    assert '<a href="#id_ends_on_month">The end of the period must include a month</a>' in page
    assert "govuk-input--error" in _input(page, "ends_on_month")
    assert "govuk-input--error" not in _input(page, "ends_on_day")
    assert 'value="31"' in _input(page, "ends_on_day")
    data |= _parts("ends_on", date(2028, 5, 31))
    assert client.post(url, data).status_code == 302
    commitment.refresh_from_db()
    assert (commitment.starts_on, commitment.ends_on) == (date(2027, 6, 1), date(2028, 5, 31))


def test_an_action_due_date_is_saved_from_the_three_inputs() -> None:
    facilitator = make_facilitator()
    action = facilitator.commitments.get().actions.first()
    assert action is not None
    client = _client(facilitator.user)
    url = f"/facilitation/actions/{action.pk}/"
    assert f'value="{action.due_on.month}"' in _input(
        client.get(url).content.decode(), "due_on_month"
    )
    data = {"owner": "Sam Lead", "status": action.status, **_parts("due_on", date(2027, 9, 3))}
    assert client.post(url, data | {"due_on_month": "Sept"}).status_code == 302
    action.refresh_from_db()
    assert action.due_on == date(2027, 9, 3)


def test_a_cohort_is_created_with_its_first_date() -> None:
    facilitator = make_facilitator()
    lead = facilitator.programme.leads.get()
    client = _client(lead)
    url = f"/facilitation/programmes/{facilitator.programme.pk}/cohorts/new/"
    page = client.post(url, {"name": "Summer 2027", **_parts("starts_on", year="27")}).content
    assert b"The date of the first session must include a day and month" in page
    response = client.post(url, {"name": "Summer 2027", **_parts("starts_on", date(2027, 6, 3))})
    assert response.status_code == 302
    assert Cohort.objects.get(name="Summer 2027").starts_on == date(2027, 6, 3)


def _session_data(facilitator: Any, **kw: str) -> dict[str, str]:
    day = timezone.localdate() + timedelta(days=30)
    return {
        "facilitator": str(facilitator.pk),
        "title": "Awareness",
        "scope": "in_borough",
        "start_time": "09:30",
        "capacity": "20",
        "waitlist_limit": "5",
        **_parts("date", day),
        **kw,
    }


def test_the_session_form_reveals_venue_or_link_under_the_option_chosen() -> None:
    facilitator = make_facilitator()
    page = _client(facilitator.user).get("/facilitation/sessions/new/").content.decode()
    venue_radio = _input(page, "mode")
    assert 'value="venue"' in venue_radio
    assert 'data-aria-controls="conditional-id_mode_0"' in venue_radio
    block = page.index('id="conditional-id_mode_0"')
    assert page.index('id="id_mode_0"') < block < page.index('name="venue"')
    online = page.index('id="conditional-id_mode_1"')
    assert page.index('id="id_mode_1"') < online < page.index('name="online_url"')
    assert page.count('name="venue"') == 1 and page.count('name="online_url"') == 1


def test_the_field_for_the_option_not_chosen_is_ignored() -> None:
    # Without JavaScript both fields show: what is typed in the other one is not an error.
    facilitator = make_facilitator()
    client = _client(facilitator.user)
    data = _session_data(
        facilitator, mode="online", online_url="https://meet.example.test/a", venue="Town Hall"
    )
    assert client.post("/facilitation/sessions/new/", data).status_code == 302
    session = AwarenessSession.objects.get(title="Awareness")
    assert (session.venue, session.online_url) == ("", "https://meet.example.test/a")
    form = SessionForm(
        data=_session_data(facilitator, mode="venue", venue="Hall", online_url="not a link"),
        facilitators=facilitator.__class__.objects.filter(pk=facilitator.pk),
        co_facilitators=facilitator.__class__.objects.none(),
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["online_url"] == ""


def test_the_session_form_error_state_keeps_the_option_open_and_the_date_typed() -> None:
    facilitator = make_facilitator()
    client = _client(facilitator.user)
    data = _session_data(facilitator, mode="online", online_url="") | {"date_year": ""}
    page = client.post("/facilitation/sessions/new/", data).content.decode()
    assert '<a href="#id_online_url">Enter the online meeting link</a>' in page
    assert '<a href="#id_date_year">The date of the session must include a year</a>' in page
    # The chosen option's block is open (not hidden) and holds its error.
    assert '<div class="govuk-radios__conditional" id="conditional-id_mode_1">' in page
    assert (
        'class="govuk-radios__conditional govuk-radios__conditional--hidden" id="conditional-id_mode_0"'
        in page
    )
    assert " checked" in _input(page, 'id="id_mode_1"')
    assert "govuk-input--error" in _input(page, "date_year")
    assert "govuk-input--error" not in _input(page, "date_day")
    assert f'value="{data["date_day"]}"' in _input(page, "date_day")


def test_a_session_in_the_past_is_refused_for_the_whole_date() -> None:
    facilitator = make_facilitator()
    client = _client(facilitator.user)
    yesterday = timezone.localdate() - timedelta(days=1)
    data = _session_data(facilitator, mode="venue", venue="Hall") | _parts("date", yesterday)
    page = client.post("/facilitation/sessions/new/", data).content.decode()
    assert '<a href="#id_date_day">The session must be in the future</a>' in page
    for part in ("day", "month", "year"):
        assert "govuk-input--error" in _input(page, f"date_{part}")


def test_changing_a_session_shows_its_date_and_place_and_saves_new_ones() -> None:
    facilitator = make_facilitator()
    session = make_session(facilitator, venue="Town Hall, Room 1")
    client = _client(facilitator.user)
    url = f"/facilitation/sessions/{session.pk}/change/"
    page = client.get(url).content.decode()
    start = timezone.localtime(session.starts_at)
    assert f'value="{start.day}"' in _input(page, "date_day")
    assert f'value="{start.year}"' in _input(page, "date_year")
    # At a venue is chosen, so its block is open with the address in it.
    assert '<div class="govuk-radios__conditional" id="conditional-id_mode_0">' in page
    assert 'value="Town Hall, Room 1"' in _input(page, "venue")
    later = start.date() + timedelta(days=7)
    data = {
        "title": session.title,
        "mode": "online",
        "venue": "Town Hall, Room 1",
        "online_url": "https://meet.example.test/moved",
        "start_time": start.strftime("%H:%M"),
        "capacity": str(session.capacity),
        "waitlist_limit": str(session.waitlist_limit),
        **_parts("date", later),
    }
    assert client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert timezone.localtime(session.starts_at).date() == later
    assert (session.mode, session.venue) == ("online", "")
