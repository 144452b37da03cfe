"""How quick "I'm worried about someone" is on a 375 px phone for a visitor who is not signed in:
every question is asked (11 pages from Start to the result). axe on every page."""

from __future__ import annotations

from urllib.parse import urlparse

from e2e.conftest import Journey


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
    page.get_by_label(
        "Far more people living there than the property is licensed or safe for"
    ).check()
    page.get_by_role("button", name="Continue").click()
    phone_journey.check()
    answer("18 or over")
    answer("Local council (including environmental health, housing, licensing)")
    answer("No")  # care and support needs
    answer("No, they said no")  # consent
    assert page.get_by_test_id("prefilled").count() == 0
    page.get_by_role("button", name="See what to do next").click()
    phone_journey.check()
    walked = [urlparse(u).path for u in phone_journey.scanned[first_page:]]
    assert len(walked) == 11, walked
    assert walked[-1] == "/worried/result/"
