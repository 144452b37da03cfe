"""What several learning services share: the learner-facing error, xAPI statement rows, unit
progress and marking answers. Private to ``lantern.learning.services``; import the public names
from the package."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from django.db import connections, router
from django.utils import timezone

from lantern.accounts.models import User
from lantern.core.prepared import PreparedInsert
from lantern.learning import rules, xapi
from lantern.learning.models import (
    Answer,
    Attempt,
    Enrolment,
    LearnerPseudonym,
    Statement,
    UnitProgress,
)
from lantern.learning.spec import Question, Unit

# The INSERTs an answer or a choice makes, built once (ADR 9): one statement for each table.
ATTEMPT_INSERT = PreparedInsert(Attempt)
ANSWER_INSERT = PreparedInsert(Answer)
STATEMENT_INSERT = PreparedInsert(Statement)


class LearningError(Exception):
    """A request the learner's state does not allow (shown as a message, never a 500)."""


def pseudonym_known(user: User, key: uuid.UUID) -> None:
    """Remember a pseudonym read elsewhere (with the enrolment), so that recording a statement
    for this user in this request does not read it again."""
    user._lantern_xapi_key = key  # type: ignore[attr-defined]


def _pseudonym(user: User) -> uuid.UUID:
    cached: uuid.UUID | None = getattr(user, "_lantern_xapi_key", None)
    if cached is None:
        row, _ = LearnerPseudonym.objects.get_or_create(user=user)
        cached = row.key
        user._lantern_xapi_key = cached  # type: ignore[attr-defined]
    return cached


def _statement(
    *,
    enrolment: Enrolment,
    verb: str,
    activity_type: str,
    parts: Sequence[str],
    name: str,
    result: dict[str, Any] | None = None,
) -> Statement:
    """An unsaved xAPI statement row for one learning event (pseudonymous actor)."""
    key = _pseudonym(enrolment.user)
    course_iri = xapi.activity_iri("course", enrolment.course.slug)
    payload = xapi.build_statement(
        actor_key=key,
        verb=verb,
        activity=xapi.activity_iri(*parts) if parts else course_iri,
        activity_type=activity_type,
        name=name,
        result=result,
        registration=enrolment.pk,
        parent=course_iri if parts else None,
        extensions={"pathway": enrolment.pathway},
    )
    return Statement(
        id=uuid.UUID(payload["id"]),
        actor_key=key,
        verb=verb,
        object_id=payload["object"]["id"],
        payload=payload,
    )


def _statements_save(statements: Sequence[Statement]) -> None:
    STATEMENT_INSERT.save(statements)
    if statements and xapi.setting("LEARNING_LRS_ENDPOINT"):
        from lantern.learning.tasks import xapi_forward

        # Queued in the same transaction (database backend): sent only if the statements commit.
        xapi_forward.enqueue()


def statement_record(
    *,
    enrolment: Enrolment,
    verb: str,
    activity_type: str,
    parts: Sequence[str],
    name: str,
    result: dict[str, Any] | None = None,
) -> Statement:
    statement = _statement(
        enrolment=enrolment,
        verb=verb,
        activity_type=activity_type,
        parts=parts,
        name=name,
        result=result,
    )
    _statements_save([statement])
    return statement


ACTIVE_GRAIN = timedelta(minutes=1)


def _touch(enrolment: Enrolment, unit_id: str) -> None:
    """Remember the part the learner is on and when they were last active, to the minute: an
    answer to the part they are on, within a minute of the last write, writes nothing."""
    now = timezone.now()
    if enrolment.last_unit == unit_id and now - enrolment.last_active_at < ACTIVE_GRAIN:
        return
    enrolment.last_unit = unit_id
    enrolment.last_active_at = now
    enrolment.save(update_fields=["last_unit", "last_active_at"])


def _progress_sql(connection: Any) -> tuple[str, str]:
    """The two statements that write a unit's progress row, each one round trip (PostgreSQL
    and SQLite 3.35+), in place of get_or_create's SELECT, SAVEPOINT, INSERT, RELEASE (and then
    an UPDATE):

    - start: INSERT .. ON CONFLICT DO NOTHING RETURNING id (a row back: it was made now);
    - complete: INSERT .. ON CONFLICT DO UPDATE that keeps the first completion time and puts a
      new score in place of the old; RETURNING says whether the stored time is the one we sent,
      that is, whether this is the first completion.

    Only names from the model's own metadata go into the text (quoted); values are parameters."""
    meta = UnitProgress._meta
    q = connection.ops.quote_name
    t = q(meta.db_table)
    c = {f.name: q(f.column) for f in meta.concrete_fields}
    key = f"{c['enrolment']}, {c['unit']}"
    start = (
        f"INSERT INTO {t} ({key}, {c['started_at']}) VALUES (%s, %s, %s)"  # noqa: S608
        f" ON CONFLICT ({key}) DO NOTHING RETURNING {c['id']}"
    )
    complete = (
        f"INSERT INTO {t} ({key}, {c['started_at']}, {c['completed_at']}, {c['score']},"  # noqa: S608
        f" {c['max_score']}) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT ({key}) DO UPDATE SET"
        f" {c['completed_at']} = COALESCE({t}.{c['completed_at']}, excluded.{c['completed_at']}),"
        f" {c['score']} = COALESCE(excluded.{c['score']}, {t}.{c['score']}),"
        f" {c['max_score']} = COALESCE(excluded.{c['max_score']}, {t}.{c['max_score']})"
        f" RETURNING {c['completed_at']} = %s"
    )
    return start, complete


def _progress_params(enrolment: Enrolment, connection: Any) -> tuple[Any, Any]:
    """The enrolment key and the current time, as this database takes them."""
    meta = UnitProgress._meta
    return (
        meta.get_field("enrolment").get_db_prep_save(enrolment.pk, connection),
        meta.get_field("started_at").get_db_prep_save(timezone.now(), connection),
    )


def _unit_start(*, enrolment: Enrolment, unit: Unit) -> bool:
    """Make the unit's progress row if there is none; True if it was made now."""
    connection = connections[router.db_for_write(UnitProgress)]
    key, now = _progress_params(enrolment, connection)
    with connection.cursor() as cursor:
        cursor.execute(_progress_sql(connection)[0], [key, unit.id, now])
        return cursor.fetchone() is not None


def _unit_complete(
    *, enrolment: Enrolment, unit: Unit, score: int | None = None, max_score: int | None = None
) -> bool:
    """Mark the unit done (a new score replaces the old); True the first time it is done, when
    the xAPI 'completed' statement is recorded."""
    connection = connections[router.db_for_write(UnitProgress)]
    key, now = _progress_params(enrolment, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            _progress_sql(connection)[1], [key, unit.id, now, now, score, max_score, now]
        )
        first_time = bool(cursor.fetchone()[0])
    if first_time:
        result: dict[str, Any] = {"completion": True}
        if score is not None and max_score:
            result["score"] = {
                "raw": score,
                "min": 0,
                "max": max_score,
                "scaled": score / max_score,
            }
        statement_record(
            enrolment=enrolment,
            verb="completed",
            activity_type=unit.kind,
            parts=("unit", enrolment.course.slug, unit.id),
            name=unit.title,
            result=result,
        )
    return first_time


def _marked(
    *,
    enrolment: Enrolment,
    attempt: Attempt,
    questions: Sequence[Question],
    answers: Mapping[str, Sequence[str]],
    dont_know: bool = False,
) -> tuple[int, list[Answer], list[Statement]]:
    """Mark the answers: the score, and the unsaved answer rows and xAPI statements.

    With ``dont_know`` (the checks that measure), "I do not know yet" is an answer: stored as
    chosen, never right, and in the 'answered' statement as the response "dont-know" with
    success false. Chosen with another option it is refused, as the form refuses it."""
    score = 0
    rows = []
    statements = []
    for question in questions:
        selected = [
            o
            for o in answers.get(question.id, [])
            if question.option(o) is not None or (dont_know and o == rules.DONT_KNOW)
        ]
        if not selected:
            raise LearningError("Answer every question")
        if rules.dont_know_mixed(selected):
            raise LearningError(
                f"Choose the answers you think are right, or '{rules.DONT_KNOW_TEXT}', not both"
            )
        if question.kind == "single" and len(selected) != 1:
            raise LearningError("Choose one answer for each single-choice question")
        correct = rules.answer_is_correct(correct=question.correct_ids, selected=selected)
        score += int(correct)
        rows.append(Answer(attempt=attempt, item=question.id, selected=selected, correct=correct))
        statements.append(
            _statement(
                enrolment=enrolment,
                verb="answered",
                activity_type="question",
                parts=("question", enrolment.course.slug, question.id),
                name=question.stem[:200],
                result={"success": correct, "response": "[,]".join(selected)},
            )
        )
    return score, rows, statements


def _answers_save(rows: Sequence[Answer], statements: Sequence[Statement]) -> None:
    # One INSERT for the answers and one for their xAPI statements, not one per question.
    ANSWER_INSERT.save(rows)
    _statements_save(statements)


def _mark(
    *,
    enrolment: Enrolment,
    attempt: Attempt,
    questions: Sequence[Question],
    answers: Mapping[str, Sequence[str]],
    dont_know: bool = False,
) -> int:
    score, rows, statements = _marked(
        enrolment=enrolment,
        attempt=attempt,
        questions=questions,
        answers=answers,
        dont_know=dont_know,
    )
    _answers_save(rows, statements)
    return score
