"""Attendance, self check-in, and the completions and certificates they produce."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.core.audit import audit_record
from lantern.facilitation.kit import kit
from lantern.facilitation.models import (
    AwarenessSession,
    Booking,
    BookingStatus,
    Completion,
    SessionStatus,
)
from lantern.facilitation.services.errors import FacilitationError

# Self check-in may be opened from an hour before the start until an hour after the end.
CHECKIN_MARGIN = timedelta(hours=1)
CHECKIN_MAX_MINUTES = 240


def _complete(booking: Booking) -> Completion:
    """Record the attendance. The certificate waits for the end of the session (check-in opens
    before the start): ``certificates_issue_due`` issues it then, or here at once when the
    register is filled in after the end."""
    completion, _ = Completion.objects.get_or_create(
        booking=booking,
        defaults={
            "cpd_hours": booking.session.cpd_hours,
            "completed_on": timezone.localdate(booking.session.starts_at),
        },
    )
    if booking.session.has_ended():
        _issue_certificate(completion)
    return completion


def _issue_certificate(completion: Completion) -> None:
    if completion.certificate_code:
        return
    code = _certificate_through_learning(completion)
    if code:
        completion.certificate_code = code
        completion.save(update_fields=["certificate_code"])


def certificates_issue_due(*, now: datetime | None = None) -> int:
    """Issue the certificates of people who attended sessions that have now ended.

    Run hourly by the scheduler. Idempotent: a completion with a code is skipped, and the
    learning service issues one certificate per ``source_ref`` however often it is asked.
    Each certificate is issued in its own transaction, so one failure does not hold up the rest.
    """
    now = now or timezone.now()
    due = Completion.objects.filter(
        certificate_code="",
        booking__attended_at__isnull=False,
        booking__status=BookingStatus.CONFIRMED,
        booking__session__ends_at__lte=now,
    ).values_list("pk", flat=True)
    issued = 0
    for pk in list(due):
        with transaction.atomic():
            completion = (
                Completion.objects.select_for_update()
                .select_related("booking__session__facilitator__organisation")
                .filter(pk=pk, certificate_code="")
                .first()
            )
            if completion is not None:
                _issue_certificate(completion)
                issued += 1
    return issued


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
    if session.status != SessionStatus.SCHEDULED:
        raise FacilitationError("This session has been cancelled")
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
