"""What counts as delivered, and who counts as reached: one definition for every page and export.

A session is **delivered** once it has ended and someone attended (check-in opens an hour
before the start, so a check-in alone is not a delivery). **Staff reached** are the people
recorded as attending delivered sessions. Before/after evaluation figures are taken from
delivered sessions only, so that "before" and "after" describe the same sessions.

The facilitator's home and commitment pages, the programme page (its totals and its
Facilitators table), the reach CSV and the SAB report all count through this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from lantern.facilitation.models import AwarenessSession, Booking, Commitment, SessionStatus
from lantern.facilitation.selectors.evaluation import evaluation_rows


def reached_bookings(now: datetime | None = None) -> QuerySet[Booking]:
    """People recorded as attending a session that has ended (and was not cancelled)."""
    return Booking.objects.filter(
        attended_at__isnull=False,
        session__status=SessionStatus.SCHEDULED,
        session__ends_at__lte=now or timezone.now(),
    )


def delivered_sessions(now: datetime | None = None) -> QuerySet[AwarenessSession]:
    """Sessions that have ended with someone recorded as attending."""
    return AwarenessSession.objects.filter(pk__in=reached_bookings(now).values("session_id"))


def delivered_evaluation_rows(now: datetime | None = None, **filters: Any) -> list[dict[str, Any]]:
    """Evaluation answers (both phases) from delivered sessions only."""
    return evaluation_rows(session__in=delivered_sessions(now), **filters)


@dataclass(frozen=True)
class Tally:
    delivered: int = 0
    upcoming: int = 0
    # Ended with nobody recorded as attending: the register still has to be filled in.
    awaiting_register: int = 0
    reached: int = 0


def tally(sessions: Iterable[tuple[int, datetime]], now: datetime) -> Tally:
    """Count (attended, ends_at) pairs of scheduled sessions by the definition above (pure)."""
    delivered = upcoming = awaiting = reached = 0
    for attended, ends_at in sessions:
        if ends_at > now:
            upcoming += 1
        elif attended:
            delivered += 1
            reached += attended
        else:
            awaiting += 1
    return Tally(delivered, upcoming, awaiting, reached)


def in_commitment_period(starts_at: datetime, commitment: Commitment | None) -> bool:
    """The period reads "1 June 2026 to 1 June 2027": both days are in it."""
    if commitment is None:
        return True
    day: date = timezone.localtime(starts_at).date()
    return commitment.starts_on <= day <= commitment.ends_on
