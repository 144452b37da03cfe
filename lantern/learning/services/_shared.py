"""What several learning services share: the learner-facing error, xAPI statement rows, unit
progress and marking answers. Private to ``lantern.learning.services``; import the public names
from the package."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from django.db import connections, router, transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.core.prepared import PreparedInsert, with_sql, writes_together
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
    if statements:
        _forward_soon()


def _forward_soon() -> None:
    """Queue forwarding to the LRS, when there is one. Inside a transaction (database backend)
    it is queued only if the statements commit; statements left unsent by a failure here are
    sent by the daily upkeep job, which forwards every unsent statement."""
    if xapi.setting("LEARNING_LRS_ENDPOINT"):
        from lantern.learning.tasks import xapi_forward

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


def _touch_due(enrolment: Enrolment, unit_id: str) -> bool:
    """Set the part the learner is on and when they were last active, to the minute, on the
    enrolment in memory; True if that needs writing. An answer to the part they are on, within
    a minute of the last write, needs nothing written."""
    now = timezone.now()
    if enrolment.last_unit == unit_id and now - enrolment.last_active_at < ACTIVE_GRAIN:
        return False
    enrolment.last_unit = unit_id
    enrolment.last_active_at = now
    return True


def _touch(enrolment: Enrolment, unit_id: str) -> None:
    """Remember the part the learner is on and when they were last active (``_touch_due``)."""
    if _touch_due(enrolment, unit_id):
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
        f" RETURNING {c['completed_at']} = %s AS first_time"
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


def _completed(
    *, enrolment: Enrolment, unit: Unit, score: int | None, max_score: int | None
) -> Statement:
    """The xAPI 'completed' statement for a unit's first completion (unsaved)."""
    result: dict[str, Any] = {"completion": True}
    if score is not None and max_score:
        result["score"] = {"raw": score, "min": 0, "max": max_score, "scaled": score / max_score}
    return _statement(
        enrolment=enrolment,
        verb="completed",
        activity_type=unit.kind,
        parts=("unit", enrolment.course.slug, unit.id),
        name=unit.title,
        result=result,
    )


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
        _statements_save(
            [_completed(enrolment=enrolment, unit=unit, score=score, max_score=max_score)]
        )
    return first_time


# The text of ``_answered_save``'s one statement, by database, numbers of rows and whether the
# enrolment is written.
_ANSWERED_SQL: dict[tuple[str, int, int, bool], str] = {}


def _answered_sql(alias: str, answers: int, statements: int, touch: bool) -> str:
    key = (alias, answers, statements, touch)
    sql = _ANSWERED_SQL.get(key)
    if sql is None:
        connection = connections[alias]
        q = connection.ops.quote_name
        parts = [("attempt", ATTEMPT_INSERT.sql(alias, 1))]
        if answers:
            parts.append(("answers", ANSWER_INSERT.sql(alias, answers)))
        if statements:
            parts.append(("statements", STATEMENT_INSERT.sql(alias, statements)))
        if touch:
            meta = Enrolment._meta
            c = {f.name: q(str(f.column)) for f in meta.concrete_fields}
            parts.append(
                (
                    "touched",
                    f"UPDATE {q(meta.db_table)} SET {c['last_unit']} = %s,"  # noqa: S608
                    f" {c['last_active_at']} = %s WHERE {c['id']} = %s",
                )
            )
        parts.append(("progress", _progress_sql(connection)[1]))
        parts.append(
            (
                "completed",
                STATEMENT_INSERT.sql_if(
                    alias, "EXISTS (SELECT 1 FROM progress WHERE progress.first_time)"
                ),
            )
        )
        sql = _ANSWERED_SQL[key] = with_sql(parts, "SELECT first_time FROM progress")
    return sql


def _answered_save(
    *,
    enrolment: Enrolment,
    unit: Unit,
    attempt: Attempt,
    rows: Sequence[Answer],
    statements: Sequence[Statement],
    score: int,
    max_score: int,
) -> bool:
    """Store a marked attempt with its answers and their xAPI statements, remember where the
    learner is, and mark the unit done (a new score replaces the old; the first completion is
    an xAPI 'completed'). True the first time the unit is done.

    All of it commits together or not at all. On PostgreSQL it is one statement (a
    data-modifying ``WITH``, ADR 9): one round trip, where a transaction of single statements
    takes one for each write and two more for BEGIN and COMMIT. The 'completed' statement is
    built every time and written only where the progress row says this completion is the
    first. Elsewhere, and for more rows than one statement takes, the same writes go in one
    transaction."""
    alias = router.db_for_write(Attempt)
    fields = (len(ATTEMPT_INSERT.fields), len(ANSWER_INSERT.fields), len(STATEMENT_INSERT.fields))
    most = fields[0] + fields[1] * len(rows) + fields[2] * (len(statements) + 1) + 3 + 7
    if not writes_together(alias, most):
        with transaction.atomic(using=alias):
            ATTEMPT_INSERT.save([attempt])
            _answers_save(rows, statements)
            _touch(enrolment, unit.id)
            return _unit_complete(enrolment=enrolment, unit=unit, score=score, max_score=max_score)
    connection = connections[alias]
    params = (
        ATTEMPT_INSERT.params([attempt], alias)
        + ANSWER_INSERT.params(rows, alias)
        + STATEMENT_INSERT.params(statements, alias)
    )
    touch = _touch_due(enrolment, unit.id)
    if touch:
        meta = Enrolment._meta
        params += [
            enrolment.last_unit,
            meta.get_field("last_active_at").get_db_prep_save(enrolment.last_active_at, connection),
            meta.pk.get_db_prep_save(enrolment.pk, connection),  # type: ignore[union-attr]
        ]
    key, now = _progress_params(enrolment, connection)
    params += [key, unit.id, now, now, score, max_score, now]
    completed = _completed(enrolment=enrolment, unit=unit, score=score, max_score=max_score)
    params += STATEMENT_INSERT.params([completed], alias)
    with connection.cursor() as cursor:
        cursor.execute(_answered_sql(alias, len(rows), len(statements), touch), params)
        first_time = bool(cursor.fetchone()[0])
    PreparedInsert.saved([attempt, *rows, *statements, *([completed] if first_time else [])], alias)
    _forward_soon()
    return first_time


def _marked(
    *,
    enrolment: Enrolment,
    attempt: Attempt,
    questions: Sequence[Question],
    answers: Mapping[str, Sequence[str]],
) -> tuple[int, list[Answer], list[Statement]]:
    """Mark the answers: the score, and the unsaved answer rows and xAPI statements."""
    score = 0
    rows = []
    statements = []
    for question in questions:
        selected = [o for o in answers.get(question.id, []) if question.option(o) is not None]
        if not selected:
            raise LearningError("Answer every question")
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
) -> int:
    score, rows, statements = _marked(
        enrolment=enrolment, attempt=attempt, questions=questions, answers=answers
    )
    _answers_save(rows, statements)
    return score
