"""A prepared read gives what its queryset gives: the same values, converted to the same types,
on SQLite and PostgreSQL; and the learner's enrolment comes back whole in one query."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import QuerySet

from lantern.accounts.models import User
from lantern.core.prepared import PreparedRead, instance, loaded_fields
from lantern.core.roles import Role
from lantern.learning import selectors, services
from lantern.learning.models import Course, Enrolment, LearnerPseudonym
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
