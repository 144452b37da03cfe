"""Support journey: a caseworker (with two-factor) works a case through SFJBMS05, shares only
once consent is recorded and opens the share's document to send (page and PDF); the supervisor
approves the plan. On a phone, a declined closure a teammate asked for comes back to the owner.
axe-clean on every page."""

from __future__ import annotations

from datetime import date
from typing import Any

from e2e.conftest import Journey
from lantern.accounts.models import User
from lantern.core.roles import Role
from lantern.support import services
from lantern.support.models import (
    Explanation,
    InformationShare,
    RightsInformation,
    Risk,
    SupportPlan,
)
from tests.helpers import PASSWORD, current_code, make_org
from tests.support import factories as f


def _sign_in(journey: Journey, user: User) -> None:
    page = journey.visit("/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    journey.check()
    assert page.url.endswith("/account/two-factor/verify/")
    page.get_by_label("Security code").fill(current_code(user))
    page.get_by_role("button", name="Continue").click()
    journey.check()


def _coverage(journey: Journey) -> int:
    text = journey.page.get_by_test_id("coverage-count").inner_text()
    return int(text.split(" of ")[0])


def _done(journey: Journey, pc: str) -> bool:
    return journey.page.locator(f"[data-pc='{pc}']").get_attribute("data-done") == "true"


def _section(journey: Journey, name: str) -> None:
    journey.page.get_by_role("link", name=name, exact=True).click()
    journey.check()


def _back_to_case(journey: Journey) -> None:
    journey.page.locator(".govuk-back-link").first.click()
    journey.check()


def test_caseworker_works_a_case_and_supervisor_approves_the_plan(journey: Journey) -> None:
    org = make_org("Safe Harbour Support (journey)")
    team = f.team(org, "Casework")
    caseworker = f.person(Role.CASEWORKER, org, team)
    supervisor = f.person(Role.SUPERVISOR, org, team)
    case = f.case(caseworker, org, team)
    f.partner(case, caseworker, name="Haven Legal (journey)")
    page = journey.page

    _sign_in(journey, caseworker)
    journey.visit("/cases/")
    page.get_by_role("link", name=case.reference).click()
    journey.check()
    start = _coverage(journey)
    assert not _done(journey, "PC5")

    # Rights information given in Tigrinya, as audio (PC5).
    _section(journey, "Rights information given")
    page.get_by_label("Language", exact=True).fill("Tigrinya")
    page.get_by_label("Audio", exact=True).check()
    page.get_by_label("No interpreter").check()
    page.get_by_label("The National Referral Mechanism and what it offers").check()
    page.get_by_label("Date given").fill("2026-11-02")
    page.get_by_label("The person said this language and format work for them").check()
    page.get_by_role("button", name="Save").click()
    journey.check()
    assert "Tigrinya" in page.get_by_test_id("entries").inner_text()
    assert "Audio" in page.get_by_test_id("entries").inner_text()
    _back_to_case(journey)
    assert _done(journey, "PC5") and _coverage(journey) == start + 1

    # A risk the person understands (PC9, PC10).
    _section(journey, "Risks")
    page.get_by_label("Risk", exact=True).select_option("contact")
    page.get_by_label("Describe the risk").fill("The people who held them know where they are")
    page.get_by_label("High", exact=True).check()
    page.get_by_label("The person understands this risk").check()
    page.get_by_role("button", name="Save").click()
    journey.check()
    _back_to_case(journey)
    assert _done(journey, "PC9") and _done(journey, "PC10")

    # Draft the plan with the person, in their words, with a goal (PC14).
    _section(journey, "Support and safety plan")
    page.get_by_label("What the person wants from support, in their words").fill(
        "I want to be safe, see a doctor and learn English"
    )
    page.get_by_label("The person has agreed this plan").check()
    page.get_by_label("Date agreed").fill("2026-11-03")
    page.get_by_role("button", name="Save plan").click()
    journey.check()
    page.get_by_role("link", name="Add or change goals").click()
    journey.check()
    page.get_by_label("Goal, in the person's words").fill("See a doctor this month")
    page.get_by_role("button", name="Save").click()
    journey.check()
    _back_to_case(journey)
    assert _done(journey, "PC14") and _coverage(journey) == start + 4

    # Sharing without consent is refused.
    _section(journey, "Information sharing log")

    def fill_share() -> None:
        page.get_by_label("Partner").select_option(label="Haven Legal (journey)")
        page.get_by_label("Refer the person").check()
        page.get_by_label("Needs", exact=True).check()
        page.get_by_label("Why are you sharing?").fill("Appointment for immigration advice")
        page.get_by_label("The person's consent").check()
        page.get_by_role("button", name="Share", exact=True).click()
        journey.check()

    fill_share()
    assert "without the person's consent" in page.locator(".govuk-error-summary").inner_text()
    assert not InformationShare.objects.exists()

    # Record consent, then share.
    page.get_by_role("link", name="Record the person's consent").click()
    journey.check()
    page.get_by_label("Sharing information with a partner").check()
    page.get_by_label("Gave consent").check()
    page.get_by_label(
        "I explained what would be shared, why, and the limits of confidentiality"
    ).check()
    page.get_by_label("Date", exact=True).fill("2026-11-03")
    page.get_by_role("button", name="Save").click()
    journey.check()
    _back_to_case(journey)
    _section(journey, "Information sharing log")
    fill_share()
    assert "Haven Legal (journey)" in page.get_by_test_id("share-log").inner_text()
    assert InformationShare.objects.get().basis == "consent"
    reference = f"{case.reference}-S1"
    assert f"logged as {reference}" in page.locator(".govuk-notification-banner").inner_text()

    # Something to send: the share's document, only what it covered (needs, not identity).
    page.get_by_test_id("share-document").get_by_role("link", name="Open to print").click()
    journey.check()
    document = page.get_by_test_id("referral-document").inner_text()
    for expected in (
        "Referral to Haven Legal (journey)",
        reference,
        "Needs",
        "The person's consent",
        "Personal information: handle with care",
        "Appointment for immigration advice",
        caseworker.full_name,
    ):
        assert expected in document, expected
    assert "Amanuel" not in document and "About the person" not in document
    assert "secure route" in page.get_by_test_id("send-by-secure-route").inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="download it as a PDF").click()
    assert download_info.value.suggested_filename == f"referral-{reference}.pdf"
    page.get_by_role("link", name="Back to information sharing").click()
    journey.check()
    _back_to_case(journey)
    assert _done(journey, "PC16") and _done(journey, "PC18")

    # Send the plan for approval, then sign out.
    _section(journey, "Support and safety plan")
    page.get_by_role("button", name="Send for approval").click()
    journey.check()
    page.get_by_role("button", name="Sign out").click()
    journey.check()

    # The supervisor approves it.
    _sign_in(journey, supervisor)
    journey.visit(f"/cases/{case.pk}/plan/")
    page.get_by_role("button", name="Approve plan").click()
    journey.check()
    assert "Approved" in page.get_by_test_id("plan-status").inner_text()
    assert SupportPlan.objects.get(case=case).approved_by == supervisor
    assert len(journey.scanned) >= 20


def test_case_pages_reflow_on_a_phone(phone_journey: Journey) -> None:
    """WCAG 1.4.10: on a 375px phone no case page scrolls sideways; wide tables scroll in their
    own region. Journey.check fails any page wider than the window."""
    journey = phone_journey
    org = make_org("Safe Harbour Support (phone)")
    team = f.team(org, "Casework")
    caseworker = f.person(Role.CASEWORKER, org, team)
    dpo = f.person(Role.DPO, org)
    case = f.case(caseworker, org, team)
    for _ in range(3):
        f.case(caseworker, org, team)
    partner = f.partner(case, caseworker, name="Haven Legal and Immigration Advice (phone)")
    f.consent(case, caseworker, partner)
    entries: list[tuple[type[Any], str, dict[str, Any]]] = [
        (
            RightsInformation,
            "rights",
            {
                "language": "tir",
                "format": "interpreter",
                "interpreter": "telephone",
                "topics": ["nrm"],
                "given_on": date(2026, 11, 2),
                "person_accepted_format": True,
            },
        ),
        (
            Risk,
            "risks",
            {
                "category": "re_trafficking",
                "description": "The people who held them know where they are",
                "likelihood": "high",
                "person_understands": True,
            },
        ),
        (
            Explanation,
            "explanations",
            {
                "explained_on": date(2026, 11, 2),
                "topics": ["modern_slavery", "control", "nrm", "support"],
                "plain_language": True,
                "without_leading": True,
            },
        ),
    ]
    for model, section, data in entries:
        services.section_entry_create(
            actor=caseworker, case=case, model=model, section=section, data=data
        )
    services.information_share_create(
        actor=caseworker,
        case=case,
        partner=partner,
        kind="referral",
        what_shared=["identity", "needs", "risks"],
        purpose="Immigration advice",
        basis="consent",
        actor_may_override=False,
    )

    # A teammate asked to close another of the caseworker's cases; the supervisor declined.
    teammate = f.person(Role.CASEWORKER, org, team)
    supervisor = f.person(Role.SUPERVISOR, org, team)
    covered = f.case(caseworker, org, team)
    asked = services.closure_request(actor=teammate, case=covered, reason="moved_away")
    services.closure_decline(actor=supervisor, case=asked, reason="They still need housing")

    _sign_in(journey, caseworker)
    journey.visit("/cases/")
    returned = journey.page.get_by_test_id("returned-to-you").inner_text()
    assert covered.reference in returned
    assert f"{teammate.full_name} asked to close it" in returned
    for section in ("rights", "risks", "explanations", "partners"):
        journey.visit(f"/cases/{case.pk}/{section}/")
        assert journey.page.get_by_test_id("entries").locator("tbody tr").count() >= 1
    journey.visit(f"/cases/{case.pk}/sharing/")
    journey.page.get_by_test_id("share-document").get_by_role("link", name="Open to print").click()
    journey.check()  # the document to send reflows at 375px too
    assert "Risks to them now" in journey.page.get_by_test_id("referral-document").inner_text()
    journey.page.context.clear_cookies()  # a fresh session for the DPO

    _sign_in(journey, dpo)
    journey.visit("/cases/dpo/")
    journey.visit(f"/cases/dpo/{case.pk}/history/")
    assert len(journey.scanned) >= 10
