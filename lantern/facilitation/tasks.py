"""Background emails for bookings: sent by the worker, each with an iCalendar attachment."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from lantern.core.links import site_url
from lantern.core.mail import render_text, send_or_retry
from lantern.facilitation import rules
from lantern.facilitation.models import Booking, BookingStatus, SessionStatus

SUBJECTS = {
    "confirmed": "Your place is booked: {title}",
    "waitlisted": "You are on the waiting list: {title}",
    "promoted": "A place has come up and it is yours: {title}",
    "reminder": "Reminder: {title} on {day}",
    "cancelled": "Your booking is cancelled: {title}",
}
# What the booking must still be for an email of each kind to be true when it is tried again.
STILL_TRUE = {
    "confirmed": BookingStatus.CONFIRMED,
    "waitlisted": BookingStatus.WAITLISTED,
    "promoted": BookingStatus.CONFIRMED,
    "reminder": BookingStatus.CONFIRMED,
    "cancelled": BookingStatus.CANCELLED,
}


def calendar_for(booking: Booking, *, cancelled: bool = False) -> str:
    session = booking.session
    manage = site_url(reverse("facilitation_public:booking", kwargs={"token": booking.token}))
    return rules.ics_calendar(
        rules.CalendarEvent(
            # One UID per booking, so a cancellation replaces the same calendar entry.
            uid=f"booking-{booking.pk}@lantern",
            # Raised by every change of time or place (and once more to cancel), so each
            # calendar file replaces the one before it (RFC 5545 3.8.7.4).
            sequence=session.calendar_sequence + (1 if cancelled else 0),
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            summary=session.title,
            location=session.online_url or session.venue,
            description=(
                "Modern slavery awareness session (2.5 hours). "
                f"See or cancel your booking: {manage}"
            ),
            url=manage,
            stamp=timezone.now(),
            cancelled=cancelled,
        )
    )


def _before_questions() -> int:
    """How many questions the before-session form asks (from the instrument, not a guess)."""
    from lantern.facilitation.kit import instrument

    inst = instrument()
    return len(inst.knowledge) + len(inst.confidence)


@task()
def send_booking_email(*, booking_id: str, kind: str, attempt: int = 0) -> bool:
    booking = Booking.objects.select_related("session").filter(pk=booking_id).first()
    if booking is None or kind not in SUBJECTS:
        return False
    session = booking.session
    if attempt and (booking.status != STILL_TRUE[kind] or session.starts_at <= timezone.now()):
        return False  # a retry that is no longer true or no longer useful
    start = timezone.localtime(session.starts_at)
    context = {
        "booking": booking,
        "session": session,
        "kind": kind,
        "start": start,
        "end": timezone.localtime(session.ends_at),
        "before_questions": _before_questions(),
        "manage_url": site_url(
            reverse("facilitation_public:booking", kwargs={"token": booking.token})
        ),
        "before_url": site_url(
            reverse("facilitation_public:evaluate", kwargs={"token": booking.token, "phase": "pre"})
        ),
    }
    subject = SUBJECTS[kind].format(title=session.title, day=f"{start:%-d %B %Y}")
    message = EmailMessage(
        subject=subject,
        body=render_text("facilitation/email/booking.txt", context),
        to=[booking.email],
    )
    if kind in {"confirmed", "promoted", "reminder", "cancelled"}:
        message.attach(
            "session.ics",
            calendar_for(booking, cancelled=kind == "cancelled"),
            "text/calendar; method=" + ("CANCEL" if kind == "cancelled" else "PUBLISH"),
        )
    if kind == "reminder":
        # Claimed by reminders_send_due: on failure it is released for the next hourly run.
        try:
            message.send()
        except Exception:
            from lantern.facilitation.services import reminder_release

            reminder_release(booking_id=booking_id)
            raise
        return True
    send_or_retry(
        message.send, task=send_booking_email, attempt=attempt, booking_id=booking_id, kind=kind
    )
    return True


SESSION_SUBJECTS = {
    "changed": "The details have changed: {title}",
    "session_cancelled": "Cancelled: {title} on {day}",
}


def _still_true(booking: Booking, kind: str) -> bool:
    """Whether a session email is still worth sending when it is tried again."""
    session = booking.session
    if kind == "session_cancelled":
        return session.status == SessionStatus.CANCELLED
    return (
        booking.status != BookingStatus.CANCELLED
        and session.status == SessionStatus.SCHEDULED
        and session.starts_at > timezone.now()
    )


@task()
def send_session_email(*, booking_id: str, kind: str, attempt: int = 0) -> bool:
    """The facilitator changed the time or place of the session, or cancelled it."""
    booking = Booking.objects.select_related("session").filter(pk=booking_id).first()
    if booking is None or kind not in SESSION_SUBJECTS:
        return False
    if attempt and not _still_true(booking, kind):
        return False
    session = booking.session
    start = timezone.localtime(session.starts_at)
    cancelled = kind == "session_cancelled"
    context = {
        "booking": booking,
        "session": session,
        "kind": kind,
        "start": start,
        "end": timezone.localtime(session.ends_at),
        "manage_url": site_url(
            reverse("facilitation_public:booking", kwargs={"token": booking.token})
        ),
    }
    message = EmailMessage(
        subject=SESSION_SUBJECTS[kind].format(title=session.title, day=f"{start:%-d %B %Y}"),
        body=render_text("facilitation/email/session.txt", context),
        to=[booking.email],
    )
    if booking.status == BookingStatus.CONFIRMED:
        # Only people with a place were sent a calendar entry; people waiting have none to
        # update or remove, and a new entry would claim a place they do not have.
        message.attach(
            "session.ics",
            calendar_for(booking, cancelled=cancelled),
            "text/calendar; method=" + ("CANCEL" if cancelled else "PUBLISH"),
        )
    send_or_retry(
        message.send, task=send_session_email, attempt=attempt, booking_id=booking_id, kind=kind
    )
    return True


@task()
def send_due_reminders() -> int:
    from lantern.facilitation.services import reminders_send_due

    return reminders_send_due()
