"""Who may see a restricted case, emergency (break-glass) access, alerts and retention runs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from lantern.core.crypto import EncryptedTextField
from lantern.support.models.case import Case


class CaseAccessGrant(models.Model):
    """A person named on a restricted case. Only named people see a restricted case."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="access_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="support_access_grant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.case_id}"


class BreakGlassAccess(models.Model):
    """Emergency access to a case someone could not otherwise see: reasoned, time-limited,
    alerted to the supervisor and the DPO, audited."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="break_glass")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = EncryptedTextField()
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("started_at")), name="support_break_glass_expires"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="support_break_glass_has_reason"),
        ]

    def __str__(self) -> str:
        return f"break-glass {self.user_id} on {self.case_id}"


class AlertKind(models.TextChoices):
    BREAK_GLASS = "break_glass", "Emergency access to a case"
    PLAN_SUBMITTED = "plan_submitted", "Support plan waiting for approval"
    CLOSURE_REQUESTED = "closure_requested", "Case closure waiting for approval"
    CLOSURE_DECLINED = "closure_declined", "Case closure declined"


class SupportAlert(models.Model):
    """A notification to a person (also emailed by a background task). No personal data."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AlertKind.values), name="support_alert_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class RetentionRun(models.Model):
    """One run of the retention job: what it anonymised, so a DPO can show that it ran."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ran_at = models.DateTimeField(default=timezone.now)
    cutoff = models.DateField()
    cases_anonymised = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"retention {self.ran_at:%Y-%m-%d}: {self.cases_anonymised}"


class WithholdReason(models.TextChoices):
    THIRD_PARTY = "third_party", "It is about someone else (third-party information)"
    OTHER = "other", "Another reason the DPO's legal adviser has confirmed"


class SubjectAccessWithholding(models.Model):
    """A passage of the case the DPO keeps out of the subject access document, and why.
    ``item`` is the passage's key in ``subject_access.build`` ("case:notes", "entry:<id>",
    "share:<id>"): ids only. The note is the DPO's own words, so encrypted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    item = models.CharField(max_length=80)
    reason = models.CharField(max_length=20, choices=WithholdReason.choices)
    note = EncryptedTextField("Note for the file", blank=True)
    withheld_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withheld_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "item"], name="support_withholding_unique"),
            models.CheckConstraint(
                condition=Q(reason__in=WithholdReason.values),
                name="support_withholding_reason_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.reason}"
