"""Camden's admin keeps the LMS list tidy, on a phone: an address without https:// is refused
(not quietly given one), the same address twice is refused, a connection is renamed, then
removed after a confirmation page, and its launch address answers 404. axe on every page."""

from __future__ import annotations

from typing import Any

from e2e.conftest import Journey
from lantern.accounts.demo import seed_accounts
from lantern.learning import services
from lantern.learning.models import LmsConnection
from tests.helpers import current_code

PASSWORD = "demo-journey-password"
ENDPOINT = "https://hub.example.org/xapi/"


def test_an_admin_renames_and_removes_an_lms_on_a_phone(
    phone_journey: Journey, settings: Any
) -> None:
    from lantern.accounts.models import User

    journey = phone_journey
    page = journey.page
    seed_accounts(password=PASSWORD)
    services.course_import(folder=services.courses_dir() / "awareness")

    journey.sign_in("orgadmin@demo.lantern.test", PASSWORD)
    page.get_by_label("Security code").fill(
        current_code(User.objects.get(email="orgadmin@demo.lantern.test"))
    )
    page.get_by_role("button", name="Continue").click()
    journey.check()
    journey.visit("/lms/manage/")
    add = page.get_by_role("link", name="Add a learning management system").first
    add_url = add.get_attribute("href")
    add.click()
    journey.check()

    def add_lms(name: str, address: str) -> None:
        page.get_by_label("Name of the learning management system").fill(name)
        page.get_by_label("The LMS's xAPI address").fill(address)
        page.get_by_role("button", name="Add the LMS").click()
        journey.check()

    add_lms("Camden Hub", "hub.example.org/xapi")
    summary = page.locator(".govuk-error-summary")
    assert "starting https://" in summary.inner_text()
    assert page.get_by_label("The LMS's xAPI address").input_value() == "hub.example.org/xapi"
    page.get_by_label("The LMS's xAPI address").fill(ENDPOINT)
    page.get_by_role("button", name="Add the LMS").click()
    journey.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Camden Hub"
    connection = LmsConnection.objects.get()

    assert add_url is not None
    journey.visit(add_url)
    add_lms("Camden Hub again", "https://HUB.example.org/xapi")
    assert (
        "Camden Hub already has this xAPI address"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert LmsConnection.objects.count() == 1

    journey.visit(f"/lms/manage/connections/{connection.pk}/")
    page.get_by_role("link", name="Change the name").click()
    journey.check()
    page.get_by_label("Name of the learning management system").fill("Camden Learning Hub")
    page.get_by_role("button", name="Save the name").click()
    journey.check()
    assert "The LMS is now called Camden Learning Hub" in page.inner_text("body")

    page.get_by_role("link", name="Remove Camden Learning Hub").click()
    journey.check()
    assert "Are you sure" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("button", name="Remove Camden Learning Hub").click()
    journey.check()
    assert "Camden Learning Hub is removed" in page.inner_text("body")
    assert page.locator('[data-testid="lms-connection"]').count() == 0
    launch = page.request.get(f"{journey.base_url}/lms/{connection.pk}/awareness/launch/")
    assert launch.status == 404
