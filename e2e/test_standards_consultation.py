"""The consultation loop in a browser: an author opens a consultation on a new version, an
invited consultee comments on PC14, the author responds, amends PC14 and approves. Version 2 is
then current, version 1 stays readable and the diff shows PC14. Every page passes axe."""

from __future__ import annotations

from e2e.conftest import Journey
from lantern.core.roles import Role
from lantern.standards import services
from tests.helpers import PASSWORD, make_org, make_user

NEW_PC14 = (
    "prepare and agree victim-centred support and safety plans with potential victims, in line "
    "with their needs, and review them together"
)


def _sign_out(journey: Journey) -> None:
    journey.page.get_by_role("button", name="Sign out").click()
    journey.check()


def test_consultation_loop(journey: Journey) -> None:
    services.standards_content_load()
    platform = make_org("Standards Team")
    invited = make_org("Invited Borough Council")
    make_user(Role.STANDARDS_AUTHOR, org=platform, email="author@example.test")
    make_user(Role.LEARNER, org=invited, email="consultee@example.test")
    page = journey.page

    # The author starts version 2 and opens a consultation, inviting one organisation.
    journey.sign_in("author@example.test", PASSWORD)
    journey.visit("/standards/manage/")
    page.get_by_role("link", name="Start a new version of SFJBMS05").click()
    journey.check()
    page.get_by_role("button", name="Start version 2").click()
    journey.check()
    assert page.url.endswith("/standards/SFJBMS05/v2/")
    page.get_by_role("link", name="Open a consultation").click()
    journey.check()
    page.get_by_label("Invited Borough Council").check()
    page.get_by_role("button", name="Open consultation").click()
    journey.check()
    assert "The consultation on version 2 is open" in page.inner_text("main")
    _sign_out(journey)

    # A member of the invited organisation comments on PC14.
    journey.sign_in("consultee@example.test", PASSWORD)
    journey.visit("/standards/SFJBMS05/v2/consultation/")
    page.get_by_label("What are you commenting on?").select_option("PC14")
    page.get_by_label("Your comment").fill(
        "Say that the plan is agreed with the person and reviewed with them."
    )
    page.get_by_role("button", name="Send comment").click()
    journey.check()
    assert "Your comment on PC14 has been sent" in page.inner_text("main")
    _sign_out(journey)

    # The author responds, amends PC14, closes the consultation and approves version 2.
    journey.sign_in("author@example.test", PASSWORD)
    journey.visit("/standards/SFJBMS05/v2/consultation/responses/")
    assert page.locator("tr[data-comment-on='PC14']").count() == 1
    page.get_by_role("link", name="Respond to the comment on PC14").click()
    journey.check()
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_label("Reason").fill("Agreed: PC14 now says the plan is reviewed with the person.")
    page.get_by_role("button", name="Save response").click()
    journey.check()
    page.get_by_role("link", name="PC14", exact=True).click()
    journey.check()
    page.get_by_label("Text").fill(NEW_PC14)
    page.get_by_role("button", name="Save PC14").click()
    journey.check()
    journey.visit("/standards/SFJBMS05/v2/consultation/responses/")
    page.get_by_role("button", name="Close the consultation now").click()
    journey.check()
    page.get_by_role("link", name="Approve version 2").click()
    journey.check()
    page.get_by_role("button", name="Approve version 2").click()
    journey.check()
    assert "Version 2 is approved and is now the current version" in page.inner_text("main")
    assert NEW_PC14 in page.locator("#PC14").inner_text()

    # Version 1 stays readable, and the diff shows PC14.
    page.get_by_role("link", name="Version 1", exact=True).click()
    journey.check()
    assert "This is not the current version of SFJBMS05" in page.inner_text("main")
    assert "prepare and agree victim-centred support and safety plans in line with" in (
        page.locator("#PC14").inner_text()
    )
    page.get_by_role("link", name="see what changed").click()
    journey.check()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "What changed from version 1 to version 2"
    )
    changes = page.locator("[data-changes='items'] [data-change]")
    assert changes.count() == 1 and changes.first.get_attribute("data-change") == "PC14"
    added = " ".join(changes.first.locator("ins").all_inner_texts())
    assert "review" in added and "together" in added


def test_public_pages_pass_axe_on_a_phone(phone_journey: Journey) -> None:
    services.standards_content_load()
    for path in [
        "/standards/",
        "/standards/suites/addressing-modern-slavery/",
        "/standards/SFJBMS05/",
        "/standards/SFJBMS05/coverage/",
        "/standards/SFJBMS05/compare/",
        "/standards/search/?q=control+mechanisms",
    ]:
        phone_journey.visit(path)
    page = phone_journey.page
    assert "No results" not in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
