"""A council's own LMS launches Lantern's course by cmi5, on a phone: Camden's admin (with
two-factor) registers the LMS and downloads the course package; the LMS opens the package's
course for one of its learners, who says what name goes on their certificate, starts the course
and goes back to the LMS, which has heard "initialized" and "terminated". axe on every Lantern
page (Journey.check); the LMS's own pages are not ours to scan."""

from __future__ import annotations

import io
import zipfile
from typing import Any
from xml.etree import ElementTree as ET

from e2e.conftest import Journey
from lantern.accounts.demo import seed_accounts
from lantern.learning import cmi5, services
from lantern.learning.models import Enrolment, LmsLearner
from tests.helpers import current_code
from tests.learning.cmi5_lms import CmiLms

PASSWORD = "demo-journey-password"


def test_a_councils_lms_launches_the_course_and_hears_back_on_a_phone(
    phone_journey: Journey, settings: Any
) -> None:
    from lantern.accounts.models import Organisation, User

    journey = phone_journey
    page = journey.page
    settings.LANTERN_BASE_URL = journey.base_url  # the package's launch address is absolute
    seed_accounts(password=PASSWORD)
    services.course_import(folder=services.courses_dir() / "awareness")

    with CmiLms("Camden Learning Hub") as lms:
        journey.sign_in("orgadmin@demo.lantern.test", PASSWORD)
        page.get_by_label("Security code").fill(
            current_code(User.objects.get(email="orgadmin@demo.lantern.test"))
        )
        page.get_by_role("button", name="Continue").click()
        journey.check()
        camden = Organisation.objects.get(name="Camden Council (demo)")
        journey.visit(f"/organisations/{camden.pk}/members/")  # its table scrolls on its own
        journey.visit("/home/")
        page.get_by_role("link", name="Learning management systems (cmi5)").click()
        journey.check()
        page.get_by_role("link", name="Add a learning management system").first.click()
        journey.check()
        page.get_by_label("Name of the learning management system").fill("Camden Learning Hub")
        page.get_by_label("The LMS's xAPI address").fill(lms.endpoint)
        page.get_by_role("button", name="Add the LMS").click()
        journey.check()
        page.get_by_label("Pathway").select_option(label="Regulatory services")
        with page.expect_download() as download:
            page.get_by_role("button", name="Download the course package").click()
        package = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
        assert package.namelist() == ["cmi5.xml"]
        structure = ET.fromstring(package.read("cmi5.xml"))
        au_url = structure.findtext("c:au/c:url", namespaces={"c": cmi5.COURSE_STRUCTURE_NS})
        assert au_url and au_url.startswith(journey.base_url) and "pathway=regulatory" in au_url

        # The admin's browser is now the learner's: the LMS opens the course for them.
        page.goto(lms.launch_url(au_url, learner="camden-staff-00417"))
        journey.check()
        assert page.url.endswith("/lms/name/")
        assert "Camden Learning Hub did not tell Lantern your name" in page.inner_text("body")
        page.get_by_role("button", name="Continue to the course").click()
        journey.check()
        assert "Enter your full name" in page.locator(".govuk-error-summary").inner_text()
        page.get_by_label("Full name").fill("Jordan Rivers")
        page.get_by_role("button", name="Continue to the course").click()
        journey.check()
        assert page.url.endswith("/learning/awareness/")
        learner = LmsLearner.objects.select_related("user").get()
        assert learner.user.full_name == "Jordan Rivers"
        assert Enrolment.objects.get(user=learner.user).pathway == "regulatory"
        assert lms.only().verbs == ["initialized"]

        # Back to the LMS, from the course page itself (on a phone the menu is folded away).
        page.get_by_role("main").get_by_role("button", name="Return to Camden Learning Hub").click()
        page.wait_for_url(lms.base + "/return/**")  # Lantern's page hands over at once
        assert "Statements received: initialized, terminated" in page.inner_text("body")
        assert not lms.only().refusals

        # Lantern signed the browser out on the way.
        journey.visit("/learning/")
        assert "/sign-in/" in page.url

        # Next time, the name is known; an LMS that gives no return address gets a page.
        page.goto(lms.launch_url(au_url, learner="camden-staff-00417", return_url=None))
        journey.check()
        assert page.url.endswith("/learning/awareness/")
        menu = page.get_by_role("button", name="Menu")  # now the header's way back
        if menu.is_visible():
            menu.click()
        page.get_by_role("banner").get_by_role(
            "button", name="Return to Camden Learning Hub"
        ).click()
        journey.check()
        assert "You can close this window" in page.inner_text("body")
        assert LmsLearner.objects.count() == 1
