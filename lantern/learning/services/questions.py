"""Questions: module quizzes and the pre- and post-course checks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from lantern.learning import rules
from lantern.learning.models import Attempt, AttemptKind, ConfidenceRating, Enrolment
from lantern.learning.services._shared import (
    ATTEMPT_INSERT,
    LearningError,
    _answers_save,
    _mark,
    _marked,
    _touch,
    _unit_complete,
    statement_record,
)
from lantern.learning.services.courses import course_spec
from lantern.learning.services.progress import enrolment_complete, enrolment_units_done
from lantern.learning.spec import Unit

PASS_MARK = rules.PASS_MARK


@transaction.atomic
def quiz_submit(
    *, enrolment: Enrolment, unit: Unit, answers: Mapping[str, Sequence[str]]
) -> Attempt:
    if unit.kind != "questions":
        raise LearningError("This part has no questions")
    spec = course_spec(enrolment.course)
    questions = [spec.bank[i] for i in unit.items]
    attempt = Attempt(
        enrolment=enrolment, kind=AttemptKind.QUIZ, unit=unit.id, items=list(unit.items)
    )
    score, rows, statements = _marked(
        enrolment=enrolment, attempt=attempt, questions=questions, answers=answers
    )
    attempt.score, attempt.max_score = score, len(questions)
    attempt.submitted_at = timezone.now()
    ATTEMPT_INSERT.save([attempt])  # marked first, so one INSERT and no UPDATE
    _answers_save(rows, statements)
    _touch(enrolment, unit.id)
    _unit_complete(enrolment=enrolment, unit=unit, score=score, max_score=len(questions))
    return attempt


@transaction.atomic
def check_start(*, enrolment: Enrolment, kind: str) -> Attempt:
    """The pre- or post-course check: the questions that suit the learner's pathway (general
    ones and the pathway's own), different items before and after, spread across topics.

    Both prefer questions the learner does not meet in the modules' checks (where the answers
    are shown): the pathway's module questions, and any others they answered in a module's
    check (on a pathway they have since left). Those are taken only when too few others
    are left, so neither check repeats a module's question if the bank allows."""
    if kind not in (AttemptKind.PRE, AttemptKind.POST):
        raise LearningError("Unknown check")
    existing = Attempt.objects.filter(enrolment=enrolment, kind=kind).first()
    if existing is not None:
        return existing
    spec = course_spec(enrolment.course)
    exclude: list[str] = []
    seen = spec.module_check_items(enrolment.pathway)
    if kind == AttemptKind.POST:
        pre = Attempt.objects.filter(enrolment=enrolment, kind=AttemptKind.PRE).first()
        exclude = list(pre.items) if pre else []
        for items in Attempt.objects.filter(enrolment=enrolment, kind=AttemptKind.QUIZ).values_list(
            "items", flat=True
        ):
            seen.update(items)
    items = rules.choose_items(
        bank=spec.bank_pairs(enrolment.pathway),
        count=spec.check_items,
        seed=f"{enrolment.pk}:{kind}",
        exclude=exclude,
        seen=seen,
    )
    try:
        with transaction.atomic():
            return Attempt.objects.create(enrolment=enrolment, kind=kind, items=items)
    except IntegrityError:
        return Attempt.objects.get(enrolment=enrolment, kind=kind)


@transaction.atomic
def check_submit(
    *,
    enrolment: Enrolment,
    kind: str,
    answers: Mapping[str, Sequence[str]],
    identify: int,
    respond: int,
    refer: int,
) -> Attempt:
    started = check_start(enrolment=enrolment, kind=kind)
    # Two submissions at once (a double click, a second tab) wait here for each other: the
    # second sees the first's answers and returns them, instead of writing its own and hitting
    # the one-answer-per-item constraint.
    attempt = Attempt.objects.select_for_update().get(pk=started.pk)
    if attempt.submitted_at is not None:
        return attempt
    if kind == AttemptKind.POST and not enrolment_units_done(enrolment=enrolment):
        raise LearningError("Finish every part of your pathway before the final check")
    spec = course_spec(enrolment.course)
    questions = [spec.bank[i] for i in attempt.items]
    score = _mark(
        enrolment=enrolment, attempt=attempt, questions=questions, answers=answers, dont_know=True
    )
    attempt.score, attempt.max_score, attempt.submitted_at = score, len(questions), timezone.now()
    attempt.save(update_fields=["score", "max_score", "submitted_at"])
    ConfidenceRating.objects.update_or_create(
        enrolment=enrolment,
        phase=kind,
        defaults={"identify": identify, "respond": respond, "refer": refer},
    )
    if kind == AttemptKind.POST:
        percent = rules.percent(score, len(questions))
        statement_record(
            enrolment=enrolment,
            verb="passed" if percent >= PASS_MARK else "failed",
            activity_type="assessment",
            parts=("check", enrolment.course.slug, "post"),
            name=f"{spec.title}: final check",
            result={
                "success": percent >= PASS_MARK,
                "score": {"raw": score, "min": 0, "max": len(questions), "scaled": percent / 100},
            },
        )
        enrolment_complete(enrolment=enrolment)
    return attempt
