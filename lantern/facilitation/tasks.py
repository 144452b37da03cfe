"""Background emails to the people booked or waiting, sent by the worker.

Each email goes to one person and names nobody else. A calendar file (one UID per booking, the
session's SEQUENCE) goes only to people who hold a place: booked, promoted from the waiting
list, reminded, told of a change, or told that their place or the session is cancelled. People
on the waiting list never had a calendar entry, so they get none to add, move or remove."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.mail import EmailMessage
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from lantern.core.links import site_url
from lantern.core.mail import render_text, send_or_retry
from lantern.facilitation import rules
from lantern.facilitation.models import (
    AwarenessSession,
    Booking,
    BookingStatus,
    SessionMode,
    SessionStatus,
)

SUBJECTS = {
    "confirmed": "Your place is booked: {title}",
    "waitlisted": "You are on the waiting list: {title}",
    "promoted": "A place has come up and it is yours: {title}",
    "reminder": "Reminder: {title} on {day}",
    "cancelled": "Your booking is cancelled: {title}",
    "left_waitlist": "You have left the waiting list: {title}",
}
# What the booking must still be for an email of each kind to be true when it is tried again.
STILL_TRUE = {
    "confirmed": BookingStatus.CONFIRMED,
    "waitlisted": BookingStatus.WAITLISTED,
    "promoted": BookingStatus.CONFIRMED,
    "reminder": BookingStatus.CONFIRMED,
    "cancelled": BookingStatus.CANCELLED,
    "left_waitlist": BookingStatus.CANCELLED,
}
# The kinds that carry a calendar file: each is sent only to someone who holds (or held) a place.
WITH_CALENDAR = {"confirmed", "promoted", "reminder", "cancelled"}


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


# The kinds that tell someone they hold (or may get) a place: news only on a session that is
# still on and still to come.
ABOUT_A_PLACE = {"confirmed", "waitlisted", "promoted", "reminder"}


def _booking_email_true(booking: Booking, kind: str) -> bool:
    """Whether a booking email is still true when the worker reaches it, first try or later:
    the booking is still what the email says, and an email about a place is for a session that
    is still on and has not started (it may be reached after the session was cancelled)."""
    if booking.status != STILL_TRUE[kind]:
        return False
    if kind not in ABOUT_A_PLACE:
        return True
    session = booking.session
    return session.status == SessionStatus.SCHEDULED and session.starts_at > timezone.now()


@task()
def send_booking_email(*, booking_id: str, kind: str, attempt: int = 0) -> bool:
    booking = Booking.objects.select_related("session").filter(pk=booking_id).first()
    if booking is None or kind not in SUBJECTS:
        return False
    session = booking.session
    if not _booking_email_true(booking, kind):
        return False  # e.g. a place that came up on a session cancelled before the worker ran
    if attempt and session.starts_at <= timezone.now():
        return False  # a retry that is no longer useful
    start = timezone.localtime(session.starts_at)
    context = {
        "booking": booking,
        "session": session,
        "kind": kind,
        "has_place": kind in {"confirmed", "promoted", "reminder"},
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
    if kind in WITH_CALENDAR:
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
    "changed": "{what} changed: {title}",
    "session_cancelled": "Cancelled: {title} on {day}",
}


def _where(place: rules.TimeAndPlace, *, with_link: bool) -> str:
    if place.mode == SessionMode.ONLINE:
        return f"Online: {place.online_url}" if with_link else "Online"
    return place.venue


def _change_context(
    session: AwarenessSession, was: dict[str, str] | None, *, has_place: bool
) -> dict[str, Any] | None:
    """Which parts of the time and place changed, and what they were; None when nothing this
    person was told about differs any more (changed back, or only a link they do not have)."""
    if was is None:  # queued before the emails named the change
        return {"what": "The time or place", "verb": "has"}
    now = rules.TimeAndPlace(
        timezone.localtime(session.starts_at), session.mode, session.venue, session.online_url
    )
    before = rules.TimeAndPlace(
        timezone.localtime(datetime.fromisoformat(was["starts_at"])),
        was["mode"],
        was["venue"],
        was["online_url"],
    )
    parts = [p for p in rules.changes_between(before, now) if has_place or p != "online link"]
    if not parts:
        return None
    what = rules.words_list(parts)
    return {
        "what": what[0].upper() + what[1:],
        "verb": "has" if len(parts) == 1 else "have",
        "when_changed": bool({"date", "start time"} & set(parts)),
        "where_changed": bool({"place", "venue", "online link"} & set(parts)),
        "was_start": before.starts_at,
        "was_end": before.starts_at + (session.ends_at - session.starts_at),
        "was_where": _where(before, with_link=has_place),
    }


def _still_true(booking: Booking, kind: str) -> bool:
    """Whether a session email is still worth sending when the worker reaches it (first or
    later try): a change is news only for a live booking on a session still to come."""
    session = booking.session
    if kind == "session_cancelled":
        return session.status == SessionStatus.CANCELLED
    return (
        booking.status != BookingStatus.CANCELLED
        and session.status == SessionStatus.SCHEDULED
        and session.starts_at > timezone.now()
    )


@task()
def send_session_email(
    *, booking_id: str, kind: str, attempt: int = 0, was: dict[str, str] | None = None
) -> bool:
    """The session's time or place changed (``was`` is what it was), or it was cancelled."""
    booking = Booking.objects.select_related("session").filter(pk=booking_id).first()
    if booking is None or kind not in SESSION_SUBJECTS:
        return False
    if not _still_true(booking, kind):
        return False  # e.g. a change email the worker reaches after the session was cancelled
    session = booking.session
    has_place = booking.status == BookingStatus.CONFIRMED
    start = timezone.localtime(session.starts_at)
    cancelled = kind == "session_cancelled"
    change = None
    if not cancelled:
        change = _change_context(session, was, has_place=has_place)
        if change is None:
            return False
    context = {
        "booking": booking,
        "session": session,
        "kind": kind,
        "start": start,
        "end": timezone.localtime(session.ends_at),
        "change": change,
        "where": _where(
            rules.TimeAndPlace(start, session.mode, session.venue, session.online_url),
            with_link=has_place,
        ),
        "manage_url": site_url(
            reverse("facilitation_public:booking", kwargs={"token": booking.token})
        ),
    }
    subject = SESSION_SUBJECTS[kind].format(
        title=session.title, day=f"{start:%-d %B %Y}", what=change["what"] if change else ""
    )
    message = EmailMessage(
        subject=subject,
        body=render_text("facilitation/email/session.txt", context),
        to=[booking.email],
    )
    if has_place:
        # Only people with a place were sent a calendar entry; people waiting have none to
        # update or remove, and a new entry would claim a place they do not have.
        message.attach(
            "session.ics",
            calendar_for(booking, cancelled=cancelled),
            "text/calendar; method=" + ("CANCEL" if cancelled else "PUBLISH"),
        )
    send_or_retry(
        message.send,
        task=send_session_email,
        attempt=attempt,
        booking_id=booking_id,
        kind=kind,
        was=was,
    )
    return True


@task()
def send_due_reminders() -> int:
    from lantern.facilitation.services import reminders_send_due

    return reminders_send_due()


COLLEAGUE_SUBJECTS = {
    "changed": "Your session has been changed: {title}",
    "cancelled": "Your session has been cancelled: {title}",
}


@task()
def send_colleague_email(
    *,
    session_id: str,
    kind: str,
    actor_id: str,
    acting_as: str,
    fields: list[str],
    attempt: int = 0,
) -> bool:
    """Tell a session's lead facilitator that a co-facilitator or a programme lead changed or
    cancelled it: what was done, by whom and in what capacity, and where to see it. Not sent
    when the change is no longer the latest news (the session was cancelled after a change)."""
    from lantern.accounts.models import User

    session = (
        AwarenessSession.objects.select_related("facilitator__user").filter(pk=session_id).first()
    )
    actor = User.objects.filter(pk=actor_id).first()
    if session is None or actor is None or kind not in COLLEAGUE_SUBJECTS:
        return False
    lead = session.facilitator.user
    if not lead.is_active or lead.pk == actor.pk:
        return False
    if kind == "changed" and session.status != SessionStatus.SCHEDULED:
        return False  # cancelled since: the cancellation email says what matters
    start = timezone.localtime(session.starts_at)
    context = {
        "lead": lead,
        "actor": actor,
        "as_words": rules.ACTING_AS.get(acting_as, acting_as.replace("_", " ")),
        "kind": kind,
        "what": rules.changed_fields_words(fields),
        "session": session,
        "start": start,
        "end": timezone.localtime(session.ends_at),
        "url": site_url(reverse("facilitation:session", kwargs={"session_id": session.pk})),
    }
    message = EmailMessage(
        subject=COLLEAGUE_SUBJECTS[kind].format(title=session.title),
        body=render_text("facilitation/email/colleague.txt", context),
        to=[lead.email],
    )
    send_or_retry(
        message.send,
        task=send_colleague_email,
        attempt=attempt,
        session_id=session_id,
        kind=kind,
        actor_id=actor_id,
        acting_as=acting_as,
        fields=fields,
    )
    return True


@task()
def send_trainee_invitation(
    *, cohort_id: str, email: str, invited_by_id: str, attempt: int = 0
) -> bool:
    """Invite an address to join a cohort of facilitator training. The same email goes
    whether or not the address has a Lantern account; the link is made here, in the worker."""
    from lantern.accounts.models import User
    from lantern.facilitation.invitations import INVITATION_DAYS, invitation_token
    from lantern.facilitation.models import Cohort

    cohort = Cohort.objects.select_related("programme").filter(pk=cohort_id).first()
    invited_by = User.objects.filter(pk=invited_by_id).first()
    if cohort is None or invited_by is None:
        return False
    token = invitation_token(cohort_id=cohort.pk, email=email)
    context = {
        "cohort": cohort,
        "invited_by": invited_by,
        "url": site_url(reverse("facilitation:cohort_join", kwargs={"token": token})),
        "days": INVITATION_DAYS,
    }
    message = EmailMessage(
        subject=f"You are invited to train as a facilitator: {cohort.programme.name}",
        body=render_text("facilitation/email/trainee_invitation.txt", context),
        to=[email],
    )
    send_or_retry(
        message.send,
        task=send_trainee_invitation,
        attempt=attempt,
        cohort_id=cohort_id,
        email=email,
        invited_by_id=invited_by_id,
    )
    return True
