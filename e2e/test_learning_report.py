"""A programme lead reads the learning report on a phone: tables that scroll inside their own
regions (the page itself never scrolls sideways), the people behind each average, averages hidden
under five people, a quarter chosen (and an unknown one refused), CSV."""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from e2e.conftest import Journey
from lantern.accounts.demo import seed_accounts
from lantern.core.quarters import quarter_of
from lantern.learning.demo import COHORT_ORG, seed_learning
from tests.learning.factories import course

PASSWORD = "demo-journey-password"


def test_programme_lead_reads_the_report_on_a_phone(phone_journey: Journey) -> None:
    journey = phone_journey
    seed_accounts(password=PASSWORD)
    course()
    seed_learning()

    page = journey.visit("/sign-in/")
    page.get_by_label("Email address").fill("lead@demo.lantern.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    journey.check()
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Learning report").click()
    journey.check()

    regions = page.get_by_role("region")
    # completion, knowledge, confidence, and what people keep at 1, 3 and 6 months
    assert regions.count() == 6
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # A table wider than a phone scrolls inside its region, by keyboard too.
    completion = page.get_by_role("region", name="Completion")
    assert completion.evaluate("el => el.scrollWidth > el.clientWidth")
    completion.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=completion.element_handle(), timeout=3000)
    assert COHORT_ORG in page.get_by_role("table").first.inner_text()
    # the people behind the averages, and what the gain is over
    knowledge = page.get_by_role("region", name="Knowledge: questions right")
    assert "People who took both checks" in knowledge.inner_text()
    assert (
        "the gain is the after less the before"
        in page.get_by_test_id("knowledge-note").inner_text()
    )
    assert "not as a share of the final check" in page.get_by_test_id("keep-note").inner_text()

    page.get_by_role("link", name="By team").click()
    journey.check()
    # teams of six: some averages have too few people behind them and show as a dash
    assert "\u2013" in knowledge.inner_text()

    # the quarter before this one: the people who started in it, by team still
    previous = quarter_of(timezone.localdate()).previous()
    page.get_by_label("Period").select_option(previous.key)
    page.get_by_role("button", name="Show this period").click()
    journey.check()
    assert "by=team" in page.url and f"period={previous.key}" in page.url
    assert "People who started from" in page.get_by_test_id("report-period").inner_text()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as CSV").click()
    assert previous.key in download_info.value.suggested_filename
    with open(download_info.value.path(), encoding="utf-8-sig") as f:
        rows = list(csv.reader(io.StringIO(f.read())))
    assert rows[0][:5] == ["Group", "Learners", "Started", "Not started", "Completed"]
    assert all(r[0].startswith(COHORT_ORG) for r in rows[1:])

    # a period that is not in the list is refused, with a message, not swapped for another
    journey.visit("/learning/report/?period=2026-q9")
    assert "Choose a period from the list" in page.get_by_role("alert").inner_text()
    assert page.get_by_role("link", name="Download as CSV").count() == 0
