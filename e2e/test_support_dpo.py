"""The data protection officer's journey on a phone: a case's access history a page at a
time, narrowed to a date range with the GOV.UK date input (and its error); the retention page
and a hold placed and lifted; a subject access document reviewed, a passage left out, and
released. axe-clean and no sideways scrolling on every page."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from e2e.conftest import Journey
from e2e.test_support_journey import _sign_in
from lantern.core.audit import audit_record
from lantern.core.roles import Role
from lantern.support import services
from lantern.support.models import Case, Risk
from tests.helpers import make_org
from tests.support import factories as f

THIRD_PARTY = "The people who controlled them know their phone number"


def test_the_dpo_pages_a_long_access_history_on_a_phone(phone_journey: Journey) -> None:
    journey = phone_journey
    org = make_org("Safe Harbour Support (DPO phone)")
    team = f.team(org, "Casework")
    caseworker = f.person(Role.CASEWORKER, org, team)
    dpo = f.person(Role.DPO, org)
    case = f.case(caseworker, org, team)
    for _ in range(150):
        audit_record(action="case.viewed", actor=caseworker, obj=case, detail={"what": "case"})

    _sign_in(journey, dpo)
    page = journey.visit(f"/cases/dpo/{case.pk}/history/")
    assert page.get_by_test_id("history").locator("tbody tr").count() == 100
    assert "Showing events 1 to 100 of" in page.get_by_test_id("history-count").inner_text()
    page.get_by_role("link", name="Older events").click()
    journey.check()
    assert "Page 2 of 2" in page.locator(".govuk-pagination").inner_text()

    # A range that ends before it starts: the GOV.UK error summary, and no events.
    today = timezone.localdate()
    form = page.get_by_test_id("history-filter")
    form.get_by_role("group", name="From").get_by_label("Day").fill(str(today.day))
    form.get_by_role("group", name="From").get_by_label("Month").fill(str(today.month))
    form.get_by_role("group", name="From").get_by_label("Year").fill(str(today.year))
    form.get_by_role("group", name="To").get_by_label("Day").fill("1")
    form.get_by_role("group", name="To").get_by_label("Month").fill("1")
    form.get_by_role("group", name="To").get_by_label("Year").fill("2020")
    page.get_by_role("button", name="Show events").click()
    journey.check()
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()

    # Today only: every event so far was today.
    form.get_by_role("group", name="To").get_by_label("Day").fill(str(today.day))
    form.get_by_role("group", name="To").get_by_label("Month").fill(str(today.month))
    form.get_by_role("group", name="To").get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Show events").click()
    journey.check()
    assert "in these dates" in page.get_by_test_id("history-count").inner_text()
    assert page.get_by_test_id("history").locator("tbody tr").count() == 100


def test_the_dpo_puts_a_case_on_hold_and_lifts_it_on_a_phone(phone_journey: Journey) -> None:
    """The retention page: a case due for anonymisation goes on hold with a reason (the error
    first), then the hold is lifted after the confirmation page."""
    journey = phone_journey
    org = make_org("Safe Harbour Support (retention phone)")
    team = f.team(org, "Casework")
    caseworker = f.person(Role.CASEWORKER, org, team)
    supervisor = f.person(Role.SUPERVISOR, org, team)
    dpo = f.person(Role.DPO, org)
    case = f.case(caseworker, org, team)
    services.closure_request(actor=caseworker, case=case, reason="support_complete")
    services.closure_approve(actor=supervisor, case=case)
    Case.objects.filter(pk=case.pk).update(
        retention_until=timezone.localdate() + timedelta(days=10)
    )

    _sign_in(journey, dpo)
    page = journey.visit("/cases/dpo/")
    page.get_by_role("link", name="Retention").click()
    journey.check()
    assert case.reference in page.get_by_test_id("due-soon").inner_text()
    page.get_by_role("link", name=f"Put on hold case {case.reference}").click()
    journey.check()
    page.get_by_role("button", name="Put on hold").click()
    journey.check()
    assert "Enter why the case must be kept" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Why must the case be kept?").fill("A complaint about the service")
    page.get_by_role("button", name="Put on hold").click()
    journey.check()
    assert "it will not be anonymised" in page.locator(".govuk-notification-banner").inner_text()
    assert "A complaint about the service" in page.get_by_test_id("on-hold").inner_text()

    page.get_by_role("link", name=f"Lift the hold on case {case.reference}").click()
    journey.check()
    page.get_by_role("button", name="Lift the hold").click()
    journey.check()
    assert case.reference in page.get_by_test_id("due-soon").inner_text()


def test_the_dpo_reviews_and_releases_a_subject_access_document(journey: Journey) -> None:
    """From the access history to the review: a third party's details are left out (the error
    first), and the document to print says so in general terms. Desktop."""
    org = make_org("Safe Harbour Support (subject access)")
    team = f.team(org, "Casework")
    caseworker = f.person(Role.CASEWORKER, org, team)
    dpo = f.person(Role.DPO, org)
    case = f.case(caseworker, org, team)
    services.section_entry_create(
        actor=caseworker,
        case=case,
        model=Risk,
        section="risks",
        data={"category": "debt", "description": THIRD_PARTY, "likelihood": "low"},
    )

    _sign_in(journey, dpo)
    page = journey.visit(f"/cases/dpo/{case.pk}/history/")
    page.get_by_role("link", name="Subject access: review and release the document").click()
    journey.check()
    assert THIRD_PARTY in page.locator("main").inner_text()
    passage = page.get_by_test_id("passage").filter(has_text=THIRD_PARTY)
    passage.get_by_role("link", name="Leave this out").click()
    journey.check()
    page.get_by_role("button", name="Leave it out").click()
    journey.check()
    assert "Select why you are leaving it out" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("It is about someone else (third-party information)").check()
    page.get_by_role("button", name="Leave it out").click()
    journey.check()
    assert "You are leaving out 1 passage" in page.get_by_test_id("withheld-count").inner_text()
    page.get_by_role("link", name="Open the document to print").click()
    journey.check()
    document = page.get_by_test_id("subject-access-document").inner_text()
    assert THIRD_PARTY not in document
    assert "Some information is about other people" in document
    assert "Tigrinya" in document and "Eritrea" in document
