"""Scheduling awareness sessions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.core.audit import audit_record
from lantern.facilitation.kit import kit
from lantern.facilitation.models import AwarenessSession, Facilitator
from lantern.facilitation.services.errors import FacilitationError


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
