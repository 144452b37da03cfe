"""Awareness sessions: where and when, capacity, and the self check-in window."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantern.facilitation.models.programmes import Facilitator, Programme
from lantern.facilitation.models.tokens import new_short_code, new_token


class SessionScope(models.TextChoices):
    IN_BOROUGH = "in_borough", _("In-borough")
    CROSS_BOROUGH = "cross_borough", _("Cross-borough")


class SessionMode(models.TextChoices):
    VENUE = "venue", _("At a venue")
    ONLINE = "online", _("Online")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class AwarenessSession(models.Model):
    """A 2.5 hour multi-agency awareness session delivered by facilitators."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="sessions")
    facilitator = models.ForeignKey(Facilitator, on_delete=models.PROTECT, related_name="sessions")
    co_facilitators = models.ManyToManyField(
        Facilitator, blank=True, related_name="co_facilitated_sessions"
    )
    title = models.CharField(max_length=150)
    scope = models.CharField(max_length=16, choices=SessionScope.choices)
    borough = models.CharField(max_length=100, blank=True)
    mode = models.CharField(max_length=8, choices=SessionMode.choices)
    venue = models.CharField(max_length=300, blank=True)
    online_url = models.URLField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    capacity = models.PositiveIntegerField()
    waitlist_limit = models.PositiveIntegerField(default=20)
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    booking_token = models.CharField(max_length=64, unique=True, default=new_token)
    checkin_token = models.CharField(max_length=64, unique=True, default=new_token)
    checkin_code = models.CharField(max_length=6, unique=True, default=new_short_code)
    checkin_opens_at = models.DateTimeField(null=True, blank=True)
    checkin_closes_at = models.DateTimeField(null=True, blank=True)
    cpd_hours = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("2.50"))
    # RFC 5545 SEQUENCE of the bookers' calendar entries: raised when the time or place changes,
    # so an updated calendar file replaces the entry (same UID) instead of adding a second one.
    calendar_sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Told to the people booked (email and booking page); never written to the audit log.
    cancel_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["programme", "starts_at"], name="fac_session_prog_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
            models.CheckConstraint(
                condition=Q(scope__in=SessionScope.values), name="session_scope"
            ),
            models.CheckConstraint(condition=Q(mode__in=SessionMode.values), name="session_mode"),
            models.CheckConstraint(
                condition=(Q(mode="venue") & ~Q(venue="")) | (Q(mode="online") & ~Q(online_url="")),
                name="session_has_place",
            ),
            models.CheckConstraint(
                condition=Q(checkin_opens_at__isnull=True)
                | Q(checkin_closes_at__gt=F("checkin_opens_at")),
                name="session_checkin_window",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def place(self) -> str:
        return self.venue if self.mode == SessionMode.VENUE else "Online"

    def has_ended(self, when: datetime | None = None) -> bool:
        """The session is over: its certificates can be issued and its after-session
        questions answered."""
        return self.ends_at <= (when or timezone.now())

    def checkin_open_at(self, when: datetime | None = None) -> bool:
        when = when or timezone.now()
        return bool(
            self.checkin_opens_at
            and self.checkin_closes_at
            and self.checkin_opens_at <= when < self.checkin_closes_at
        )
