"""The organisation admin's people, on a phone, at a real size (audit findings 1, 9, 10, 14):
add a person without learning whether they had an account, find someone among 120 by search
and by page, reach their role's Remove link without scrolling sideways, and import staff from
an Excel file. Then a programme lead invites a trainee, who accepts. axe on every page."""

from __future__ import annotations

import re
from pathlib import Path

from e2e.conftest import Journey
from lantern.accounts.demo import seed_accounts
from tests.helpers import current_code

PASSWORD = "demo-journey-password"


def _flash(journey: Journey) -> str:
    return journey.page.locator(".govuk-notification-banner").inner_text()


def test_an_admin_adds_finds_and_imports_people_on_a_phone(
    phone_journey: Journey, tmp_path: Path
) -> None:
    from django.core import mail

    from lantern.accounts.models import Membership, Organisation, User

    journey = phone_journey
    page = journey.page
    seed_accounts(password=PASSWORD)
    camden = Organisation.objects.get(name="Camden Council (demo)")
    users = User.objects.bulk_create(
        [
            User(email=f"staff{i}@camden.example.test", full_name=f"Mx Staff {i:03d}")
            for i in range(120)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=camden, role="learner") for u in users]
    )
    admin = User.objects.get(email="orgadmin@demo.lantern.test")
    marc = User.objects.get(email="caseworker@demo.lantern.test")  # Safe Harbour, not Camden

    journey.sign_in(admin.email, PASSWORD)
    page.get_by_label("Security code").fill(current_code(admin))
    page.get_by_role("button", name="Continue").click()
    journey.check()
    journey.visit(f"/organisations/{camden.pk}/members/")
    assert page.get_by_role("heading", name="Add a person").is_visible()
    assert "people, page 1 of 3" in page.get_by_test_id("people-count").inner_text()

    # 1. Add someone new, then someone who has an account elsewhere: the same words each time.
    said = []
    mail.outbox.clear()
    for name, email in (("Kemi Ade", "kemi.ade@camden.example.test"), ("M Powell", marc.email)):
        page.get_by_label("Full name").fill(name)
        page.get_by_label("Work email address").fill(email)
        page.get_by_label("Learner").check()
        page.get_by_label("Team (optional)").fill("Housing")
        page.get_by_role("button", name="Add the person").click()
        journey.check()
        said.append(_flash(journey).replace(email, "X"))
    assert said[0] == said[1] and "no Lantern account" not in said[0]
    welcome, notice = mail.outbox
    assert welcome.to == ["kemi.ade@camden.example.test"]
    assert notice.to == [marc.email] and "Camden Council (demo) has given you" in notice.body

    # 2. Find Marc by search (kept out of the URL), and reach Remove without scrolling sideways.
    page.get_by_label("Search by name or email address").fill("powell")
    page.get_by_role("button", name="Search").click()
    journey.check()
    assert "powell" not in page.url.lower()
    remove = page.get_by_role("link", name=re.compile(r"^Remove the role Learner from "))
    box = remove.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 375
    remove.click()
    journey.check()
    assert marc.full_name not in page.title() and marc.full_name in page.inner_text("h1")
    page.get_by_role("link", name="Cancel").click()
    journey.check()
    page.get_by_role("button", name="Show everyone").click()
    journey.check()
    page.get_by_role("link", name="Next page").click()  # a phone shows Next, first and last
    journey.check()
    assert "page 2 of 3" in page.get_by_test_id("people-count").inner_text()

    # 3. Import: the roles offered, an Excel (Windows-1252) file explained, then the template.
    journey.visit(f"/organisations/{camden.pk}/members/import/")
    roles = page.get_by_test_id("import-roles").inner_text()
    assert "learner" in roles and "standards_author" not in roles
    excel = tmp_path / "staff.csv"
    excel.write_bytes(
        "Email,Full name,Roles\nchloe@camden.example.test,Chloé Dubois,learner\n".encode("cp1252")
    )
    page.get_by_label("Upload a CSV file").set_input_files(str(excel))
    page.get_by_role("button", name="Check and import").click()
    journey.check()
    summary = page.locator(".govuk-error-summary").first.inner_text()
    assert "There is a problem" in summary and "CSV UTF-8" in summary and "Row 0" not in summary
    with page.expect_download() as download:
        page.get_by_role("link", name="Download a template CSV file").click()
    template = tmp_path / "template.csv"
    download.value.save_as(template)
    page.get_by_label("Upload a CSV file").set_input_files(str(template))
    page.get_by_role("button", name="Check and import").click()
    journey.check()
    assert "2 people imported" in _flash(journey)


def test_a_lead_invites_a_trainee_who_accepts(journey: Journey) -> None:
    from django.core import mail

    from lantern.accounts.models import User
    from lantern.facilitation.models import Facilitator
    from tests.facilitation.factories import make_cohort, make_programme

    page = journey.page
    seed_accounts(password=PASSWORD)
    lead = User.objects.get(email="lead@demo.lantern.test")
    cohort = make_cohort(make_programme(lead=lead))
    journey.sign_in(lead.email, PASSWORD)
    journey.visit(f"/facilitation/cohorts/{cohort.pk}/")
    mail.outbox.clear()
    said = []
    for email in ("learner@demo.lantern.test", "nobody@nowhere.example.test"):
        page.get_by_label("Their work email address").fill(email)
        page.get_by_role("button", name="Send the invitation").click()
        journey.check()
        said.append(_flash(journey).replace(email, "X"))
    assert said[0] == said[1] and "No trainees yet" in page.inner_text("main")

    link = re.search(r"https?://[^/\s]+(/facilitation/cohorts/join/\S+/)", str(mail.outbox[0].body))
    assert link is not None
    page.context.clear_cookies()
    journey.sign_in("learner@demo.lantern.test", PASSWORD)
    journey.visit(link.group(1))
    page.get_by_role("button", name="Join the cohort").click()
    journey.check()
    assert f"You have joined {cohort.name}" in _flash(journey)
    assert Facilitator.objects.filter(
        cohort=cohort, user__email="learner@demo.lantern.test"
    ).exists()
