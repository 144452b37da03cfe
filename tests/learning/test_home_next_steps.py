"""A learner's home page leads with their next step: where to carry on, and a refresher that is
due (PRODUCT.md: a nurse resumes across three sittings, and answers a refresher weeks later)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lantern.accounts.models import OrganisationType
from lantern.core.roles import Role
from lantern.learning import services
from lantern.learning.models import Enrolment, Refresher
from tests.helpers import make_org, make_user, sign_in
from tests.learning.factories import check_done, course

pytestmark = pytest.mark.django_db


@pytest.fixture
def nurse(client: Client):
    org = make_org("Test NHS Trust", org_type=OrganisationType.HEALTH)
    user = make_user(Role.LEARNER, org=org, email="nurse@example.test")
    sign_in(client, user)
    return user


def _steps(client: Client) -> str:
    page = client.get("/home/").content.decode()
    return "\n".join(line for line in page.splitlines() if 'data-testid="next-step"' in line)


def test_nothing_is_offered_before_the_course_is_started(nurse, client: Client) -> None:
    assert _steps(client) == ""


def test_the_home_page_leads_to_the_next_step_of_the_course(nurse, client: Client) -> None:
    enrolment = services.enrolment_start(user=nurse, course=course())
    assert 'href="/learning/awareness/check/pre/"' in _steps(client)
    check_done(enrolment, "pre")
    client.get("/learning/awareness/unit/what-it-is.law/")  # a first sitting, then away
    spec = services.course_spec(course())
    opened = spec.units["what-it-is.law"]
    steps = _steps(client)  # the page opened and not yet finished is where to carry on
    assert f"Continue your course: {opened.title}" in steps
    assert 'href="/learning/awareness/unit/what-it-is.law/"' in steps
    client.post("/learning/awareness/unit/what-it-is.law/")  # Continue: the page is done
    following = spec.next_unit(enrolment.pathway, "what-it-is.law")
    assert following is not None
    assert f'href="/learning/awareness/unit/{following.id}/"' in _steps(client)


def test_a_refresher_that_is_due_is_offered_and_one_that_is_not_is_not(nurse, client) -> None:
    enrolment = services.enrolment_start(user=nurse, course=course())
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now())
    today = timezone.localdate()
    due = Refresher.objects.create(enrolment=enrolment, months=1, due_on=today - timedelta(days=3))
    Refresher.objects.create(enrolment=enrolment, months=3, due_on=today + timedelta(days=50))
    steps = _steps(client)
    assert f'href="/learning/refreshers/{due.pk}/"' in steps
    assert "1-month refresher" in steps and "3-month" not in steps
    assert "Continue your course" not in steps  # finished


def test_other_roles_home_pages_are_unchanged(client: Client) -> None:
    sign_in(client, make_user(Role.FACILITATOR, email="fac@example.test"))
    assert _steps(client) == ""
