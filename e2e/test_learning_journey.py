"""A nurse on a phone: the questions at the start (with 'I do not know yet'), the health pathway's
first module and case study, certificate, digital badge, public check."""

from __future__ import annotations

from e2e.conftest import Journey
from lantern.accounts.demo import seed_accounts
from lantern.accounts.models import User
from lantern.learning import services
from lantern.learning.models import Answer, Attempt, Certificate, Enrolment

PASSWORD = "demo-journey-password"
# General questions that no health module's check asks: one select-all, four single-choice.
PRE_ITEMS = [
    "signs-domestic",
    "helpline-number",
    "control-why-stay",
    "age-disputed",
    "talking-open",
]


def _choose(journey: Journey, label: str) -> None:
    page = journey.page
    page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Choose").click()
    journey.check()


def _answer_all(journey: Journey, spec, item_ids, button: str, confidence: bool = False) -> None:
    page = journey.page
    for item in item_ids:
        question = spec.bank[item]
        for option in question.options:
            if option.correct:
                page.locator(f"input[name='q_{item}'][value='{option.id}']").check()
    if confidence:
        for name in ("identify", "respond", "refer"):
            page.locator(f"input[name='{name}'][value='4']").check()
    page.get_by_role("button", name=button).click()
    journey.check()


def test_nurse_completes_health_pathway_on_a_phone(phone_journey: Journey) -> None:
    journey = phone_journey
    seed_accounts(password=PASSWORD)
    course = services.course_import(folder=services.courses_dir() / "awareness")
    spec = services.course_spec(course)

    page = journey.visit("/sign-in/")
    page.get_by_label("Email address").fill("learner@demo.lantern.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    journey.check()
    page.get_by_role("link", name="My learning").first.click()
    journey.check()
    page.get_by_role("link", name="Start Modern slavery awareness").click()
    journey.check()
    page.get_by_role("button", name="Start the course").click()
    journey.check()

    enrolment = Enrolment.objects.get(user__email="learner@demo.lantern.test")
    assert enrolment.pathway == "health"
    # The questions at the start, fixed so that the journey meets a select-all question.
    Attempt.objects.filter(enrolment=enrolment, kind="pre").update(items=PRE_ITEMS)
    journey.visit("/learning/awareness/check/pre/")
    assert "It is fine not to know yet" in page.get_by_test_id("dont-know-intro").inner_text()
    # 'I do not know yet' comes after an 'or' in every question, and in a select-all question
    # it is exclusive: ticking it unticks an answer already ticked (GOV.UK Frontend).
    assert page.locator(".govuk-radios__divider, .govuk-checkboxes__divider").count() == 5
    answer = page.locator("input[name='q_signs-domestic'][value='a']")
    answer.check()
    dont_know = page.locator("input[name='q_signs-domestic'][value='dont-know']")
    page.locator(f"label[for='{dont_know.get_attribute('id')}']").click()
    assert dont_know.is_checked() and not answer.is_checked()
    page.locator("input[name='q_helpline-number'][value='dont-know']").check()
    _answer_all(journey, spec, PRE_ITEMS[2:], "Submit answers", confidence=True)
    assert "that is your starting point" in page.content()
    assert "You got 3 out of 5 right" in page.content()
    assert page.get_by_text("Not known yet").count() == 2
    assert Answer.objects.filter(attempt__enrolment=enrolment, correct=False).count() == 2
    page.get_by_role("link", name="Start the first part").click()
    journey.check()

    # Module 1, taken in the browser: three pages and the questions.
    for _ in range(3):
        page.get_by_role("button", name="Continue").click()
        journey.check()
    _answer_all(journey, spec, spec.units["what-it-is.check"].items, "Check answers")
    assert "You got 3 out of 3 right" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The health case study, with a wrong turn and a jump back.
    journey.visit("/learning/awareness/unit/health.case-ae/")
    _choose(journey, "Ask the cousin to interpret so that you can take a history quickly.")
    assert "the companion controls what is said" in page.get_by_test_id("feedback").inner_text()
    _choose(journey, "Think again about how to talk with Ana.")
    _choose(
        journey,
        "Say that you need to examine the hand and that relatives wait outside for this part.",
    )
    _choose(
        journey, 'Ask an open question: "Can you tell me more about your work and where you live?"'
    )
    _choose(
        journey,
        "Tell her what support exists, without promises. Contact the safeguarding lead now, while she is in the department.",
    )
    # The best ending, less the cousin's share of the best points on the way.
    assert "Score: 75 out of 100" in page.get_by_test_id("scenario-score").inner_text()
    assert "Ask the cousin to interpret" in page.get_by_test_id("scenario-costly").inner_text()

    # The remaining modules are marked done through the service layer to keep this fast.
    for unit in spec.required_units("health"):
        services.demo_unit_complete(enrolment=enrolment, unit=unit)
    journey.visit("/learning/awareness/")
    page.get_by_role("link", name="Take the final check").click()
    journey.check()
    post = services.check_start(enrolment=enrolment, kind="post")
    _answer_all(journey, spec, post.items, "Submit answers", confidence=True)
    assert "What the course changed for you" in page.get_by_test_id("gain").inner_text()
    code = page.get_by_test_id("certificate-code").inner_text()
    assert Certificate.objects.get(code=code).enrolment_id == enrolment.pk

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    path = download_info.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    # The same certificate as an Open Badge: the page says what it holds, then the download.
    page.get_by_role("link", name="Get your digital badge").click()
    journey.check()
    assert "What the badge holds" in page.content()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your badge (SVG image)").click()
    assert download_info.value.suggested_filename == f"lantern-badge-{code}.svg"
    with open(download_info.value.path(), "rb") as svg:
        badge = svg.read()
    assert b'<openbadges:credential verify="' in badge

    # Anyone can check it by its code: a visitor who is not signed in.
    page.context.clear_cookies()
    journey.visit("/verify/")
    page.get_by_label("Certificate code").fill(code.replace("-", " ").lower())
    page.get_by_role("button", name="Check certificate").click()
    journey.check()
    assert page.get_by_test_id("status").inner_text() == "Valid"
    name = User.objects.get(email="learner@demo.lantern.test").full_name
    assert name in page.content()

    # An employer who was sent the badge file checks it on the same public page.
    journey.visit("/verify/")
    page.get_by_label("Upload the digital badge").set_input_files(
        {"name": f"lantern-badge-{code}.svg", "mimeType": "image/svg+xml", "buffer": badge}
    )
    page.get_by_role("button", name="Check badge").click()
    journey.check()
    assert page.get_by_test_id("badge-checked").is_visible()
    assert page.get_by_test_id("status").inner_text() == "Valid"
