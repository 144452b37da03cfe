"""A programme lead reads the learning report on a phone: three tables that scroll inside their
own regions (the page itself never scrolls sideways), averages hidden under five people, CSV."""

from __future__ import annotations

import csv
import io

from e2e.conftest import Journey
from lantern.accounts.demo import seed_accounts
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
    assert regions.count() == 3
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The knowledge table is wider than a phone: it scrolls inside its region, by keyboard too.
    knowledge = page.get_by_role("region", name="Knowledge and confidence, before and after")
    assert knowledge.evaluate("el => el.scrollWidth > el.clientWidth")
    knowledge.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=knowledge.element_handle(), timeout=3000)
    assert COHORT_ORG in page.get_by_role("table").first.inner_text()

    page.get_by_role("link", name="By team").click()
    journey.check()
    # teams of six: some averages have too few people behind them and show as a dash
    assert "\u2013" in knowledge.inner_text()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as CSV").click()
    with open(download_info.value.path(), encoding="utf-8") as f:
        rows = list(csv.reader(io.StringIO(f.read())))
    assert rows[0][:5] == ["Group", "Learners", "Started", "Not started", "Completed"]
    assert all(r[0].startswith(COHORT_ORG) for r in rows[1:])
