"""GOV.UK patterns on a 375 px phone: the date input (day, month and year) and radios that
reveal a follow-up field, with the error state, on the form that schedules a session.

GOV.UK Frontend's script starts under the Content Security Policy (Journey fails on any CSP
violation or script error); without JavaScript every field shows and the server still checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize, expect

from e2e.conftest import PHONE, Journey
from tests.facilitation.factories import make_facilitator
from tests.helpers import PASSWORD


def test_schedule_a_session_with_a_date_input_and_a_reveal(phone_journey: Journey) -> None:
    facilitator = make_facilitator()
    day = timezone.localdate() + timedelta(days=40)
    page = phone_journey.page
    phone_journey.sign_in(facilitator.user.email, PASSWORD)
    phone_journey.visit("/facilitation/sessions/new/")
    expect(page.locator("body")).to_have_class(
        "govuk-template__body js-enabled govuk-frontend-supported"
    )

    # The venue and the link are hidden until their option is chosen.
    venue, link = page.get_by_label("Venue address"), page.get_by_label("Online meeting link")
    expect(venue).to_be_hidden()
    expect(link).to_be_hidden()
    online = page.get_by_label("Online", exact=True)
    expect(online).to_have_attribute("aria-expanded", "false")
    page.get_by_label("In-borough").check()
    online.check()
    expect(link).to_be_visible()
    expect(online).to_have_attribute("aria-expanded", "true")
    expect(venue).to_be_hidden()
    phone_journey.check()  # axe, with the reveal open

    # A date without its month, and no link: the error state.
    date = page.get_by_role("group", name="Date", exact=True)
    expect(date).to_contain_text("For example, 27 ")
    date.get_by_label("Day").fill(str(day.day))
    date.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Start time").fill("09:30")
    page.get_by_role("button", name="Schedule session").click()
    phone_journey.check()
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend's error summary, started by lantern.js
    expect(summary).to_contain_text("Enter the online meeting link")
    # What was typed is kept; only the month is marked.
    date = page.get_by_role("group", name="Date", exact=True)
    expect(date.get_by_label("Day")).to_have_value(str(day.day))
    expect(date.get_by_label("Year")).to_have_value(str(day.year))
    expect(date.get_by_label("Month")).to_have_class(
        "govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error"
    )
    expect(date.get_by_label("Day")).not_to_have_class("govuk-input--error")
    # The chosen option stays open with its problem; the other stays hidden.
    expect(page.get_by_label("Online meeting link")).to_be_visible()
    expect(page.get_by_label("Venue address")).to_be_hidden()
    summary.get_by_role("link", name="The date of the session must include a month").click()
    expect(date.get_by_label("Month")).to_be_focused()

    date.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Online meeting link").fill("https://meet.example.test/awareness")
    page.get_by_role("button", name="Schedule session").click()
    phone_journey.check()
    expect(page.get_by_role("alert")).to_contain_text("The session is scheduled")
    assert day.strftime("%B") in page.inner_text("main")


@pytest.fixture
def no_script_page(browser: Browser, live_server: Any, transactional_db: None) -> Iterator[Page]:
    phone = ViewportSize(width=PHONE["width"], height=PHONE["height"])
    context = browser.new_context(viewport=phone, locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_without_javascript_every_field_shows_and_the_server_still_checks(
    no_script_page: Page, live_server: Any
) -> None:
    facilitator = make_facilitator()
    page = no_script_page
    page.goto(live_server.url + "/sign-in/")
    page.get_by_label("Email address").fill(facilitator.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server.url + "/facilitation/sessions/new/")
    expect(page.get_by_label("Venue address")).to_be_visible()
    expect(page.get_by_label("Online meeting link")).to_be_visible()
    page.get_by_label("At a venue").check()
    page.get_by_label("Venue address").fill("")
    # Something in the link box, for the option not chosen, is not a problem.
    page.get_by_label("Online meeting link").fill("not a link")
    page.get_by_role("button", name="Schedule session").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the venue address")
    expect(summary).to_contain_text("Enter the date of the session")
    expect(summary).not_to_contain_text("web address")
