"""Sign in as every demo role and land on the right home page; public pages; errors; CSP."""

from __future__ import annotations

import pytest

from e2e.conftest import Journey
from lantern.accounts.demo import DEMO_ACCOUNTS, seed_accounts
from lantern.core.roles import Role, needs_two_factor
from tests.helpers import current_code

PASSWORD = "demo-journey-password"


def _sign_in(journey: Journey, email: str, password: str = PASSWORD) -> None:
    page = journey.visit("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    journey.check()


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda a: a.local_part)
def test_each_demo_role_signs_in_and_lands_on_its_home(
    request: pytest.FixtureRequest, account, size: str
) -> None:
    """On a desktop and on a 375 px phone (where Journey.check also fails a page that scrolls
    sideways), every link each role's home page offers."""
    from lantern.accounts.models import User

    journey: Journey = request.getfixturevalue("journey" if size == "desktop" else "phone_journey")
    seed_accounts(password=PASSWORD)
    _sign_in(journey, account.email)
    page = journey.page
    if needs_two_factor(set(account.roles)):
        assert page.url.endswith("/account/two-factor/verify/")
        page.get_by_label("Security code").fill(current_code(User.objects.get(email=account.email)))
        page.get_by_role("button", name="Continue").click()
        journey.check()
    assert page.url.endswith("/home/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your Lantern home"
    for role in account.roles:
        heading = page.locator(f"section[data-role='{role}'] h2")
        assert heading.inner_text() == str(Role(role).label)
    others = [r for r in Role if r not in account.roles]
    for role in others:
        assert page.locator(f"section[data-role='{role}']").count() == 0
    # Every link the home page offers opens without error and passes the checks.
    hrefs = page.locator("main a.govuk-link").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    for href in hrefs:
        response = page.goto(journey.base_url + href)
        assert response is not None and response.status == 200, href
        journey.check()


def test_public_pages_on_a_phone(phone_journey: Journey) -> None:
    for path in [
        "/",
        "/accessibility/",
        "/privacy/",
        "/cookies/",
        "/sign-in/",
        "/account/password-reset/",
    ]:
        phone_journey.visit(path)
    page = phone_journey.page
    # The layout does not scroll sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_bad_sign_in_shows_an_error_summary_linked_to_the_field(journey: Journey) -> None:
    page = journey.visit("/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    journey.check()
    summary = page.locator(".govuk-error-summary")
    assert "Enter your email address" in summary.inner_text()
    summary.get_by_role("link", name="Enter your email address").click()
    assert page.evaluate("document.activeElement.id") == "id_username"


def test_unknown_page_is_a_govuk_404(journey: Journey) -> None:
    response = journey.page.goto(journey.base_url + "/there-is-nothing-here/")
    assert response is not None and response.status == 404
    journey.check()
    assert journey.page.get_by_role("heading", level=1).inner_text() == "Page not found"


def test_a_csp_violation_fails_the_journey(journey: Journey) -> None:
    """The guard itself: an inline script injected into a page is blocked and reported."""
    journey.visit("/")
    journey.page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1'; document.body.appendChild(s); }"
    )
    journey.page.wait_for_timeout(200)
    assert any("Content Security Policy" in p for p in journey.problems)
    assert journey.page.evaluate("window.x") is None
    journey.problems.clear()


def test_your_account_on_a_phone_change_password_and_sign_out_elsewhere(
    phone_journey: Journey,
) -> None:
    from django.test import Client

    from lantern.accounts.models import User
    from tests.helpers import PASSWORD as TEST_PASSWORD
    from tests.helpers import make_org, make_user, sign_in

    user = make_user(Role.LEARNER, org=make_org("Riverside NHS Trust"))
    elsewhere = Client()
    sign_in(elsewhere, user)  # another browser, signed in as the same person
    _sign_in(phone_journey, user.email, TEST_PASSWORD)
    page = phone_journey.visit("/account/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your account"
    assert "Riverside NHS Trust: Learner" in page.locator("main").inner_text()
    assert "signed in on 1 other device or browser" in page.locator("main").inner_text()
    page.get_by_role("link", name="Change name").click()
    phone_journey.check()
    page.get_by_label("Full name").fill("Ada Okafor-Mensah")
    page.get_by_role("button", name="Save name").click()
    phone_journey.check()
    assert "Your name has been changed" in page.locator("main").inner_text()
    assert "Ada Okafor-Mensah" in page.locator(".govuk-summary-list").inner_text()
    page.get_by_role("link", name="Change your password").click()
    phone_journey.check()

    def change_password(current: str) -> None:
        page.get_by_label("Current password").fill(current)
        page.get_by_label("New password", exact=True).fill(new_password)
        page.get_by_label("Confirm new password").fill(new_password)
        page.get_by_role("button", name="Change password").click()
        phone_journey.check()

    new_password = "lanterns burn quietly at dusk"
    change_password("not my password")
    assert "Your current password is not right" in page.locator(".govuk-error-summary").inner_text()
    change_password(TEST_PASSWORD)
    assert page.url.endswith("/account/")
    assert "You have been signed out on 1 other device" in page.locator("main").inner_text()
    assert "You are not signed in anywhere else" in page.locator("main").inner_text()
    assert elsewhere.get("/home/").status_code == 302
    assert User.objects.get(pk=user.pk).check_password(new_password)
    # Signed in again elsewhere, then signed out from here.
    sign_in(elsewhere, user, password=new_password)
    page = phone_journey.visit("/account/")
    page.get_by_role("button", name="Sign out everywhere else").click()
    phone_journey.check()
    assert "You have been signed out on 1 other device or browser" in page.inner_text("main")
    assert elsewhere.get("/home/").status_code == 302
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_your_email_address_on_a_phone_changed_by_the_link_sent_there(
    phone_journey: Journey,
) -> None:
    import re

    from django.core import mail

    from lantern.accounts.models import User
    from tests.helpers import PASSWORD as TEST_PASSWORD
    from tests.helpers import make_org, make_user

    user = make_user(Role.LEARNER, org=make_org("Riverside NHS Trust"))
    old, new = user.email, "ada.okafor@hillside-trust.example.test"
    _sign_in(phone_journey, user.email, TEST_PASSWORD)
    page = phone_journey.visit("/account/")
    page.get_by_role("link", name="Change email address").click()
    phone_journey.check()
    page.get_by_role("button", name="Send the link").click()
    phone_journey.check()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter your new email address" in summary and "Enter your password" in summary
    page.get_by_label("New email address").fill(new)
    page.get_by_label("Your password").fill(TEST_PASSWORD)
    mail.outbox.clear()
    page.get_by_role("button", name="Send the link").click()
    phone_journey.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    assert new in page.locator("main").inner_text()
    link = re.search(r"https?://[^/\s]+(/account/email/confirm/\S+/)", str(mail.outbox[-1].body))
    assert link is not None and mail.outbox[-1].to == [new]
    page = phone_journey.visit(link.group(1))
    assert page.get_by_role("heading", level=1).inner_text() == "Confirm your new email address"
    page.get_by_role("button", name="Confirm new email address").click()
    phone_journey.check()
    assert f"Your email address is now {new}" in page.locator("main").inner_text()
    assert User.objects.get(pk=user.pk).email == new
    assert mail.outbox[-1].to == [old]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_admin_asks_for_a_member_s_new_email_address(journey: Journey) -> None:
    from django.core import mail

    from lantern.accounts.models import EmailChange, Organisation, User

    seed_accounts(password=PASSWORD)
    admin = User.objects.get(email="orgadmin@demo.lantern.test")
    camden = Organisation.objects.get(name="Camden Council (demo)")
    member = User.objects.get(email="ehofficer@demo.lantern.test")
    page = journey.sign_in(admin.email, PASSWORD)
    page.get_by_label("Security code").fill(current_code(admin))
    page.get_by_role("button", name="Continue").click()
    journey.check()
    page = journey.visit(f"/organisations/{camden.pk}/members/")
    page.get_by_role("link", name=f"Change the email address of {member.full_name}").first.click()
    journey.check()
    page.get_by_label("Their new email address").fill(member.email)
    page.get_by_role("button", name="Send the link").click()
    journey.check()
    assert (
        "This is already their email address" in page.locator(".govuk-error-summary").inner_text()
    )
    mail.outbox.clear()
    page.get_by_label("Their new email address").fill("eho@camden-new.example.test")
    page.get_by_role("button", name="Send the link").click()
    journey.check()
    assert "We have sent a link to eho@camden-new.example.test" in page.inner_text("main")
    assert mail.outbox[-1].to == ["eho@camden-new.example.test"]
    assert EmailChange.objects.get(user=member).requested_by == admin
