"""Refreshers open on their due date, not before, and one already taken shows its result."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lantern.accounts.models import OrganisationType
from lantern.core.roles import Role
from lantern.learning import services
from lantern.learning.models import Attempt, AttemptKind, Enrolment, Refresher
from tests.helpers import make_org, make_user, sign_in
from tests.learning.factories import check_done, course


@pytest.fixture
def refreshers(db):
    org = make_org("Test NHS Trust", org_type=OrganisationType.HEALTH)
    user = make_user(Role.LEARNER, org=org, email="nurse@example.test")
    enrolment = services.enrolment_start(user=user, course=course())
    today = timezone.localdate()
    due = Refresher.objects.create(enrolment=enrolment, months=1, due_on=today)
    later = Refresher.objects.create(
        enrolment=enrolment, months=3, due_on=today + timedelta(days=45)
    )
    client = Client()
    sign_in(client, user)
    return client, due, later


def _right_answers(refresher: Refresher) -> dict[str, list[str]]:
    spec = services.course_spec(course())
    attempt = services.refresher_start(refresher=refresher)
    return {f"q_{i}": list(spec.bank[i].correct_ids) for i in attempt.items}


def test_a_refresher_before_its_due_date_says_when_and_starts_nothing(refreshers) -> None:
    client, _, later = refreshers
    page = client.get(f"/learning/refreshers/{later.pk}/").content.decode()
    assert f"will be ready on {later.due_on:%-d %B %Y}" in page
    assert 'name="q_' not in page and "Check answers" not in page
    later.refresh_from_db()
    assert later.attempt is None
    assert not Attempt.objects.filter(kind=AttemptKind.REFRESHER).exists()


def test_answers_posted_before_the_due_date_are_not_taken(refreshers) -> None:
    client, due, later = refreshers
    answers = _right_answers(due)  # any answers: the early refresher has no questions yet
    client.post(f"/learning/refreshers/{later.pk}/", answers)
    later.refresh_from_db()
    assert later.completed_at is None and later.attempt is None
    with pytest.raises(services.LearningError):
        services.refresher_submit(refresher=later, answers=answers)


def test_a_due_refresher_is_taken_once_then_shows_its_result(refreshers) -> None:
    client, due, _ = refreshers
    page = client.get(f"/learning/refreshers/{due.pk}/").content.decode()
    assert "Check answers" in page
    client.post(f"/learning/refreshers/{due.pk}/", _right_answers(due))
    due.refresh_from_db()
    assert due.completed_at is not None
    page = client.get(f"/learning/refreshers/{due.pk}/").content.decode()
    assert "You got 5 out of 5 right" in page and "Check answers" not in page
    assert Attempt.objects.filter(kind=AttemptKind.REFRESHER).count() == 1


def _finished_with_a_refresher_due(client: Client) -> tuple[Enrolment, Refresher]:
    """A nurse who finished the course with every final-check answer right (100%), signed in
    on ``client``, whose 1-month refresher is due today."""
    org = make_org("Test NHS Trust", org_type=OrganisationType.HEALTH)
    user = make_user(Role.LEARNER, org=org, email="nurse@example.test")
    enrolment = services.enrolment_start(user=user, course=course())
    check_done(enrolment, AttemptKind.PRE)
    for unit in services.course_spec(course()).required_units(enrolment.pathway):
        services.demo_unit_complete(enrolment=enrolment, unit=unit)
    check_done(enrolment, AttemptKind.POST)  # every answer right: 100%
    due = Refresher.objects.get(enrolment=enrolment, months=1)
    Refresher.objects.filter(pk=due.pk).update(due_on=timezone.localdate())
    due.refresh_from_db()
    sign_in(client, user)
    return enrolment, due


def test_the_result_says_1_month_and_whole_percentages(db, client: Client) -> None:
    _, due = _finished_with_a_refresher_due(client)
    client.post(f"/learning/refreshers/{due.pk}/", _right_answers(due))
    page = client.get(f"/learning/refreshers/{due.pk}/").content.decode()
    cells = re.findall(r'<td class="govuk-table__cell">([^<]*)</td>', page)
    assert cells[:3] == ["1 month", "100%", "100%"], cells
    assert "3 months" in cells
    assert ".0%" not in page


def test_what_you_have_kept_is_the_change_in_points_never_a_share_over_100(
    db, client: Client
) -> None:
    enrolment, due = _finished_with_a_refresher_due(client)
    spec = services.course_spec(course())
    answers = _right_answers(due)
    for key in list(answers)[:2]:  # two of five wrong: 60%
        item = spec.bank[key.removeprefix("q_")]
        answers[key] = [next(o.id for o in item.options if o.id not in item.correct_ids)]
    client.post(f"/learning/refreshers/{due.pk}/", answers)
    page = client.get(f"/learning/refreshers/{due.pk}/").content.decode()
    cells = re.findall(r'<td class="govuk-table__cell">([^<]*)</td>', page)
    assert cells[:4] == ["1 month", "60%", "100%", "40 points lower"], cells
    # A refresher above the final check reads as points higher, never as over 100%.
    Attempt.objects.filter(enrolment=enrolment, kind=AttemptKind.POST).update(score=2)
    page = client.get(f"/learning/refreshers/{due.pk}/").content.decode()
    cells = re.findall(r'<td class="govuk-table__cell">([^<]*)</td>', page)
    assert "20 points higher" in cells and "150%" not in page, cells
