"""Public bookings of awareness sessions (with a waiting list) and attendance completions."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantern.accounts.models import OrganisationType
from lantern.facilitation.models.sessions import AwarenessSession
from lantern.facilitation.models.tokens import new_token


class JobRole(models.TextChoices):
    """Broad frontline roles for reach reporting (PRODUCT.md, "Who uses it")."""

    POLICE = "police", _("Police officer or staff")
    NURSE_DOCTOR = "health", _("Nurse, doctor or other health professional")
    SOCIAL_WORKER = "social_work", _("Social worker or care professional")
    HOUSING = "housing", _("Housing officer")
    REGULATORY = "regulatory", _("Environmental health, trading standards or licensing officer")
    VOLUNTEER = "volunteer", _("Volunteer or support worker")
    MANAGER = "manager", _("Manager or safeguarding lead")
    OTHER = "other", _("Other")


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Booked")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Booking(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(AwarenessSession, on_delete=models.CASCADE, related_name="bookings")
    full_name = models.CharField(max_length=150)
    email = models.EmailField()
    organisation_name = models.CharField(max_length=200)
    org_type = models.CharField(max_length=32, choices=OrganisationType.choices)
    job_role = models.CharField(max_length=16, choices=JobRole.choices)
    status = models.CharField(max_length=12, choices=BookingStatus.choices)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(null=True, blank=True)
    checked_in_by_self = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["session", "status", "created_at"], name="fac_booking_queue")
        ]
        constraints = [
            # One live booking per email address per session (a cancelled one may be rebooked).
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=~Q(status="cancelled"),
                name="booking_one_live_per_email",
            ),
            models.CheckConstraint(
                condition=Q(status__in=BookingStatus.values), name="booking_status"
            ),
            models.CheckConstraint(
                condition=Q(org_type__in=OrganisationType.values), name="booking_org_type"
            ),
            models.CheckConstraint(condition=Q(job_role__in=JobRole.values), name="booking_role"),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_at__isnull=False),
                name="booking_cancellation_dated",
            ),
            models.CheckConstraint(
                condition=Q(attended_at__isnull=True) | Q(status="confirmed"),
                name="booking_only_confirmed_attend",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_status_display()})"


class Completion(models.Model):
    """The record that a person attended an awareness session (CPD hours)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="completion")
    cpd_hours = models.DecimalField(max_digits=4, decimal_places=2)
    completed_on = models.DateField()
    certificate_code = models.CharField(max_length=14, blank=True)

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.CheckConstraint(condition=Q(cpd_hours__gt=0), name="completion_hours_positive")
        ]

    def __str__(self) -> str:
        return f"completion {self.completed_on}"

    @property
    def hours_text(self) -> str:
        """CPD hours as people write them: 2.5, not 2.50; 3, not 3.00."""
        return f"{self.cpd_hours.normalize():f}"
