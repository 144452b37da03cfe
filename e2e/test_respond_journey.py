"""An environmental health officer at an HMO inspection: "I'm worried about someone" to the right
next steps, then a Duty to Notify draft with no identifiers, downloaded as a PDF. axe on every
page (Journey.check)."""

from __future__ import annotations

from urllib.parse import urlparse

from e2e.conftest import Journey
from lantern.accounts.demo import seed_accounts

PASSWORD = "demo-journey-password"


def test_eho_at_an_hmo_reaches_next_steps_and_downloads_a_dtn_draft(journey: Journey) -> None:
    from lantern.respond.demo import seed_respond
    from lantern.respond.models import ReferralDraft

    seed_accounts(password=PASSWORD)
    seed_respond()  # Camden's own referral pathway, as its admin set it
    page = journey.visit("/sign-in/")
    page.get_by_label("Email address").fill("ehofficer@demo.lantern.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    journey.check()

    page.get_by_role("link", name="I'm worried about someone").first.click()
    journey.check()
    first_page = len(journey.scanned) - 1  # the start page
    # Camden's own contact is at hand before the first question.
    assert "020 7946 0321" in page.get_by_test_id("start-contact").inner_text()
    assert "filled in who you work for" in page.get_by_test_id("prefilled-note").inner_text()
    page.get_by_role("button", name="Start now").click()
    journey.check()

    def answer(label: str) -> None:
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Continue").click()
        journey.check()

    answer("No")  # danger now
    # Nation and organisation come from the officer's membership (Camden, England): not asked.
    assert page.get_by_role("heading", level=1).inner_text() == "Where did you see the person?"
    answer("A housing or HMO inspection")
    page.get_by_label(
        "Beds or mattresses in every room, including kitchens and living rooms"
    ).check()
    page.get_by_label(
        "Far more people living there than the property is licensed or safe for"
    ).check()
    # A folded group, opened to tick in it.
    page.locator("summary", has_text="Their situation").click()
    page.get_by_label("Someone else holds their passport or identity documents").check()
    page.get_by_role("button", name="Continue").click()
    journey.check()
    answer("18 or over")
    answer("No")  # care and support needs
    answer("No, they said no")  # consent

    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers"
    # The pre-filled answers are here, each with a Change link that names its question.
    assert page.get_by_test_id("prefilled").count() == 2
    page.get_by_role("link", name="Change your answer to “Who do you work for?”").click()
    journey.check()
    assert page.get_by_label(
        "Local council (including environmental health, housing, licensing)"
    ).is_checked()
    page.get_by_role("button", name="Continue").click()
    journey.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers"
    page.get_by_role("button", name="See what to do next").click()
    journey.check()
    # Start, danger, setting, signs, age, care, consent, check, result (and the Change visit):
    # 9 pages where every question made it 11.
    walked = [urlparse(u).path for u in journey.scanned[first_page:]]
    assert walked.count("/worried/organisation/") == 1  # only through Change
    walked.remove("/worried/organisation/")
    walked.remove("/worried/check/")  # the first visit, before Change
    assert len(walked) == 9, walked
    assert "/worried/where/" not in walked

    steps = page.locator("[data-action]").evaluate_all(
        "els => els.map(e => e.getAttribute('data-action'))"
    )
    # Camden has set its pathway: it leads, and the helpline is its fallback inside that step.
    assert steps == ["follow_internal_pathway", "duty_to_notify", "respect_their_decision"]
    fallback = page.locator(
        "[data-action='follow_internal_pathway'] [data-fallback='contact_helpline']"
    )
    assert "If you cannot reach them" in fallback.inner_text()
    assert fallback.get_by_role("link", name="08000 121 700").get_attribute("href") == (
        "tel:08000121700"
    )
    assert (
        "council's internal route"
        in page.locator("[data-action='follow_internal_pathway']").inner_text()
    )
    assert "must not identify" in page.locator("[data-action='duty_to_notify']").inner_text()
    # The council's own pathway: who to tell, with a number the officer can tap on a phone.
    pathway = page.get_by_test_id("org-pathway")
    assert "Modern slavery single point of contact (demo)" in pathway.inner_text()
    assert pathway.get_by_role("link", name="020 7946 0321").get_attribute("href") == (
        "tel:02079460321"
    )

    # The housing inspection advice has its own review date.
    assert page.get_by_test_id("advice-reviewed").inner_text() == "(reviewed 1 December 2026)"

    page.get_by_role("button", name="Start a Duty to Notify draft (no identifiers)").click()
    journey.check()
    # A postcode is refused: a DtN must not identify the person.
    page.get_by_label("Where").fill("Flat 2, NW1 2AB")
    page.get_by_role("button", name="Save the draft").click()
    journey.check()
    assert "must not identify the person" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Gender").select_option("male")
    page.get_by_label("Age band").select_option("25_34")
    page.get_by_label("Nationality").select_option("Not known")
    page.get_by_label("Where").fill("Camden")
    page.get_by_label("When").fill("November 2026")
    page.get_by_label("Were the police told?").select_option("no")
    page.get_by_role("button", name="Save the draft").click()
    journey.check()
    assert "Duty to Notify draft" in page.get_by_role("heading", level=1).inner_text()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as PDF").click()
    path = download_info.value.path()
    pdf = open(path, "rb").read()  # noqa: SIM115
    assert pdf.startswith(b"%PDF")
    assert b"(Camden)" in pdf
    for identifier in (b"Name or initials", b"Date of birth", b"NW1", b"ehofficer"):
        assert identifier not in pdf

    draft = ReferralDraft.objects.get()
    assert draft.kind == "dtn"
    assert set(draft.data) <= {
        "gender",
        "age_band",
        "nationality",
        "exploitation_types",
        "where",
        "when",
        "first_responder",
        "police_told",
        "indicators",
    }
