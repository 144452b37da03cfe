"""A prepared read gives what its queryset gives: the same values, converted to the same types,
on SQLite and PostgreSQL; and the learner's enrolment comes back whole in one query. A prepared
insert stores what ``bulk_create`` stores, in one statement."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import QuerySet

from lantern.accounts.models import User
from lantern.core.prepared import PreparedInsert, PreparedRead, instance, loaded_fields
from lantern.core.roles import Role
from lantern.learning import selectors, services
from lantern.learning.models import (
    Answer,
    Attempt,
    AttemptKind,
    Course,
    Enrolment,
    LearnerPseudonym,
    Statement,
)
from tests.helpers import make_org, make_user
from tests.learning.factories import course

pytestmark = pytest.mark.django_db

COLUMNS = [*loaded_fields(Enrolment), "course__cpd_hours", "course__imported_at", "course__id"]


def by_user(user_id: uuid.UUID) -> QuerySet[Any, Any]:
    return Enrolment.objects.filter(user_id=user_id).order_by().values_list(*COLUMNS)


READ = PreparedRead(Enrolment, by_user, [(User._meta.get_field("id"), uuid.UUID(int=0))])


def test_a_row_matches_the_querysets_values_and_types() -> None:
    user = make_user(Role.LEARNER, org=make_org())
    services.enrolment_start(user=user, course=course())
    row = READ.row(user.pk)
    assert row == by_user(user.pk).get()
    assert row is not None
    assert isinstance(row[COLUMNS.index("id")], uuid.UUID)
    assert isinstance(row[COLUMNS.index("course__cpd_hours")], Decimal)
    started = row[COLUMNS.index("started_at")]
    assert started.tzinfo is not None  # an aware datetime, on SQLite too


def test_no_row_is_none_and_arguments_are_parameters() -> None:
    assert READ.row(uuid.uuid4()) is None
    slug = PreparedRead(
        Course,
        lambda s: Course.objects.filter(slug=s).values_list("id"),
        [(Course._meta.get_field("slug"), "\x00marker")],
    )
    course()
    assert slug.row("awareness' OR '1'='1") is None
    assert slug.row("awareness") is not None


def test_a_marker_that_is_not_in_the_query_once_is_refused() -> None:
    twice = PreparedRead(
        Course,
        lambda s: Course.objects.filter(slug=s, title=s).values_list("id"),
        [(Course._meta.get_field("slug"), "\x00marker")],
    )
    with pytest.raises(ValueError, match="appears 2 times"):
        twice.row("x")


def test_an_instance_defers_what_was_not_read(django_assert_num_queries) -> None:
    made = course()
    fields = loaded_fields(Course, leave_out=["spec"])
    values = Course.objects.filter(pk=made.pk).values_list(*fields).get()
    with django_assert_num_queries(0):
        built = instance(Course, fields, values)
        assert (built.pk, built.slug, built.version) == (made.pk, made.slug, made.version)
    assert built.get_deferred_fields() == {"spec"}
    assert built._state.adding is False


def test_the_enrolment_comes_with_its_course_and_pseudonym_in_one_query(
    django_assert_num_queries,
) -> None:
    user = make_user(Role.LEARNER, org=make_org())
    made = services.enrolment_start(user=user, course=course())
    key = LearnerPseudonym.objects.get_or_create(user=user)[0].key
    with django_assert_num_queries(1):
        found = selectors.enrolment_in(user=user, course_slug="awareness", with_xapi_key=True)
        assert found is not None
        assert (found.pk, found.pathway, found.started_at) == (
            made.pk,
            made.pathway,
            made.started_at,
        )
        assert found.course.slug == "awareness" and found.user is user
        assert user._lantern_xapi_key == key  # type: ignore[attr-defined]
    assert found.course.get_deferred_fields() == {"spec"}
    assert selectors.enrolment_in(user=user, course_slug="another") is None
    other = make_user(Role.LEARNER, org=make_org("Other"), email="other@example.test")
    assert selectors.enrolment_in(user=other, course_slug="awareness") is None


def _stored(model: type[Any], pks: list[Any]) -> list[dict[str, Any]]:
    return list(model.objects.filter(pk__in=pks).order_by("pk").values())


def test_a_prepared_insert_stores_what_bulk_create_stores(django_assert_num_queries) -> None:
    """JSON, UUIDs, aware datetimes, booleans, nulls and a foreign key, in one INSERT; the same
    rows through bulk_create read back the same (but for their keys)."""
    user = make_user(Role.LEARNER, org=make_org())
    enrolment = services.enrolment_start(user=user, course=course())

    def attempt() -> Attempt:
        return Attempt(enrolment=enrolment, kind=AttemptKind.QUIZ, unit="u", items=["a", "b"])

    ours, theirs = attempt(), attempt()
    with django_assert_num_queries(1):
        PreparedInsert(Attempt).save([ours])
    Attempt.objects.bulk_create([theirs])
    assert ours._state.adding is False
    mine, other = _stored(Attempt, [ours.pk]), _stored(Attempt, [theirs.pk])
    assert mine[0]["started_at"].tzinfo is not None  # an aware datetime, on SQLite too
    made_now = {"id": None, "started_at": None}  # each row's own key and time
    assert [{**r, **made_now} for r in mine] == [{**r, **made_now} for r in other]
    assert mine[0]["items"] == ["a", "b"] and mine[0]["submitted_at"] is None

    def answers(on: Attempt) -> list[Answer]:
        return [
            Answer(attempt=on, item="q1", selected=["x", "y"], correct=True),
            Answer(attempt=on, item="q2", selected=['it\'s "quoted"'], correct=False),
        ]

    insert = PreparedInsert(Answer)
    with django_assert_num_queries(1):
        insert.save(answers(ours))
    Answer.objects.bulk_create(answers(theirs))
    fields = ["item", "selected", "correct"]
    assert list(Answer.objects.filter(attempt=ours).order_by("item").values(*fields)) == list(
        Answer.objects.filter(attempt=theirs).order_by("item").values(*fields)
    )
    assert Answer.objects.filter(attempt=ours).first().answered_at.tzinfo is not None  # type: ignore[union-attr]

    statement = Statement(
        id=uuid.uuid4(), actor_key=uuid.uuid4(), verb="answered", object_id="x", payload={"a": 1}
    )
    PreparedInsert(Statement).save([statement])
    stored = Statement.objects.get(pk=statement.pk)
    assert (stored.payload, stored.forwarded_at, stored.forward_attempts) == ({"a": 1}, None, 0)
    with django_assert_num_queries(0):
        insert.save([])


def test_a_prepared_insert_larger_than_the_database_takes_goes_in_batches(
    django_assert_num_queries,
) -> None:
    """More parameters than one statement may carry (PostgreSQL 65,535; SQLite its own
    limit): the rows go in several INSERTs, all of them stored."""
    from django.db import connection

    user = make_user(Role.LEARNER, org=make_org())
    enrolment = services.enrolment_start(user=user, course=course())
    attempt = Attempt(enrolment=enrolment, kind=AttemptKind.QUIZ, unit="u", items=[])
    PreparedInsert(Attempt).save([attempt])
    insert = PreparedInsert(Answer)
    limit = connection.features.max_query_params or 999
    count = limit // len(insert.fields) + 10  # one batch and a bit
    rows = [
        Answer(attempt=attempt, item=f"q{i}", selected=["a"], correct=i % 2 == 0)
        for i in range(count)
    ]
    with django_assert_num_queries(2):
        insert.save(rows)
    assert Answer.objects.filter(attempt=attempt).count() == count
    last = Answer.objects.get(attempt=attempt, item=f"q{count - 1}")
    assert (last.selected, last.correct) == (["a"], (count - 1) % 2 == 0)
