"""Enrolment, pathways and progress through the units, up to completing the course."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from lantern.accounts.models import Membership, User
from lantern.learning import rules
from lantern.learning.models import (
    Attempt,
    AttemptKind,
    Certificate,
    Course,
    Enrolment,
    Refresher,
    UnitProgress,
)
from lantern.learning.services._shared import (
    LearningError,
    _touch,
    _unit_complete,
    _unit_start,
    statement_record,
)
from lantern.learning.services.certificates import certificate_issue
from lantern.learning.services.cmi5 import lms_completion_record
from lantern.learning.services.courses import course_spec
from lantern.learning.spec import Unit


def _home_membership(user: User) -> Membership | None:
    memberships = list(user.memberships.select_related("organisation", "team"))
    for membership in memberships:
        if membership.role == "learner":
            return membership
    return memberships[0] if memberships else None


def pathway_suggested(*, user: User, course: Course) -> str:
    """The pathway a learner would start on, from their organisation's type: what the start
    page names and what ``enrolment_start`` uses (kept here so that the two always agree)."""
    membership = _home_membership(user)
    spec = course_spec(course)
    return rules.pathway_for(
        org_type=membership.organisation.org_type if membership else None,
        job_title="",
        available=spec.pathway_ids(),
    )


@transaction.atomic
def enrolment_start(
    *, user: User, course: Course, pathway: str | None = None, job_title: str = ""
) -> Enrolment:
    """Enrol (or return the existing enrolment). The pathway comes from the organisation type
    unless the learner chose one."""
    existing = Enrolment.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing
    spec = course_spec(course)
    membership = _home_membership(user)
    if pathway not in spec.pathway_ids():
        pathway = rules.pathway_for(
            org_type=membership.organisation.org_type if membership else None,
            job_title=job_title,
            available=spec.pathway_ids(),
        )
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                user=user,
                course=course,
                pathway=pathway,
                organisation=membership.organisation if membership else None,
                team=membership.team if membership else None,
            )
    except IntegrityError:  # a double submit: the other request enrolled first
        return Enrolment.objects.get(user=user, course=course)
    statement_record(
        enrolment=enrolment, verb="launched", activity_type="course", parts=(), name=spec.title
    )
    return enrolment


@transaction.atomic
def enrolment_pathway_change(*, enrolment: Enrolment, pathway: str) -> Enrolment:
    spec = course_spec(enrolment.course)
    if pathway not in spec.pathway_ids():
        raise LearningError("Choose one of the pathways listed")
    if enrolment.completed_at is not None:
        raise LearningError("You have finished this course, so its pathway cannot change")
    enrolment.pathway = pathway
    # "Continue" then starts from the new pathway's first unfinished unit, in order, not from
    # wherever the learner last was on the old one.
    enrolment.last_unit = ""
    enrolment.save(update_fields=["pathway", "last_unit"])
    return enrolment


def unit_open(*, enrolment: Enrolment, unit: Unit) -> None:
    """Remember where the learner is; the first opening of a unit is an xAPI 'launched'.

    Reopening the unit the learner is already on writes nothing: every service that sets
    ``last_unit`` has made the unit's progress row in the same transaction, so there is nothing
    to record (and a page reload costs no transaction)."""
    if enrolment.last_unit == unit.id:
        return
    with transaction.atomic():
        created = _unit_start(enrolment=enrolment, unit=unit)
        _touch(enrolment, unit.id)
        if created:
            statement_record(
                enrolment=enrolment,
                verb="launched",
                activity_type=unit.kind,
                parts=("unit", enrolment.course.slug, unit.id),
                name=unit.title,
            )


@transaction.atomic
def page_complete(*, enrolment: Enrolment, unit: Unit) -> None:
    if unit.kind != "page":
        raise LearningError("This part is finished by answering it")
    _touch(enrolment, unit.id)
    _unit_complete(enrolment=enrolment, unit=unit)


def enrolment_units_done(*, enrolment: Enrolment) -> bool:
    spec = course_spec(enrolment.course)
    required = {u.id for u in spec.required_units(enrolment.pathway)}
    done = set(
        UnitProgress.objects.filter(
            enrolment=enrolment, unit__in=required, completed_at__isnull=False
        ).values_list("unit", flat=True)
    )
    return required <= done


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment) -> Certificate | None:
    """Called when the post-course check is submitted: certificate and refreshers follow."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.completed_at is not None:
        return Certificate.objects.filter(enrolment=enrolment).first()
    post = Attempt.objects.filter(
        enrolment=enrolment, kind=AttemptKind.POST, submitted_at__isnull=False
    ).first()
    if post is None or not enrolment_units_done(enrolment=enrolment):
        return None
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    spec = course_spec(enrolment.course)
    statement_record(
        enrolment=enrolment,
        verb="completed",
        activity_type="course",
        parts=(),
        name=spec.title,
        result={"completion": True},
    )
    today = timezone.localdate()
    Refresher.objects.bulk_create(
        [
            Refresher(enrolment=enrolment, months=m, due_on=rules.add_months(today, m))
            for m in rules.REFRESHER_MONTHS
        ]
    )
    lms_completion_record(enrolment=enrolment)
    return certificate_issue(enrolment=enrolment)


def demo_unit_complete(*, enrolment: Enrolment, unit: Unit) -> None:
    """Mark a unit done without taking it: demo data and browser-test set-up only."""
    if settings.LANTERN_ENV not in {"demo", "test"}:
        raise LearningError("only in demo or test")
    _unit_complete(enrolment=enrolment, unit=unit)
