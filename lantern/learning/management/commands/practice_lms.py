"""Demo only: a practice LMS on this machine that launches the course by cmi5, so the round trip
(launch, the course, "Return to ...") can be tried by hand beside ``bin/lantern demo``.

It is the LMS the tests launch from (tests/learning/cmi5_lms.py): a real HTTP server written to
the LMS side of the cmi5 specification. It is registered for Camden Council (demo) at its fixed
address, and prints a launch address for a synthetic learner each time Enter is pressed (each
can be used once, as cmi5 requires)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from lantern.accounts.demo import DEMO_DOMAIN
from lantern.accounts.models import Organisation, User
from lantern.core.links import site_url
from lantern.learning import services
from lantern.learning.demo import COHORT_ORG
from lantern.learning.models import LmsConnection

NAME = "Practice LMS (demo)"


class Command(BaseCommand):
    help = "Demo only: serve a practice LMS that launches the course by cmi5 (Ctrl-C to stop)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=8001, help="the practice LMS's port")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.LANTERN_ENV != "demo":
            raise CommandError("The practice LMS is for the demo only (LANTERN_ENV=demo)")
        from tests.learning.cmi5_lms import CmiLms  # the tests' LMS: never in production

        org = Organisation.objects.filter(name=COHORT_ORG).first()
        admin = User.objects.filter(email=f"orgadmin@{DEMO_DOMAIN}").first()
        if org is None or admin is None:
            raise CommandError("Make the demo first: bin/lantern demo")
        with CmiLms(NAME, port=options["port"]) as lms:
            connection = LmsConnection.objects.filter(
                organisation=org, name=NAME, removed_at__isnull=True
            ).first()
            if connection is None:
                connection = services.lms_connection_create(
                    actor=admin, organisation=org, name=NAME, endpoint=lms.endpoint
                )
            au_url = site_url(
                reverse(
                    "lms:launch", kwargs={"connection_id": connection.pk, "course": "awareness"}
                )
            )
            self.stdout.write(
                f"{NAME} is serving at {lms.base}, registered for {org.name}.\n"
                "With bin/lantern demo running, open this address to launch the course as one "
                "of its learners:"
            )
            learner = 0
            try:
                while True:
                    learner += 1
                    self.stdout.write("\n" + lms.launch_url(au_url, learner=f"practice-{learner}"))
                    input("\nPress Enter for another launch address, or Ctrl-C to stop. ")
            except (KeyboardInterrupt, EOFError):
                self.stdout.write("\nStopped.")
