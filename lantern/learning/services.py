"""Every write in the learning app: keyword-only, typed, atomic, and each learning event is
recorded as an xAPI statement in the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.tasks import default_task_backend
from django.utils import timezone

from lantern.accounts.models import Membership, Organisation, User
from lantern.core.audit import audit_record
from lantern.core.links import site_url
from lantern.learning import content, rules, xapi
from lantern.learning.models import (
    Answer,
    Attempt,
    AttemptKind,
    Certificate,
    CertificateStatus,
    ConfidenceRating,
    Course,
    Enrolment,
    LearnerPseudonym,
    Refresher,
    ScenarioChoice,
    ScenarioRun,
    Statement,
    UnitProgress,
)
from lantern.learning.spec import CourseSpec, Question, Unit, spec_for

PASS_MARK = 80  # percent on the post-course check for an xAPI "passed"


class LearningError(Exception):
    """A request the learner's state does not allow (shown as a message, never a 500)."""


# --- Content -----------------------------------------------------------------------------------


def courses_dir() -> Path:
    return Path(settings.CONTENT_DIR) / "courses"


@transaction.atomic
def course_import(*, folder: Path) -> Course:
    """Validate a course folder and store it; raises content.CourseInvalid listing every problem."""
    data = content.load_course(folder)
    digest = content.content_hash(data)
    course, _ = Course.objects.update_or_create(
        slug=data["id"],
        defaults={
            "title": data["title"],
            "version": data["version"],
            "cpd_hours": data["cpd_hours"],
            "content_hash": digest,
            "spec": data,
            "imported_at": timezone.now(),
        },
    )
    _register_coverage(data)
    return course


def _register_coverage(data: dict[str, Any]) -> None:
    """Tell the standards app what each unit teaches and each question assesses, if installed."""
    try:
        from lantern.standards.coverage import register_coverage  # type: ignore[import-not-found]
    except ImportError:
        return
    for module in data["modules"]:
        for unit in module["units"]:
            register_coverage(
                item_ref=f"learning:{data['id']}:{unit['id']}",
                kind="assesses" if unit["kind"] == "questions" else "teaches",
                covers=unit["covers"],
                label=f"{data['title']}: {unit['title']}",
                url=f"/learning/{data['id']}/unit/{unit['id']}/",
            )


def courses_import_all() -> str:
    names = []
    for folder in sorted(p for p in courses_dir().iterdir() if (p / "course.yaml").is_file()):
        course = course_import(folder=folder)
        names.append(f"{course.slug} v{course.version}")
    return "courses: " + (", ".join(names) or "none")


def course_spec(course: Course) -> CourseSpec:
    """The parsed course. Views load Course with ``spec`` deferred: the large JSON column is
    read and decoded only when this process has not built this content hash yet."""
    return spec_for(course.content_hash, lambda: course.spec)


# --- xAPI --------------------------------------------------------------------------------------


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
    Statement.objects.bulk_create(statements)
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


def statements_forward(*, batch_size: int = 200) -> int:
    """Send unsent statements to the LRS, oldest first. On failure nothing is lost: the rows stay
    unsent with the error and attempt count, and a retry is scheduled with back-off."""
    if not xapi.setting("LEARNING_LRS_ENDPOINT"):
        return 0
    sent = 0
    while True:
        batch = list(
            Statement.objects.filter(forwarded_at__isnull=True).order_by("stored_at")[:batch_size]
        )
        if not batch:
            return sent
        ids = [s.pk for s in batch]
        try:
            xapi.lrs_post([s.payload for s in batch])
        except Exception as exc:  # any failure: keep the statements and try again later
            Statement.objects.filter(pk__in=ids).update(
                forward_attempts=F("forward_attempts") + 1, last_error=str(exc)[:300]
            )
            _schedule_forward_retry(attempts=batch[0].forward_attempts + 1)
            return sent
        Statement.objects.filter(pk__in=ids).update(forwarded_at=timezone.now(), last_error="")
        sent += len(batch)


def _schedule_forward_retry(*, attempts: int) -> None:
    if not default_task_backend.supports_defer:
        return  # the immediate backend cannot defer; the next statement or the command retries
    from lantern.learning.tasks import xapi_forward

    delay = min(3600, 30 * 2 ** min(attempts, 7))
    xapi_forward.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue()


# --- Enrolment and pathways --------------------------------------------------------------------


def _home_membership(user: User) -> Membership | None:
    memberships = list(user.memberships.select_related("organisation", "team"))
    for membership in memberships:
        if membership.role == "learner":
            return membership
    return memberships[0] if memberships else None


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
    enrolment.save(update_fields=["pathway"])
    return enrolment


def _touch(enrolment: Enrolment, unit_id: str) -> None:
    enrolment.last_unit = unit_id
    enrolment.last_active_at = timezone.now()
    enrolment.save(update_fields=["last_unit", "last_active_at"])


def unit_open(*, enrolment: Enrolment, unit: Unit) -> None:
    """Remember where the learner is; the first opening of a unit is an xAPI 'launched'.

    Reopening the unit the learner is already on writes nothing: every service that sets
    ``last_unit`` has made the unit's progress row in the same transaction, so there is nothing
    to record (and a page reload costs no transaction)."""
    if enrolment.last_unit == unit.id:
        return
    with transaction.atomic():
        _, created = UnitProgress.objects.get_or_create(enrolment=enrolment, unit=unit.id)
        _touch(enrolment, unit.id)
        if created:
            statement_record(
                enrolment=enrolment,
                verb="launched",
                activity_type=unit.kind,
                parts=("unit", enrolment.course.slug, unit.id),
                name=unit.title,
            )


def _unit_complete(
    *, enrolment: Enrolment, unit: Unit, score: int | None = None, max_score: int | None = None
) -> UnitProgress:
    progress, _ = UnitProgress.objects.get_or_create(enrolment=enrolment, unit=unit.id)
    first_time = progress.completed_at is None
    progress.completed_at = progress.completed_at or timezone.now()
    if score is not None:
        progress.score, progress.max_score = score, max_score
    progress.save(update_fields=["completed_at", "score", "max_score"])
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
    return progress


@transaction.atomic
def page_complete(*, enrolment: Enrolment, unit: Unit) -> UnitProgress:
    if unit.kind != "page":
        raise LearningError("This part is finished by answering it")
    _touch(enrolment, unit.id)
    return _unit_complete(enrolment=enrolment, unit=unit)


# --- Questions ---------------------------------------------------------------------------------


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
    Answer.objects.bulk_create(rows)
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
    attempt.save(force_insert=True)  # marked first, so one INSERT and no UPDATE
    _answers_save(rows, statements)
    _touch(enrolment, unit.id)
    _unit_complete(enrolment=enrolment, unit=unit, score=score, max_score=len(questions))
    return attempt


@transaction.atomic
def check_start(*, enrolment: Enrolment, kind: str) -> Attempt:
    """The pre- or post-course check: same bank, different items, spread across topics."""
    if kind not in (AttemptKind.PRE, AttemptKind.POST):
        raise LearningError("Unknown check")
    existing = Attempt.objects.filter(enrolment=enrolment, kind=kind).first()
    if existing is not None:
        return existing
    spec = course_spec(enrolment.course)
    exclude: list[str] = []
    if kind == AttemptKind.POST:
        pre = Attempt.objects.filter(enrolment=enrolment, kind=AttemptKind.PRE).first()
        exclude = list(pre.items) if pre else []
    items = rules.choose_items(
        bank=spec.bank_pairs(),
        count=spec.check_items,
        seed=f"{enrolment.pk}:{kind}",
        exclude=exclude,
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
    attempt = check_start(enrolment=enrolment, kind=kind)
    if attempt.submitted_at is not None:
        return attempt
    if kind == AttemptKind.POST and not enrolment_units_done(enrolment=enrolment):
        raise LearningError("Finish every part of your pathway before the final check")
    spec = course_spec(enrolment.course)
    questions = [spec.bank[i] for i in attempt.items]
    score = _mark(enrolment=enrolment, attempt=attempt, questions=questions, answers=answers)
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


# --- Scenarios ---------------------------------------------------------------------------------


def scenario_run_current(*, enrolment: Enrolment, unit: Unit) -> ScenarioRun:
    if unit.scenario is None:
        raise LearningError("This part is not a case study")
    run = ScenarioRun.objects.filter(enrolment=enrolment, unit=unit.id).first()
    if run is None:
        run = ScenarioRun.objects.create(
            enrolment=enrolment, unit=unit.id, node=unit.scenario.start
        )
    return run


@transaction.atomic
def scenario_restart(*, enrolment: Enrolment, unit: Unit) -> ScenarioRun:
    if unit.scenario is None:
        raise LearningError("This part is not a case study")
    return ScenarioRun.objects.create(enrolment=enrolment, unit=unit.id, node=unit.scenario.start)


@transaction.atomic
def scenario_choose(
    *, enrolment: Enrolment, unit: Unit, run_id: uuid.UUID, node: str, choice: str
) -> ScenarioChoice:
    """Record a choice and move the run on. ``node`` guards against a stale page (back button)."""
    if unit.scenario is None:
        raise LearningError("This part is not a case study")
    run = ScenarioRun.objects.select_for_update().filter(pk=run_id, enrolment=enrolment).first()
    if run is None or run.unit != unit.id:
        raise LearningError("This case study has been restarted; carry on from here")
    if run.ended_at is not None or run.node != node:
        raise LearningError("You have already made that choice; carry on from here")
    current = unit.scenario.nodes[run.node]
    picked = current.choice(choice)
    if picked is None:
        raise LearningError("Choose one of the options")
    unit_open(enrolment=enrolment, unit=unit)  # a choice posted before the page was shown
    seq = run.choices.count() + 1
    made = ScenarioChoice.objects.create(
        run=run, seq=seq, node=current.id, choice=picked.id, to_node=picked.to, points=picked.points
    )
    statement_record(
        enrolment=enrolment,
        verb="chose",
        activity_type="scenario",
        parts=("unit", enrolment.course.slug, unit.id, current.id),
        name=f"{unit.title}: {picked.text}"[:200],
        result={
            "response": picked.id,
            "extensions": {xapi.homepage() + "/xapi/extensions/to": picked.to},
        },
    )
    run.node = picked.to
    target = unit.scenario.nodes[picked.to]
    fields = ["node"]
    if target.ending:
        run.ended_at, run.ending, run.score = timezone.now(), target.id, target.score
        fields += ["ended_at", "ending", "score"]
    run.save(update_fields=fields)
    _touch(enrolment, unit.id)
    if target.ending:
        _unit_complete(enrolment=enrolment, unit=unit, score=target.score, max_score=100)
    return made


# --- Completion, certificates, refreshers ------------------------------------------------------


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
    return certificate_issue(enrolment=enrolment)


@transaction.atomic
def _unused_code() -> str:
    from lantern.learning.certificates import new_code

    for _ in range(5):
        code = new_code()
        if not Certificate.objects.filter(code=code).exists():
            break
    return code


def certificate_issue(*, enrolment: Enrolment) -> Certificate:
    from lantern.learning.tasks import certificate_render

    spec = course_spec(enrolment.course)
    certificate = Certificate.objects.create(
        code=_unused_code(),
        enrolment=enrolment,
        organisation_id=enrolment.organisation_id,
        full_name=enrolment.user.full_name or enrolment.user.email,
        course_title=spec.title,
        pathway_title=spec.pathway(enrolment.pathway).title,
        cpd_hours=enrolment.course.cpd_hours,
        issued_on=timezone.localdate(),
    )
    audit_record(
        action="learning.certificate_issued",
        actor=enrolment.user,
        obj=certificate,
        organisation_ref=str(enrolment.organisation_id or ""),
        detail={"course": enrolment.course.slug, "pathway": enrolment.pathway},
    )
    # The task row commits with the certificate (database backend), so the worker never sees a
    # certificate that does not exist.
    certificate_render.enqueue(certificate_id=str(certificate.pk))
    return certificate


@transaction.atomic
def certificate_issue_for_attendance(
    *,
    full_name: str,
    title: str,
    cpd_hours: Decimal,
    issued_on: date,
    source_ref: str,
    organisation: Organisation | None,
) -> Certificate:
    """A CPD certificate for attending a session (no course enrolment; the facilitation app).

    Idempotent by ``source_ref`` (e.g. ``facilitation:<completion id>``): asking twice returns
    the same certificate. Verification and revocation are the same as for course certificates.
    """
    from lantern.learning.tasks import certificate_render

    if not source_ref:
        raise LearningError("An attendance certificate needs a source reference")
    existing = Certificate.objects.filter(source_ref=source_ref).first()
    if existing is not None:
        return existing
    certificate = Certificate.objects.create(
        code=_unused_code(),
        source_ref=source_ref[:120],
        organisation=organisation,
        full_name=full_name[:150],
        course_title=title[:200],
        pathway_title="Attended session",
        cpd_hours=cpd_hours,
        issued_on=issued_on,
    )
    audit_record(
        action="learning.certificate_issued",
        obj=certificate,
        organisation_ref=str(organisation.pk) if organisation else "",
        detail={"source": source_ref.split(":", 1)[0]},
    )
    certificate_render.enqueue(certificate_id=str(certificate.pk))
    return certificate


def certificate_pdf_bytes(*, certificate: Certificate) -> bytes:
    """The certificate's PDF, rendering it now if the background task has not yet run."""
    if certificate.pdf is None:
        certificate_render_pdf(certificate_id=str(certificate.pk))
        certificate.refresh_from_db(fields=["pdf"])
    return bytes(certificate.pdf or b"")


def verify_url(code: str) -> str:
    return site_url(f"/verify/{code}/")


def certificate_render_pdf(*, certificate_id: str) -> bool:
    from lantern.learning.certificates import CertificateText, render_pdf

    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        return False
    pdf = render_pdf(
        CertificateText(
            full_name=certificate.full_name,
            course_title=certificate.course_title,
            pathway_title=certificate.pathway_title,
            cpd_hours=f"{certificate.cpd_hours.normalize():f}",
            issued_on=certificate.issued_on,
            code=certificate.code,
            verify_url=verify_url(certificate.code),
        )
    )
    Certificate.objects.filter(pk=certificate.pk).update(pdf=pdf, pdf_rendered_at=timezone.now())
    return True


@transaction.atomic
def certificate_revoke(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    if certificate.status == CertificateStatus.REVOKED:
        return certificate
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason[:200]
    certificate.save(update_fields=["status", "revoked_at", "revoked_reason"])
    audit_record(
        action="learning.certificate_revoked",
        actor=actor,
        obj=certificate,
        organisation_ref=str(certificate.organisation_id or ""),
        detail={"code": certificate.code},
    )
    return certificate


@transaction.atomic
def refresher_start(*, refresher: Refresher) -> Attempt:
    if refresher.attempt is not None:
        return refresher.attempt
    enrolment = refresher.enrolment
    spec = course_spec(enrolment.course)
    items = rules.choose_items(
        bank=spec.refresher_pairs(),
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
    attempt = refresher_start(refresher=refresher)
    enrolment = refresher.enrolment
    spec = course_spec(enrolment.course)
    questions = [spec.bank[i] for i in attempt.items]
    score = _mark(enrolment=enrolment, attempt=attempt, questions=questions, answers=answers)
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


def demo_unit_complete(*, enrolment: Enrolment, unit: Unit) -> None:
    """Mark a unit done without taking it: demo data and browser-test set-up only."""
    if settings.LANTERN_ENV not in {"demo", "test"}:
        raise LearningError("only in demo or test")
    _unit_complete(enrolment=enrolment, unit=unit)
