"""The data protection officer's audit log, on a phone and a desktop: the chain's state from
the daily check, finding one person's and one case's events and a date range (with the GOV.UK
date input's error), paging that keeps the filters, the CSV download, and nothing of another
organisation's. axe-clean and no sideways scrolling on every page (Journey.check)."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

from e2e.conftest import Journey
from e2e.test_support_journey import _sign_in
from lantern.accounts import services as accounts
from lantern.accounts.models import User
from lantern.core.audit import audit_check, audit_record
from lantern.core.roles import Role
from tests.helpers import make_org
from tests.support import factories as f


def _world() -> tuple[User, str, str]:
    """Camden with a DPO, a caseworker's case and a role given to Priya Shah; Safe Harbour
    with a case of its own. Returns the DPO and the two case references."""
    camden = make_org("Camden Council (audit journey)")
    harbour = make_org("Safe Harbour Support (audit journey)")
    team = f.team(camden)
    dpo = f.person(Role.DPO, camden)
    admin = f.person(Role.ORG_ADMIN, camden)
    caseworker = f.person(Role.CASEWORKER, camden, team)
    priya = f.person(Role.LEARNER, camden, email="priya.shah@example.test")
    User.objects.filter(pk=priya.pk).update(full_name="Priya Shah")
    accounts.membership_grant(actor=admin, user=priya, organisation=camden, role=Role.CASEWORKER)
    case = f.case(caseworker, camden, team)
    for _ in range(60):  # more than a page of views of the case
        audit_record(action="case.viewed", actor=caseworker, obj=case, detail={"what": "case"})
    harbour_team = f.team(harbour)
    theirs = f.case(f.person(Role.CASEWORKER, harbour, harbour_team), harbour, harbour_team)
    audit_check()  # the daily check
    return dpo, case.reference, theirs.reference


def _fill_date(journey: Journey, group: str, day: int, month: int, year: int) -> None:
    form = journey.page.get_by_test_id("audit-filter")
    fields = form.get_by_role("group", name=group)
    fields.get_by_label("Day").fill(str(day))
    fields.get_by_label("Month").fill(str(month))
    fields.get_by_label("Year").fill(str(year))


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_dpo_finds_events_in_the_audit_log(
    request: pytest.FixtureRequest, transactional_db: None, size: str
) -> None:
    journey: Journey = request.getfixturevalue("phone_journey" if size == "phone" else "journey")
    dpo, reference, theirs = _world()
    _sign_in(journey, dpo)
    page = journey.visit("/audit/")
    status = page.get_by_test_id("chain-status").inner_text()
    assert "Checked up to event" in status and ": intact" in status
    table = page.get_by_test_id("audit-events")
    assert "auth.signed_in" not in table.inner_text()  # words, not codes
    assert theirs not in page.locator("main").inner_text()

    # One person, by name.
    form = page.get_by_test_id("audit-filter")
    form.get_by_label("Person").fill("Priya Shah")
    page.get_by_role("button", name="Show events").click()
    journey.check()
    text = page.get_by_test_id("audit-events").inner_text()
    assert "Role given" in text and "Caseworker to Priya Shah" in text

    # One case, by its reference: more than a page, and the next page keeps the filter.
    form = page.get_by_test_id("audit-filter")
    form.get_by_label("Person").fill("")
    form.get_by_label("Case reference").fill(reference.lower())
    page.get_by_role("button", name="Show events").click()
    journey.check()
    rows = page.get_by_test_id("audit-events").locator("tbody tr")
    assert rows.count() == 50
    assert f"Case {reference}" in rows.first.inner_text()
    page.get_by_role("link", name="Older events").click()
    journey.check()
    assert page.get_by_label("Case reference").input_value().upper() == reference
    older = page.get_by_test_id("audit-events").locator("tbody tr")
    assert 0 < older.count() < 50
    assert page.get_by_role("link", name="Older events").count() == 0

    # The download is the filtered events.
    with page.expect_download() as download:
        page.get_by_test_id("audit-download").click()
    body = open(download.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    lines = list(csv.reader(io.StringIO(body)))
    assert lines[0][:3] == ["Event number", "Date and time", "Event"]
    assert len(lines) > 51 and all(line[4] == f"Case {reference}" for line in lines[1:])

    # A date range that ends before it starts: the GOV.UK error summary.
    page = journey.visit("/audit/")
    today = timezone.localdate()
    _fill_date(journey, "From", today.day, today.month, today.year)
    _fill_date(journey, "To", 1, 1, 2020)
    page.get_by_role("button", name="Show events").click()
    journey.check()
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error: ")

    # Today only.
    _fill_date(journey, "To", today.day, today.month, today.year)
    page.get_by_role("button", name="Show events").click()
    journey.check()
    assert page.get_by_test_id("audit-events").locator("tbody tr").count() == 50

    # Another organisation's case is not there to be found.
    page.get_by_role("button", name="Clear the filters").click()
    journey.check()
    page.get_by_test_id("audit-filter").get_by_label("Case reference").fill(theirs)
    page.get_by_role("button", name="Show events").click()
    journey.check()
    not_found = page.get_by_test_id("case-not-found").inner_text()
    assert f"There is no case with the reference {theirs} in your organisation" in not_found
    # Nothing typed into the filters went into an address.
    assert "?" not in page.url and "Priya" not in page.url
