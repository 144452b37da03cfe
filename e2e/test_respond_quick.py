"""How quick "I'm worried about someone" is on a 375 px phone for a visitor who is not signed in:
every question is asked (11 pages from Start to the result), and the signs page leads with the
signs of the setting, every other sign folded into its group. axe on every page."""

from __future__ import annotations

from urllib.parse import urlparse

from e2e.conftest import Journey

HELD = "Someone else holds their passport or identity documents"
CROWDED = "Far more people living there than the property is licensed or safe for"


def test_a_visitor_answers_every_question_on_a_phone(phone_journey: Journey) -> None:
    page = phone_journey.visit("/worried/")
    first_page = len(phone_journey.scanned) - 1
    assert page.get_by_test_id("prefilled-note").count() == 0
    page.get_by_role("button", name="Start now").click()
    phone_journey.check()

    def answer(label: str) -> None:
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Continue").click()
        phone_journey.check()

    answer("No")  # danger now
    answer("England")
    answer("A housing or HMO inspection")
    # With every group open this page was 4,678 px tall (6.3 screens of 740 px) and offered 44
    # of the 65 signs; now it is 2,557 px and offers all 65.
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"signs page at 375 px, housing inspection: {height} px")
    assert height < 4 * 740, height
    featured = page.get_by_test_id("featured-signs")
    assert "Signs often seen at a housing or HMO inspection" in featured.inner_text()
    featured.get_by_label(CROWDED).check()
    # Every sign is offered; a folded group opens to tick in it.
    assert page.locator("input[type=checkbox]").count() == 65
    page.locator("summary", has_text="Their situation").click()
    page.get_by_label(HELD).check()
    page.get_by_role("button", name="Continue").click()
    phone_journey.check()
    # Back: both signs are still ticked, and the folded group holding one is open.
    page.get_by_role("link", name="Back").click()
    phone_journey.check()
    assert page.get_by_label(HELD).is_checked() and page.get_by_label(HELD).is_visible()
    assert page.get_by_label(CROWDED).is_checked()
    page.get_by_role("button", name="Continue").click()
    phone_journey.check()
    answer("18 or over")
    answer("Local council (including environmental health, housing, licensing)")
    answer("No")  # care and support needs
    answer("No, they said no")  # consent
    assert page.get_by_test_id("prefilled").count() == 0
    # Change the signs from the check page: still ticked there, and back to check after.
    page.get_by_role("link", name="Change your answer to “What have you noticed?”").click()
    phone_journey.check()
    assert page.get_by_label(HELD).is_checked() and page.get_by_label(HELD).is_visible()
    page.get_by_role("button", name="Continue").click()
    phone_journey.check()
    assert HELD in page.locator(".govuk-summary-list").inner_text()
    page.get_by_role("button", name="See what to do next").click()
    phone_journey.check()
    walked = [urlparse(u).path for u in phone_journey.scanned[first_page:]]
    for revisit in ("/worried/signs/", "/worried/age/", "/worried/signs/", "/worried/check/"):
        walked.remove(revisit)  # Back to the signs, and Change from the check page
    assert len(walked) == 11, walked
    assert walked[-1] == "/worried/result/"
