"""Awareness sessions with their booking counts, and their bookings."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from lantern.accounts.models import User
from lantern.facilitation.models import AwarenessSession, Booking, BookingStatus
from lantern.facilitation.selectors._common import ATTENDED, _n


def session_queryset() -> QuerySet[AwarenessSession]:
    return AwarenessSession.objects.select_related(
        "facilitator__user", "facilitator__organisation", "programme"
    ).annotate(
        confirmed_count=Count(
            "bookings", filter=Q(bookings__status=BookingStatus.CONFIRMED), distinct=True
        ),
        waitlist_count=Count(
            "bookings", filter=Q(bookings__status=BookingStatus.WAITLISTED), distinct=True
        ),
        attended_count=Count("bookings", filter=ATTENDED, distinct=True),
    )


def places_left(session: AwarenessSession) -> int:
    """Confirmed places still free, for a session read through session_queryset()."""
    return max(0, session.capacity - _n(session, "confirmed_count"))


def waitlist_places_left(session: AwarenessSession) -> int:
    """Waiting-list places still free, for a session read through session_queryset()."""
    return max(0, session.waitlist_limit - _n(session, "waitlist_count"))


def sessions_for_user(user: User) -> QuerySet[AwarenessSession]:
    return (
        session_queryset()
        .filter(Q(facilitator__user=user) | Q(co_facilitators__user=user))
        .distinct()
        .order_by("-starts_at")
    )


def session_bookings(session: AwarenessSession) -> list[Booking]:
    return list(session.bookings.exclude(status=BookingStatus.CANCELLED).order_by("created_at"))


def session_for_booking_page(token: str) -> AwarenessSession | None:
    return session_queryset().filter(booking_token=token).first()
