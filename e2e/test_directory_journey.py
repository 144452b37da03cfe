"""The directory of services on a phone: Camden's admin (with two-factor) adds a service and is
stopped from giving a safe house's address, then imports a council's Open Referral file (refused
until the admin says what the file does not); an environmental health officer at Camden finds it
from their "worried about someone" result, narrows by language, and taps to call. axe on every
page (Journey.check)."""

from __future__ import annotations

import json
from pathlib import Path

from e2e.conftest import Journey
from lantern.accounts.demo import seed_accounts
from tests.helpers import current_code

PASSWORD = "demo-journey-password"


def test_an_admin_lists_a_service_and_an_officer_finds_it_on_a_phone(
    phone_journey: Journey, tmp_path: Path
) -> None:
    from lantern.accounts.models import User
    from lantern.directory.demo import seed_directory
    from lantern.directory.models import Service
    from lantern.respond import flow
    from tests.respond.factories import EHO_ANSWERS

    journey = phone_journey
    page = journey.page
    seed_accounts(password=PASSWORD)
    seed_directory()

    journey.sign_in("orgadmin@demo.lantern.test", PASSWORD)
    page.get_by_label("Security code").fill(
        current_code(User.objects.get(email="orgadmin@demo.lantern.test"))
    )
    page.get_by_role("button", name="Continue").click()
    journey.check()
    page.get_by_role("link", name="Your services in the directory").click()
    journey.check()
    assert (
        "Camden adult safeguarding duty team (demo)"
        in page.get_by_test_id("managed-service").inner_text()
    )
    page.get_by_role("link", name="Add a service of Camden Council (demo)").click()
    journey.check()

    page.get_by_label("Name of the service").fill("Camden night shelter (demo)")
    page.get_by_label("What the service does").fill(
        "Emergency beds for adults referred by the council's outreach team."
    )
    page.get_by_label("Safe accommodation").check()
    page.get_by_label("Areas it covers").fill("Camden")
    page.get_by_label("Languages spoken without an interpreter (optional)").fill("Tigrinya, Arabic")
    page.get_by_label("A professional refers the person").check()
    page.get_by_label("Phone number (optional)").fill("020 7946 0777")
    page.get_by_label("Address to visit (optional)").fill("2 Example Road, London NW1")
    page.get_by_role("button", name="Add to the directory").click()
    journey.check()
    # A safe house's address is refused, and nothing else typed is lost.
    assert (
        "Do not give the address of safe accommodation"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert page.get_by_label("Phone number (optional)").input_value() == "020 7946 0777"
    assert not Service.objects.filter(name="Camden night shelter (demo)").exists()
    page.get_by_label("Address to visit (optional)").fill("")
    page.get_by_role("button", name="Add to the directory").click()
    journey.check()
    assert "Camden night shelter (demo) is in the directory" in page.inner_text("body")
    # A council's Open Referral file: what it does not say in Lantern's words, the admin says.
    page.get_by_role(
        "link", name="Import from an Open Referral file for Camden Council (demo)"
    ).click()
    journey.check()
    feed = tmp_path / "camden-feed.json"
    feed.write_text(json.dumps({"contents": [{
        "id": "camden-101", "name": "Camden food bank (demo)", "status": "active",
        "description": "Food parcels on referral.",
        "phones": [{"id": "p1", "number": "020 7946 0888"}],
    }]}))  # fmt: skip
    page.get_by_label("Upload an Open Referral (HSDS 3.0) JSON file").set_input_files(feed)
    page.get_by_label("A professional refers the person").check()
    page.get_by_role("button", name="Check and import").click()
    journey.check()
    problems = page.get_by_test_id("import-problems").inner_text()
    assert "has no Lantern category" in problems and "says no area it covers" in problems
    page.get_by_label("Upload an Open Referral (HSDS 3.0) JSON file").set_input_files(feed)
    page.get_by_label(
        "What services offer, when the file does not say in Lantern's words (optional)"
    ).select_option("benefits")
    page.get_by_label("Area covered, when the file does not say (optional)").fill("Camden")
    page.get_by_role("button", name="Check and import").click()
    journey.check()
    assert "Imported: 1 new" in page.inner_text("main")

    page.get_by_role("button", name="Menu").click()  # a phone folds the navigation away
    page.get_by_role("button", name="Sign out").click()
    journey.check()

    # The officer reaches the directory from their result, already narrowed to Camden.
    journey.sign_in("ehofficer@demo.lantern.test", PASSWORD)
    # Their answers as the respond journey gives them (that journey walks every question).
    journey.visit(f"/worried/result/?a={flow.dumps(EHO_ANSWERS)}")
    page.get_by_role("link", name="Find local services in Camden").click()
    journey.check()
    assert page.get_by_label("Area").input_value() == "Camden"
    names = page.get_by_test_id("local-service").locator("h3").all_inner_texts()
    assert (
        "Camden night shelter (demo)" in names
        and "Camden adult safeguarding duty team (demo)" in names
    )
    assert "Community drop-in and English classes (demo)" not in names  # Islington only

    page.get_by_label("Language spoken").select_option(label="Tigrinya")
    page.get_by_role("button", name="Search").click()
    journey.check()
    cards = page.get_by_test_id("local-service")
    names = cards.locator("h3").all_inner_texts()
    assert names == [
        "Camden night shelter (demo)",
        "Safe Harbour casework and safe accommodation (demo)",
    ]
    shelter = cards.filter(has_text="Camden night shelter (demo)")
    assert (
        shelter.get_by_role("link", name="020 7946 0777").get_attribute("href") == "tel:02079460777"
    )
    assert "Arabic, Tigrinya" in shelter.inner_text()
    # An entry nobody has checked for over a year says so.
    journey.visit("/services/?q=legal")
    assert page.get_by_test_id("needs-review").count() == 1
