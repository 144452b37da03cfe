"""Answering a module's questions stores the attempt, each answer, an xAPI statement per answer,
the learner's place and the unit's progress together: all of it or none of it. On PostgreSQL
that is one statement (ADR 9); elsewhere, and for more rows than one statement takes, one
transaction."""

from __future__ import annotations

import uuid

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from lantern.core.roles import Role
from lantern.learning import services
from lantern.learning.models import (
    Answer,
    Attempt,
    AttemptKind,
    Enrolment,
    Statement,
    UnitProgress,
)
from lantern.learning.services._shared import _answered_save
from tests.helpers import make_org, make_user
from tests.learning.factories import course

pytestmark = pytest.mark.django_db
UNIT = "what-it-is.check"


@pytest.fixture
def enrolment() -> Enrolment:
    user = make_user(Role.LEARNER, org=make_org(org_type="health"))
    return services.enrolment_start(user=user, course=course())


def answers(*, right: bool) -> dict[str, list[str]]:
    spec = services.course_spec(course())
    chosen = {}
    for item in spec.units[UNIT].items:
        question = spec.bank[item]
        wrong = [o.id for o in question.options if not o.correct][:1]
        chosen[item] = list(question.correct_ids) if right else wrong
    return chosen


def counts(enrolment: Enrolment) -> tuple[int, int, int, int]:
    return (
        Attempt.objects.filter(enrolment=enrolment, kind=AttemptKind.QUIZ).count(),
        Answer.objects.filter(attempt__enrolment=enrolment).count(),
        Statement.objects.filter(verb__in=["answered", "completed"]).count(),
        UnitProgress.objects.filter(enrolment=enrolment, completed_at__isnull=False).count(),
    )


def test_a_submission_stores_everything_and_on_postgresql_in_one_statement(enrolment) -> None:
    unit = services.course_spec(course()).units[UNIT]
    with CaptureQueriesContext(connection) as queries:
        attempt = services.quiz_submit(enrolment=enrolment, unit=unit, answers=answers(right=True))
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SELECT")]
    if connection.vendor == "postgresql":
        assert len(writes) == 1 and writes[0].startswith("WITH "), writes
    else:
        assert len(writes) >= 4  # the attempt, the answers, their statements, the progress
    n = len(unit.items)
    assert counts(enrolment) == (1, n, n + 1, 1)
    stored = Attempt.objects.get(pk=attempt.pk)
    assert (stored.score, stored.max_score, stored.unit) == (n, n, UNIT)
    assert stored.submitted_at is not None
    assert not attempt._state.adding  # the returned attempt is marked as saved
    completed = Statement.objects.get(verb="completed")
    assert completed.payload["result"]["score"] == {"raw": n, "min": 0, "max": n, "scaled": 1.0}
    assert completed.actor_key == Statement.objects.filter(verb="answered")[0].actor_key
    # the learner's place is remembered, in the database as in memory
    assert Enrolment.objects.get(pk=enrolment.pk).last_unit == UNIT == enrolment.last_unit


def test_answering_again_records_the_new_score_and_completes_once(enrolment) -> None:
    unit = services.course_spec(course()).units[UNIT]
    services.quiz_submit(enrolment=enrolment, unit=unit, answers=answers(right=True))
    services.quiz_submit(enrolment=enrolment, unit=unit, answers=answers(right=False))
    n = len(unit.items)
    assert counts(enrolment) == (2, 2 * n, 2 * n + 1, 1)
    assert UnitProgress.objects.get(enrolment=enrolment, unit=UNIT).score == 0


def test_a_submission_that_fails_stores_nothing(enrolment) -> None:
    """An attempt whose id is taken fails the whole submission: no answer, statement,
    progress or place is left behind."""
    unit = services.course_spec(course()).units[UNIT]
    taken = Attempt.objects.create(enrolment=enrolment, kind=AttemptKind.QUIZ, unit=UNIT, items=[])
    before = counts(enrolment)
    last_unit = Enrolment.objects.get(pk=enrolment.pk).last_unit
    attempt = Attempt(pk=taken.pk, enrolment=enrolment, kind=AttemptKind.QUIZ, unit=UNIT, items=[])
    rows = [Answer(attempt=attempt, item=i, selected=["a"], correct=True) for i in unit.items]
    with pytest.raises(IntegrityError), transaction.atomic():
        _answered_save(
            enrolment=enrolment,
            unit=unit,
            attempt=attempt,
            rows=rows,
            statements=[],
            score=len(rows),
            max_score=len(rows),
        )
    assert counts(enrolment) == before
    assert Enrolment.objects.get(pk=enrolment.pk).last_unit == last_unit != UNIT


def test_more_rows_than_one_statement_takes_go_in_one_transaction(enrolment) -> None:
    """PostgreSQL takes 65,535 parameters in a statement: 10,000 answers of 5 values each go
    in batches, in one transaction, and are all stored."""
    unit = services.course_spec(course()).units[UNIT]
    attempt = Attempt(id=uuid.uuid4(), enrolment=enrolment, kind=AttemptKind.QUIZ, unit=UNIT)
    attempt.items = []
    rows = [
        Answer(attempt=attempt, item=f"item-{i}", selected=["a"], correct=i % 2 == 0)
        for i in range(10_000)
    ]
    first = _answered_save(
        enrolment=enrolment,
        unit=unit,
        attempt=attempt,
        rows=rows,
        statements=[],
        score=5_000,
        max_score=10_000,
    )
    assert first is True
    assert Answer.objects.filter(attempt=attempt).count() == 10_000
    assert UnitProgress.objects.get(enrolment=enrolment, unit=UNIT).score == 5_000
