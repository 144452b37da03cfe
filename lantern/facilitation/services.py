"""Every write in facilitation: keyword-only, typed, atomic, audited where it matters.

Booking, cancellation and waitlist promotion lock the session row (SELECT ... FOR UPDATE on
PostgreSQL; SQLite's IMMEDIATE transactions serialise writers), so two people can never take
the last place and a cancellation promotes exactly one person from the waiting list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from lantern.accounts.models import Membership, Organisation, User
from lantern.core.audit import audit_record
from lantern.core.roles import Role
from lantern.facilitation import rules
from lantern.facilitation.kit import instrument, kit
from lantern.facilitation.models import (
    ActionKind,
    ActionStatus,
    Announcement,
    AwarenessSession,
    Booking,
    BookingStatus,
    Cohort,
    CohortAttendance,
    Commitment,
    Completion,
    EvaluationPhase,
    EvaluationReceipt,
    EvaluationResponse,
    Facilitator,
    FacilitatorStatus,
    FollowUpAction,
    Post,
    Programme,
    ResourceDocument,
    ResourceDownload,
    ResourceVersion,
    SessionStatus,
    Thread,
)

# Self check-in may be opened from an hour before the start until an hour after the end.
CHECKIN_MARGIN = timedelta(hours=1)
CHECKIN_MAX_MINUTES = 240


class FacilitationError(Exception):
    """A request the current state does not allow; the message is shown to the person as is."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# --- Programme, cohorts, facilitators ----------------------------------------------------------


@transaction.atomic
def programme_create(
    *, actor: User, name: str, region: str = "", description: str = ""
) -> Programme:
    if Programme.objects.filter(name__iexact=name.strip()).exists():
        raise FacilitationError("A programme with this name already exists", field="name")
    programme = Programme.objects.create(
        name=name.strip(), region=region.strip(), description=description.strip()
    )
    programme.leads.add(actor)
    audit_record(action="facilitation.programme_created", actor=actor, obj=programme)
    return programme


@transaction.atomic
def cohort_create(*, actor: User, programme: Programme, name: str, starts_on: date) -> Cohort:
    if Cohort.objects.filter(programme=programme, name__iexact=name.strip()).exists():
        raise FacilitationError("This programme already has a cohort with this name", field="name")
    cohort = Cohort.objects.create(programme=programme, name=name.strip(), starts_on=starts_on)
    audit_record(
        action="facilitation.cohort_created",
        actor=actor,
        obj=cohort,
        detail={"programme": str(programme.pk)},
    )
    return cohort


def _home_organisation(user: User) -> Organisation | None:
    membership = (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("-role")  # any stable choice; a facilitator membership wins below
        .first()
    )
    facilitator = (
        Membership.objects.filter(user=user, role=Role.FACILITATOR)
        .select_related("organisation")
        .first()
    )
    chosen = facilitator or membership
    return chosen.organisation if chosen else None


@transaction.atomic
def trainee_add(*, actor: User, cohort: Cohort, user: User) -> Facilitator:
    organisation = _home_organisation(user)
    if organisation is None:
        raise FacilitationError(
            "This person does not belong to an organisation on Lantern yet", field="email"
        )
    existing = Facilitator.objects.filter(programme_id=cohort.programme_id, user=user).first()
    if existing is not None:
        raise FacilitationError(
            f"{user.full_name or user.email} is already in this programme", field="email"
        )
    facilitator = Facilitator.objects.create(
        programme_id=cohort.programme_id, cohort=cohort, user=user, organisation=organisation
    )
    audit_record(
        action="facilitation.trainee_added",
        actor=actor,
        obj=facilitator,
        organisation_ref=str(organisation.pk),
        detail={"cohort": str(cohort.pk)},
    )
    return facilitator


@transaction.atomic
def cohort_attendance_set(
    *, actor: User, cohort: Cohort, present: Mapping[str, Iterable[int]]
) -> int:
    """Replace the attendance grid: ``present`` maps facilitator id -> session numbers."""
    trainees = {str(f.pk): f for f in Facilitator.objects.filter(cohort=cohort)}
    changed = 0
    for facilitator_id, facilitator in trainees.items():
        wanted = {int(n) for n in present.get(facilitator_id, ())}
        if not wanted <= set(range(1, kit().cohort_sessions + 1)):
            raise FacilitationError("Session numbers must be between 1 and 6")
        have = set(
            CohortAttendance.objects.filter(facilitator=facilitator).values_list(
                "session_number", flat=True
            )
        )
        for number in wanted - have:
            CohortAttendance.objects.create(facilitator=facilitator, session_number=number)
        removed = have - wanted
        if removed:
            CohortAttendance.objects.filter(
                facilitator=facilitator, session_number__in=removed
            ).delete()
        changed += len(wanted ^ have)
    if changed:
        audit_record(
            action="facilitation.training_attendance_changed",
            actor=actor,
            obj=cohort,
            detail={"changes": changed},
        )
    return changed


def first_year(starts_on: date) -> date:
    try:
        return starts_on.replace(year=starts_on.year + 1)
    except ValueError:  # 29 February
        return starts_on.replace(year=starts_on.year + 1, day=28)


@transaction.atomic
def facilitator_accredit(*, actor: User, facilitator: Facilitator) -> Facilitator:
    """Accredit a trainee: they get the facilitator role, a first-year commitment and actions."""
    facilitator = Facilitator.objects.select_for_update().get(pk=facilitator.pk)
    if facilitator.status == FacilitatorStatus.ACCREDITED:
        raise FacilitationError("This facilitator is already accredited")
    now = timezone.now()
    facilitator.status = FacilitatorStatus.ACCREDITED
    facilitator.accredited_at = now
    facilitator.accredited_by = actor
    facilitator.save(update_fields=["status", "accredited_at", "accredited_by"])
    if not Membership.objects.filter(
        user_id=facilitator.user_id,
        organisation_id=facilitator.organisation_id,
        role=Role.FACILITATOR,
    ).exists():
        from lantern.accounts.services import membership_grant

        membership_grant(
            actor=actor,
            user=facilitator.user,
            organisation=facilitator.organisation,
            role=Role.FACILITATOR,
        )
    commitment_create(actor=actor, facilitator=facilitator, starts_on=timezone.localdate())
    audit_record(
        action="facilitation.facilitator_accredited",
        actor=actor,
        obj=facilitator,
        organisation_ref=str(facilitator.organisation_id),
        detail={"programme": str(facilitator.programme_id)},
    )
    return facilitator


@transaction.atomic
def commitment_create(*, actor: User, facilitator: Facilitator, starts_on: date) -> Commitment:
    k = kit()
    commitment = Commitment.objects.create(
        facilitator=facilitator,
        starts_on=starts_on,
        ends_on=first_year(starts_on),
        sessions_min=k.sessions_min,
        sessions_max=k.sessions_max,
        staff_target=k.staff_target,
    )
    owner = facilitator.user.full_name or facilitator.user.email
    due = {
        ActionKind.REVIEW_PROTOCOL: starts_on + timedelta(days=91),
        ActionKind.ESTABLISH_PATHWAY: starts_on + timedelta(days=182),
        ActionKind.PROMOTE_ELEARNING: starts_on + timedelta(days=61),
    }
    FollowUpAction.objects.bulk_create(
        [
            FollowUpAction(commitment=commitment, kind=kind, owner=owner, due_on=due[kind])
            for kind in ActionKind
        ]
    )
    audit_record(action="facilitation.commitment_created", actor=actor, obj=commitment)
    return commitment


@transaction.atomic
def commitment_update(
    *,
    actor: User,
    commitment: Commitment,
    starts_on: date,
    ends_on: date,
    sessions_min: int,
    sessions_max: int,
    staff_target: int,
) -> Commitment:
    if ends_on <= starts_on:
        raise FacilitationError("The end date must be after the start date", field="ends_on")
    if sessions_min > sessions_max:
        raise FacilitationError(
            "The fewest sessions must not be more than the most sessions", field="sessions_min"
        )
    commitment.starts_on, commitment.ends_on = starts_on, ends_on
    commitment.sessions_min, commitment.sessions_max = sessions_min, sessions_max
    commitment.staff_target = staff_target
    commitment.save(
        update_fields=["starts_on", "ends_on", "sessions_min", "sessions_max", "staff_target"]
    )
    audit_record(
        action="facilitation.commitment_changed",
        actor=actor,
        obj=commitment,
        detail={"sessions": [sessions_min, sessions_max], "staff": staff_target},
    )
    return commitment


@transaction.atomic
def action_update(
    *, actor: User, action: FollowUpAction, owner: str, due_on: date, status: str, evidence: str
) -> FollowUpAction:
    if status == ActionStatus.DONE and not evidence.strip():
        raise FacilitationError(
            "Enter the evidence that this action is done, for example the name of the protocol",
            field="evidence",
        )
    action.owner, action.due_on, action.status = owner.strip(), due_on, status
    action.evidence = evidence.strip()
    action.updated_at = timezone.now()
    action.save(update_fields=["owner", "due_on", "status", "evidence", "updated_at"])
    audit_record(
        action="facilitation.action_changed",
        actor=actor,
        obj=action,
        detail={"kind": action.kind, "status": status},
    )
    return action


# --- Awareness sessions ------------------------------------------------------------------------


@transaction.atomic
def session_create(
    *,
    actor: User,
    facilitator: Facilitator,
    title: str,
    scope: str,
    borough: str,
    mode: str,
    venue: str,
    online_url: str,
    starts_at: datetime,
    capacity: int,
    waitlist_limit: int = 20,
    co_facilitators: Iterable[Facilitator] = (),
) -> AwarenessSession:
    if not facilitator.is_accredited:
        raise FacilitationError("Only accredited facilitators can schedule sessions")
    if starts_at <= timezone.now():
        raise FacilitationError("The session must start in the future", field="starts_at")
    minutes = kit().session_minutes
    session = AwarenessSession.objects.create(
        programme_id=facilitator.programme_id,
        facilitator=facilitator,
        title=title.strip(),
        scope=scope,
        borough=borough.strip() or facilitator.organisation.borough,
        mode=mode,
        venue=venue.strip() if mode == "venue" else "",
        online_url=online_url.strip() if mode == "online" else "",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        capacity=capacity,
        waitlist_limit=waitlist_limit,
        cpd_hours=Decimal(str(kit().cpd_hours)),
    )
    others = [c for c in co_facilitators if c.pk != facilitator.pk]
    if any(c.programme_id != facilitator.programme_id for c in others):
        raise FacilitationError("Co-facilitators must be in the same programme")
    session.co_facilitators.set(others)
    audit_record(
        action="facilitation.session_scheduled",
        actor=actor,
        obj=session,
        organisation_ref=str(facilitator.organisation_id),
        detail={"capacity": capacity, "scope": scope, "mode": mode},
    )
    return session


def _locked_session(session_id: Any) -> AwarenessSession:
    return AwarenessSession.objects.select_for_update().get(pk=session_id)


def booking_create(
    *,
    session: AwarenessSession,
    full_name: str,
    email: str,
    organisation_name: str,
    org_type: str,
    job_role: str,
) -> Booking:
    """Book a place, or a waiting-list place when the session is full. Nothing is half-written."""
    email = email.strip().lower()
    try:
        with transaction.atomic():
            locked = _locked_session(session.pk)
            if locked.status != SessionStatus.SCHEDULED:
                raise FacilitationError("This session has been cancelled")
            if locked.starts_at <= timezone.now():
                raise FacilitationError("This session has already started, so you cannot book it")
            live = Booking.objects.filter(session=locked).exclude(status=BookingStatus.CANCELLED)
            if live.filter(email=email).exists():
                raise FacilitationError(
                    "This email address already has a place on this session. "
                    "Use the link in your confirmation email to see or cancel it",
                    field="email",
                )
            confirmed = live.filter(status=BookingStatus.CONFIRMED).count()
            waiting = live.filter(status=BookingStatus.WAITLISTED).count()
            if confirmed < locked.capacity:
                status = BookingStatus.CONFIRMED
            elif waiting < locked.waitlist_limit:
                status = BookingStatus.WAITLISTED
            else:
                raise FacilitationError(
                    "This session is full and its waiting list is full. "
                    "Ask the facilitator about other dates"
                )
            booking = Booking.objects.create(
                session=locked,
                full_name=full_name.strip(),
                email=email,
                organisation_name=organisation_name.strip(),
                org_type=org_type,
                job_role=job_role,
                status=status,
            )
            _enqueue_email(
                booking, "confirmed" if status == BookingStatus.CONFIRMED else "waitlisted"
            )
    except IntegrityError as error:  # a simultaneous duplicate that slipped past the check
        raise FacilitationError(
            "This email address already has a place on this session", field="email"
        ) from error
    return booking


def _enqueue_email(booking: Booking, kind: str) -> None:
    from lantern.facilitation.tasks import send_booking_email

    # Enqueued inside the transaction: with the database task backend the task row commits or
    # rolls back with the booking, so no email is sent for a booking that does not exist.
    send_booking_email.enqueue(booking_id=str(booking.pk), kind=kind)


@dataclass(frozen=True)
class CancelResult:
    booking: Booking
    promoted: Booking | None


@transaction.atomic
def booking_cancel(*, booking: Booking) -> CancelResult:
    locked = _locked_session(booking.session_id)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status == BookingStatus.CANCELLED:
        raise FacilitationError("This booking is already cancelled")
    if locked.ends_at <= timezone.now():
        raise FacilitationError("This session has finished, so the booking cannot be cancelled")
    if booking.attended_at is not None:
        raise FacilitationError("You have already checked in to this session")
    was_confirmed = booking.status == BookingStatus.CONFIRMED
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    _enqueue_email(booking, "cancelled")
    promoted = None
    if was_confirmed:
        promoted = _promote_next(locked)
    return CancelResult(booking, promoted)


def _promote_next(session: AwarenessSession) -> Booking | None:
    """Fill free places from the waiting list, first come first served (session row locked)."""
    confirmed = Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED).count()
    if confirmed >= session.capacity:
        return None
    candidate = (
        Booking.objects.select_for_update()
        .filter(session=session, status=BookingStatus.WAITLISTED)
        .order_by("created_at", "id")
        .first()
    )
    if candidate is None:
        return None
    candidate.status = BookingStatus.CONFIRMED
    candidate.promoted_at = timezone.now()
    candidate.save(update_fields=["status", "promoted_at"])
    _enqueue_email(candidate, "promoted")
    return candidate


def reminders_send_due(
    *, now: datetime | None = None, within: timedelta = timedelta(hours=48)
) -> int:
    """Queue a reminder for each confirmed booking whose session starts within ``within``."""
    now = now or timezone.now()
    due = Booking.objects.filter(
        status=BookingStatus.CONFIRMED,
        reminded_at__isnull=True,
        session__status=SessionStatus.SCHEDULED,
        session__starts_at__gt=now,
        session__starts_at__lte=now + within,
    )
    count = 0
    for booking in due:
        with transaction.atomic():
            updated = Booking.objects.filter(pk=booking.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if updated:
                _enqueue_email(booking, "reminder")
                count += 1
    return count


# --- Attendance and check-in -------------------------------------------------------------------


def _complete(booking: Booking) -> Completion:
    completion, created = Completion.objects.get_or_create(
        booking=booking,
        defaults={
            "cpd_hours": booking.session.cpd_hours,
            "completed_on": timezone.localdate(booking.session.starts_at),
        },
    )
    if created:
        code = _certificate_through_learning(completion)
        if code:
            completion.certificate_code = code
            completion.save(update_fields=["certificate_code"])
    return completion


def _certificate_through_learning(completion: Completion) -> str:
    """Issue the 2.5 h CPD certificate through the learning app's certificate service.

    The learning app owns certificates: one system, one public verify page, one revocation.
    """
    from lantern.learning.services import certificate_issue_for_attendance

    booking = completion.booking
    certificate = certificate_issue_for_attendance(
        full_name=booking.full_name,
        title=kit().session_title,
        cpd_hours=completion.cpd_hours,
        issued_on=completion.completed_on,
        source_ref=f"facilitation:{completion.pk}",
        organisation=booking.session.facilitator.organisation,
    )
    return certificate.code


def _withdraw_completion(*, actor: User, booking: Booking) -> None:
    """Attendance was corrected: revoke any certificate it produced, then drop the completion."""
    from lantern.learning.selectors import certificate_by_code
    from lantern.learning.services import certificate_revoke

    for completion in Completion.objects.filter(booking=booking):
        certificate = (
            certificate_by_code(code=completion.certificate_code)
            if completion.certificate_code
            else None
        )
        if certificate is not None:
            certificate_revoke(
                actor=actor,
                certificate=certificate,
                reason="Attendance corrected by the facilitator",
            )
        completion.delete()


@transaction.atomic
def attendance_mark(
    *, actor: User, session: AwarenessSession, present_ids: Iterable[str]
) -> tuple[int, int]:
    """Set who attended (confirmed bookings only). Returns (marked, unmarked)."""
    wanted = {str(i) for i in present_ids}
    now = timezone.now()
    if session.starts_at - CHECKIN_MARGIN > now:
        raise FacilitationError("You can record attendance once the session has started")
    marked = unmarked = 0
    bookings = Booking.objects.select_for_update().filter(
        session=session, status=BookingStatus.CONFIRMED
    )
    for booking in bookings.select_related("session"):
        if str(booking.pk) in wanted and booking.attended_at is None:
            booking.attended_at, booking.checked_in_by_self = now, False
            booking.save(update_fields=["attended_at", "checked_in_by_self"])
            _complete(booking)
            marked += 1
        elif str(booking.pk) not in wanted and booking.attended_at is not None:
            booking.attended_at = None
            booking.save(update_fields=["attended_at"])
            _withdraw_completion(actor=actor, booking=booking)
            unmarked += 1
    if marked or unmarked:
        audit_record(
            action="facilitation.attendance_changed",
            actor=actor,
            obj=session,
            detail={"marked": marked, "unmarked": unmarked},
        )
    return marked, unmarked


@transaction.atomic
def checkin_open(*, actor: User, session: AwarenessSession, minutes: int) -> AwarenessSession:
    now = timezone.now()
    if not 5 <= minutes <= CHECKIN_MAX_MINUTES:
        raise FacilitationError("Check-in can stay open for 5 to 240 minutes", field="minutes")
    if now < session.starts_at - CHECKIN_MARGIN:
        raise FacilitationError("You can open check-in from an hour before the session starts")
    if now > session.ends_at + CHECKIN_MARGIN:
        raise FacilitationError(
            "This session finished more than an hour ago. Mark attendance instead"
        )
    session.checkin_opens_at = now
    session.checkin_closes_at = now + timedelta(minutes=minutes)
    session.save(update_fields=["checkin_opens_at", "checkin_closes_at"])
    audit_record(
        action="facilitation.checkin_opened", actor=actor, obj=session, detail={"minutes": minutes}
    )
    return session


@transaction.atomic
def checkin_close(*, actor: User, session: AwarenessSession) -> AwarenessSession:
    if session.checkin_open_at():
        session.checkin_closes_at = timezone.now()
        session.save(update_fields=["checkin_closes_at"])
        audit_record(action="facilitation.checkin_closed", actor=actor, obj=session)
    return session


@transaction.atomic
def checkin_self(*, session: AwarenessSession, email: str) -> Booking:
    """An attendee checks themselves in with the QR link or the short code."""
    if not session.checkin_open_at():
        raise FacilitationError(
            "Check-in for this session is not open. Ask the facilitator to open it, "
            "or to mark you as present"
        )
    booking = (
        Booking.objects.select_for_update()
        .select_related("session")
        .filter(session=session, email=email.strip().lower())
        .exclude(status=BookingStatus.CANCELLED)
        .first()
    )
    if booking is None:
        raise FacilitationError(
            "There is no booking for this email address on this session. "
            "Check the address or ask the facilitator",
            field="email",
        )
    if booking.status != BookingStatus.CONFIRMED:
        raise FacilitationError(
            "You are on the waiting list for this session. Ask the facilitator if there is room",
            field="email",
        )
    if booking.attended_at is None:
        booking.attended_at, booking.checked_in_by_self = timezone.now(), True
        booking.save(update_fields=["attended_at", "checked_in_by_self"])
        _complete(booking)
    return booking


# --- Evaluation --------------------------------------------------------------------------------


@transaction.atomic
def evaluation_submit(
    *,
    booking: Booking,
    phase: str,
    answers: Mapping[str, str],
    confidence: Mapping[str, int],
    reaction: Mapping[str, int] | None = None,
    comments: str = "",
) -> EvaluationResponse:
    """Store one anonymous answer sheet and, separately, a receipt that this booking answered."""
    if booking.status != BookingStatus.CONFIRMED:
        raise FacilitationError("Only people with a place on the session can answer")
    if phase == EvaluationPhase.AFTER and booking.attended_at is None:
        raise FacilitationError("The after-session questions open when you have checked in")
    try:
        with transaction.atomic():
            EvaluationReceipt.objects.create(booking=booking, phase=phase)
    except IntegrityError as error:
        raise FacilitationError("You have already answered these questions. Thank you") from error
    inst = instrument()
    correct = {q.id: q.correct for q in inst.knowledge}
    chosen = {qid: str(answers.get(qid, "")) for qid in correct}
    reaction = reaction or {}
    response = EvaluationResponse.objects.create(
        session_id=booking.session_id,
        phase=phase,
        instrument=inst.key,
        knowledge_score=rules.knowledge_score(correct=correct, answers=chosen),
        knowledge_max=len(correct),
        confidence_identify=int(confidence["identify"]),
        confidence_respond=int(confidence["respond"]),
        confidence_refer=int(confidence["refer"]),
        reaction_relevant=reaction.get("relevant") if phase == EvaluationPhase.AFTER else None,
        reaction_delivery=reaction.get("delivery") if phase == EvaluationPhase.AFTER else None,
        reaction_recommend=reaction.get("recommend") if phase == EvaluationPhase.AFTER else None,
        comments=comments.strip() if phase == EvaluationPhase.AFTER else "",
        answers=chosen,
    )
    return response


# --- Resource library --------------------------------------------------------------------------


@transaction.atomic
def resource_upload(
    *,
    actor: User,
    programme: Programme,
    title: str,
    kind: str,
    upload: UploadedFile,
    notes: str = "",
) -> ResourceVersion:
    document, _ = ResourceDocument.objects.get_or_create(
        programme=programme, title=title.strip(), defaults={"kind": kind}
    )
    document = ResourceDocument.objects.select_for_update().get(pk=document.pk)
    number = (document.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = ResourceVersion(
        document=document,
        number=number,
        original_name=(upload.name or "file")[:200],
        size_bytes=upload.size or 0,
        notes=notes.strip(),
        uploaded_by=actor,
    )
    version.file.save(upload.name or "file", upload, save=False)
    version.save(force_insert=True)
    audit_record(
        action="facilitation.resource_uploaded",
        actor=actor,
        obj=version,
        detail={"document": str(document.pk), "version": number},
    )
    return version


def resource_download_record(*, user: User, version: ResourceVersion) -> None:
    ResourceDownload.objects.get_or_create(version=version, user=user)


# --- Support space -----------------------------------------------------------------------------


@transaction.atomic
def announcement_create(
    *, actor: User, programme: Programme, title: str, body: str
) -> Announcement:
    announcement = Announcement.objects.create(
        programme=programme, author=actor, title=title.strip(), body=body.strip()
    )
    audit_record(action="facilitation.announcement_posted", actor=actor, obj=announcement)
    return announcement


@transaction.atomic
def thread_create(*, actor: User, programme: Programme, title: str, body: str) -> Thread:
    thread = Thread.objects.create(programme=programme, title=title.strip(), author=actor)
    Post.objects.create(thread=thread, author=actor, body=body.strip())
    return thread


@transaction.atomic
def post_create(*, actor: User, thread: Thread, body: str) -> Post:
    post = Post.objects.create(thread=thread, author=actor, body=body.strip())
    Thread.objects.filter(pk=thread.pk).update(last_post_at=post.created_at)
    return post


@transaction.atomic
def post_hide(*, actor: User, post: Post, reason: str) -> Post:
    if not reason.strip():
        raise FacilitationError("Enter why you are hiding this post", field="reason")
    post.hidden_at, post.hidden_reason = timezone.now(), reason.strip()[:200]
    post.save(update_fields=["hidden_at", "hidden_reason"])
    audit_record(
        action="facilitation.post_hidden",
        actor=actor,
        obj=post,
        detail={"thread": str(post.thread_id)},
    )
    return post


@transaction.atomic
def post_restore(*, actor: User, post: Post) -> Post:
    post.hidden_at, post.hidden_reason = None, ""
    post.save(update_fields=["hidden_at", "hidden_reason"])
    audit_record(
        action="facilitation.post_restored",
        actor=actor,
        obj=post,
        detail={"thread": str(post.thread_id)},
    )
    return post
