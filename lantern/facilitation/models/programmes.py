"""Programmes, their cohorts of facilitator training, facilitators and training attendance."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantern.accounts.models import Organisation

COHORT_SESSION_COUNT = 6  # seed 004: "Trainer the Trainer Course - 6 sessions"


class Programme(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=150, unique=True)
    region = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    leads = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="led_programmes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Cohort(models.Model):
    """One run of the six-session facilitator training."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=120)
    starts_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="cohort_name_per_programme")
        ]

    def __str__(self) -> str:
        return self.name


class FacilitatorStatus(models.TextChoices):
    TRAINING = "training", _("In training")
    ACCREDITED = "accredited", _("Accredited")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Facilitator(models.Model):
    """A person's place in a programme: a trainee in a cohort, then an accredited facilitator."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="facilitators")
    cohort = models.ForeignKey(
        Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="trainees"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitator_roles"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="facilitators"
    )
    status = models.CharField(
        max_length=12, choices=FacilitatorStatus.choices, default=FacilitatorStatus.TRAINING
    )
    accredited_at = models.DateTimeField(null=True, blank=True)
    accredited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="facilitator_once_each"),
            models.CheckConstraint(
                condition=Q(status__in=FacilitatorStatus.values), name="facilitator_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="accredited") | Q(accredited_at__isnull=False),
                name="facilitator_accreditation_dated",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_accredited(self) -> bool:
        return self.status == FacilitatorStatus.ACCREDITED


class CohortAttendance(models.Model):
    """A trainee was present at one of the cohort's six training sessions."""

    facilitator = models.ForeignKey(
        Facilitator, on_delete=models.CASCADE, related_name="training_attendance"
    )
    session_number = models.PositiveSmallIntegerField()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["facilitator", "session_number"], name="cohort_attendance_once"
            ),
            models.CheckConstraint(
                condition=Q(session_number__gte=1, session_number__lte=COHORT_SESSION_COUNT),
                name="cohort_session_number_range",
            ),
        ]

    def __str__(self) -> str:
        return f"session {self.session_number}"
