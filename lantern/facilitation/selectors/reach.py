"""A facilitator's reach against their commitment, and overdue follow-up actions."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from lantern.facilitation import rules
from lantern.facilitation.models import (
    AwarenessSession,
    Commitment,
    Facilitator,
)
from lantern.facilitation.selectors._common import ATTENDED
from lantern.facilitation.selectors.delivery import tally


@dataclass(frozen=True)
class Reach:
    facilitator: Facilitator
    commitment: Commitment | None
    sessions_delivered: int
    sessions_upcoming: int
    # Ended with nobody recorded as attending: the facilitator still has to fill in the register.
    sessions_awaiting_register: int
    staff_reached: int
    sessions_target: int
    staff_target: int

    @property
    def staff_percent(self) -> int:
        return rules.progress_percent(self.staff_reached, self.staff_target)

    @property
    def sessions_percent(self) -> int:
        return rules.progress_percent(self.sessions_delivered, self.sessions_target)


def facilitator_reach(facilitator: Facilitator) -> Reach:
    """Sessions (led or co-facilitated) in the current commitment period, and people reached."""
    commitment = (
        Commitment.objects.filter(facilitator=facilitator)
        .prefetch_related("actions")
        .order_by("-starts_on")
        .first()
    )
    sessions = AwarenessSession.objects.filter(
        Q(facilitator=facilitator) | Q(co_facilitators=facilitator), status="scheduled"
    )
    if commitment is not None:
        # The period reads "1 June 2026 to 1 June 2027": both days are in it.
        sessions = sessions.filter(
            starts_at__date__gte=commitment.starts_on, starts_at__date__lte=commitment.ends_on
        )
    counted = (
        AwarenessSession.objects.filter(pk__in=sessions.values("pk"))
        .annotate(attended=Count("bookings", filter=ATTENDED))
        .values_list("attended", "ends_at")
    )
    counts = tally(counted, timezone.now())
    return Reach(
        facilitator=facilitator,
        commitment=commitment,
        sessions_delivered=counts.delivered,
        sessions_upcoming=counts.upcoming,
        sessions_awaiting_register=counts.awaiting_register,
        staff_reached=counts.reached,
        sessions_target=commitment.sessions_max if commitment else 0,
        staff_target=commitment.staff_target if commitment else 0,
    )
