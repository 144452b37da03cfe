"""Scheduling, changing and cancelling awareness sessions.

Changing and cancelling lock the session row, as booking does (services/bookings.py), so a
booking made at the same moment is counted against the new capacity or refused."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.core.audit import audit_record
from lantern.facilitation.kit import kit
from lantern.facilitation.models import (
    AwarenessSession,
    Booking,
    BookingStatus,
    Facilitator,
    SessionStatus,
)
from lantern.facilitation.permissions import session_role
from lantern.facilitation.services.bookings import _locked_session, _promote_next
from lantern.facilitation.services.errors import FacilitationError

CANCEL_REASON_MAX = 500
# Fields whose change moves the session in the bookers' calendars (and so emails them).
TIME_AND_PLACE = ("starts_at", "mode", "venue", "online_url")


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


@dataclass(frozen=True)
class SessionChange:
    session: AwarenessSession
    changed: tuple[str, ...]
    promoted: tuple[Booking, ...]
    emailed: int


@transaction.atomic
def session_change(
    *,
    actor: User,
    session: AwarenessSession,
    title: str,
    mode: str,
    venue: str,
    online_url: str,
    starts_at: datetime,
    capacity: int,
    waitlist_limit: int,
) -> SessionChange:
    """Change a session that has not started. Places cannot go below the people already booked;
    more places are filled from the waiting list in order. A new time or place is emailed to
    everyone booked or waiting, with a calendar file that replaces their entry."""
    locked = _locked_session(session.pk)
    acting_as = _acting_as(actor, locked)
    now = timezone.now()
    if locked.status != SessionStatus.SCHEDULED:
        raise FacilitationError("This session has been cancelled, so it cannot be changed")
    if locked.starts_at <= now:
        raise FacilitationError("This session has started, so it cannot be changed")
    if starts_at <= now:
        raise FacilitationError("The session must be in the future", field="date")
    confirmed = Booking.objects.filter(session=locked, status=BookingStatus.CONFIRMED).count()
    if capacity < confirmed:
        raise FacilitationError(
            f"Places must be at least {confirmed}, the number of people already booked",
            field="capacity",
        )
    if starts_at == locked.starts_at.replace(second=0, microsecond=0):
        starts_at = locked.starts_at  # the form has minutes only: an unchanged time stays put
    wanted = {
        "title": title.strip(),
        "mode": mode,
        "venue": venue.strip() if mode == "venue" else "",
        "online_url": online_url.strip() if mode == "online" else "",
        "starts_at": starts_at,
        "capacity": capacity,
        "waitlist_limit": waitlist_limit,
    }
    changed = tuple(name for name, value in wanted.items() if getattr(locked, name) != value)
    if not changed:
        return SessionChange(locked, (), (), 0)
    was = time_and_place(locked)
    for name in changed:
        setattr(locked, name, wanted[name])
    fields = list(changed)
    moved = any(name in TIME_AND_PLACE for name in changed)
    if "starts_at" in changed:
        locked.ends_at = starts_at + timedelta(minutes=kit().session_minutes)
        fields.append("ends_at")
    if moved:
        locked.calendar_sequence += 1
        fields.append("calendar_sequence")
    locked.save(update_fields=fields)
    promoted: list[Booking] = []
    while (candidate := _promote_next(locked)) is not None:
        promoted.append(candidate)  # each gets the "a place has come up" email, new details
    emailed = 0
    if moved:
        skip = {b.pk for b in promoted}  # told by their "a place has come up" email
        # People waiting have no online link to replace: a new link alone is not news to them.
        waiting_told = set(changed) & {"starts_at", "mode", "venue"}
        for booking in Booking.objects.filter(
            session=locked, status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITLISTED]
        ).order_by("created_at", "id"):
            if booking.pk in skip:
                continue
            if booking.status == BookingStatus.WAITLISTED and not waiting_told:
                continue
            # One email per person, naming what changed; nobody else's name or address.
            _enqueue_session_email(booking, "changed", was=was)
            emailed += 1
    audit_record(
        action="facilitation.session_changed",
        actor=actor,
        obj=locked,
        organisation_ref=str(locked.facilitator.organisation_id),
        # Who, in what capacity, field names and counts only: no titles, addresses or links.
        detail={
            "as": acting_as,
            "fields": sorted(changed),
            "promoted": len(promoted),
            "emailed": emailed,
        },
    )
    _tell_lead_facilitator(locked, actor, acting_as, "changed", sorted(changed))
    return SessionChange(locked, changed, tuple(promoted), emailed)


@transaction.atomic
def session_cancel(*, actor: User, session: AwarenessSession, reason: str) -> AwarenessSession:
    """Cancel a session that has not ended: no more bookings or check-ins, and everyone booked
    or waiting is told why, with a calendar cancellation."""
    reason = reason.strip()
    if not reason:
        raise FacilitationError("Enter a reason for the people booked", field="reason")
    if len(reason) > CANCEL_REASON_MAX:
        raise FacilitationError(
            f"The reason must be {CANCEL_REASON_MAX} characters or fewer", field="reason"
        )
    locked = _locked_session(session.pk)
    acting_as = _acting_as(actor, locked)
    now = timezone.now()
    if locked.status != SessionStatus.SCHEDULED:
        raise FacilitationError("This session is already cancelled")
    if locked.has_ended(now):
        raise FacilitationError("This session has ended, so it cannot be cancelled")
    locked.status = SessionStatus.CANCELLED
    locked.cancelled_at = now
    locked.cancel_reason = reason
    fields = ["status", "cancelled_at", "cancel_reason"]
    if locked.checkin_open_at(now):
        locked.checkin_closes_at = now
        fields.append("checkin_closes_at")
    locked.save(update_fields=fields)
    emailed = 0
    for booking in Booking.objects.filter(
        session=locked, status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITLISTED]
    ).order_by("created_at", "id"):
        _enqueue_session_email(booking, "session_cancelled")
        emailed += 1
    audit_record(
        action="facilitation.session_cancelled",
        actor=actor,
        obj=locked,
        organisation_ref=str(locked.facilitator.organisation_id),
        # The reason is free text: it stays out of the audit log.
        detail={"as": acting_as, "emailed": emailed},
    )
    _tell_lead_facilitator(locked, actor, acting_as, "cancelled", [])
    return locked


def _tell_lead_facilitator(
    session: AwarenessSession, actor: User, acting_as: str, kind: str, fields: list[str]
) -> None:
    """A co-facilitator or a programme lead changed or cancelled the session: its lead
    facilitator is emailed (in the transaction, so nothing goes for a change rolled back)."""
    from lantern.facilitation.tasks import send_colleague_email

    if session.facilitator.user_id == actor.pk:
        return
    send_colleague_email.enqueue(
        session_id=str(session.pk),
        kind=kind,
        actor_id=str(actor.pk),
        acting_as=acting_as,
        fields=fields,
    )


def _acting_as(actor: User, session: AwarenessSession) -> str:
    """The capacity the actor changes or cancels in (permissions.session_role); the views have
    checked already, so this refuses only a caller that skipped the gateway."""
    role = session_role(actor, session)
    if role is None:
        raise FacilitationError(
            "Only the session's facilitators or the programme's leads can change or cancel it"
        )
    return role


def _enqueue_session_email(
    booking: Booking, kind: str, *, was: dict[str, str] | None = None
) -> None:
    from lantern.facilitation.tasks import send_session_email

    # Inside the transaction, as the booking emails are: no email for a change that rolled back.
    if was is None:
        send_session_email.enqueue(booking_id=str(booking.pk), kind=kind)
    else:
        send_session_email.enqueue(booking_id=str(booking.pk), kind=kind, was=was)


def time_and_place(session: AwarenessSession) -> dict[str, str]:
    """The session's time and place before a change, for the emails to say what it was (task
    arguments: the session's venue and link, nothing about a person)."""
    return {
        "starts_at": session.starts_at.isoformat(),
        "mode": session.mode,
        "venue": session.venue,
        "online_url": session.online_url,
    }
