"""Refreshers: the short checks due months after completing a course, and their reminders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from lantern.learning import rules
from lantern.learning.models import Attempt, AttemptKind, Refresher
from lantern.learning.services._shared import LearningError, _mark, statement_record
from lantern.learning.services.courses import course_spec


def refresher_ready(*, refresher: Refresher, today: date | None = None) -> bool:
    """A refresher may be taken from its due date; one already taken stays open for its result."""
    return refresher.completed_at is not None or refresher.due_on <= (today or timezone.localdate())


@transaction.atomic
def refresher_start(*, refresher: Refresher) -> Attempt:
    if refresher.attempt_id is None:  # re-read under a lock: two tabs start one attempt
        locked = Refresher.objects.select_for_update().get(pk=refresher.pk)
        refresher.attempt_id = locked.attempt_id
    if refresher.attempt is not None:
        return refresher.attempt
    if not refresher_ready(refresher=refresher):
        raise LearningError(f"This refresher opens on {refresher.due_on:%-d %B %Y}")
    enrolment = refresher.enrolment
    spec = course_spec(enrolment.course)
    items = rules.choose_items(
        bank=spec.refresher_pairs(enrolment.pathway),
        count=spec.refresher_items,
        seed=f"{refresher.pk}:refresher",
    )
    attempt = Attempt.objects.create(enrolment=enrolment, kind=AttemptKind.REFRESHER, items=items)
    refresher.attempt = attempt
    refresher.save(update_fields=["attempt"])
    return attempt


@transaction.atomic
def refresher_submit(*, refresher: Refresher, answers: Mapping[str, Sequence[str]]) -> Refresher:
    refresher = Refresher.objects.select_for_update().get(pk=refresher.pk)
    if refresher.completed_at is not None:
        return refresher
    if not refresher_ready(refresher=refresher):
        raise LearningError(f"This refresher opens on {refresher.due_on:%-d %B %Y}")
    attempt = refresher_start(refresher=refresher)
    enrolment = refresher.enrolment
    spec = course_spec(enrolment.course)
    questions = [spec.bank[i] for i in attempt.items]
    # "I do not know yet" here too: what is kept is a refresher's score beside the final
    # check's, so the two must be measured the same way.
    score = _mark(
        enrolment=enrolment, attempt=attempt, questions=questions, answers=answers, dont_know=True
    )
    now = timezone.now()
    attempt.score, attempt.max_score, attempt.submitted_at = score, len(questions), now
    attempt.save(update_fields=["score", "max_score", "submitted_at"])
    refresher.completed_at, refresher.score, refresher.max_score = now, score, len(questions)
    refresher.save(update_fields=["completed_at", "score", "max_score"])
    statement_record(
        enrolment=enrolment,
        verb="refreshed",
        activity_type="assessment",
        parts=("refresher", enrolment.course.slug, str(refresher.months)),
        name=f"{spec.title}: {refresher.months}-month refresher",
        result={
            "completion": True,
            "score": {
                "raw": score,
                "min": 0,
                "max": len(questions),
                "scaled": score / len(questions),
            },
        },
    )
    return refresher


def refreshers_notify_due(*, today: date | None = None) -> int:
    """Queue one email per refresher that is due and not yet notified. Safe to run daily."""
    from lantern.learning.tasks import refresher_email

    today = today or timezone.localdate()
    count = 0
    due = Refresher.objects.filter(
        due_on__lte=today, notified_at__isnull=True, completed_at__isnull=True
    ).values_list("pk", flat=True)
    for refresher_id in list(due):
        with transaction.atomic():
            claimed = Refresher.objects.filter(pk=refresher_id, notified_at__isnull=True).update(
                notified_at=timezone.now()
            )
            if claimed:
                refresher_email.enqueue(refresher_id=str(refresher_id))
                count += 1
    return count


def refresher_notice_failed(*, refresher_id: str) -> None:
    """The reminder could not be sent: release the claim, so that the next daily run tries
    again (a learner is never left without their reminder because the mail server was down)."""
    Refresher.objects.filter(pk=refresher_id, completed_at__isnull=True).update(notified_at=None)
