"""Booking, cancellation, waitlist promotion and reminders.

Booking, cancellation and waitlist promotion lock the session row (SELECT ... FOR UPDATE on
PostgreSQL; SQLite's IMMEDIATE transactions serialise writers), so two people can never take
the last place and a cancellation promotes exactly one person from the waiting list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from lantern.facilitation.models import AwarenessSession, Booking, BookingStatus, SessionStatus
from lantern.facilitation.services.errors import FacilitationError


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
    if locked.status != SessionStatus.SCHEDULED:
        raise FacilitationError("This session has been cancelled, so there is nothing to cancel")
    if locked.ends_at <= timezone.now():
        raise FacilitationError("This session has finished, so the booking cannot be cancelled")
    if booking.attended_at is not None:
        raise FacilitationError("You have already checked in to this session")
    was_confirmed = booking.status == BookingStatus.CONFIRMED
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    # Someone leaving the waiting list never had a calendar entry: no calendar cancellation.
    _enqueue_email(booking, "cancelled" if was_confirmed else "left_waitlist")
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


def reminder_release(*, booking_id: str) -> None:
    """The reminder could not be sent: release the claim, so that the next hourly run sends it
    (until the session starts)."""
    Booking.objects.filter(pk=booking_id).update(reminded_at=None)
