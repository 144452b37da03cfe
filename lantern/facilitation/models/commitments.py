"""A facilitator's commitments per period and the follow-up actions that come with them."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantern.facilitation.models.programmes import Facilitator


class Commitment(models.Model):
    """What a facilitator commits to in a period (defaults from seed 004, editable)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    facilitator = models.ForeignKey(
        Facilitator, on_delete=models.CASCADE, related_name="commitments"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    sessions_min = models.PositiveSmallIntegerField(default=2)
    sessions_max = models.PositiveSmallIntegerField(default=3)
    staff_target = models.PositiveIntegerField(default=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["facilitator", "starts_on"], name="commitment_one_per_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="commitment_period_positive"
            ),
            models.CheckConstraint(
                condition=Q(sessions_min__lte=F("sessions_max")) & Q(sessions_max__gte=1),
                name="commitment_sessions_range",
            ),
        ]

    def __str__(self) -> str:
        return f"commitment from {self.starts_on}"


class ActionKind(models.TextChoices):
    REVIEW_PROTOCOL = "review_protocol", _("Review your internal protocol")
    ESTABLISH_PATHWAY = "establish_pathway", _("Establish a referral pathway")
    PROMOTE_ELEARNING = "promote_elearning", _("Promote the e-learning")


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class FollowUpAction(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=24, choices=ActionKind.choices)
    owner = models.CharField(max_length=150, help_text="Who in the organisation leads it")
    due_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    evidence = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "kind"], name="action_once_per_kind"),
            models.CheckConstraint(condition=Q(kind__in=ActionKind.values), name="action_kind"),
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_status"
            ),
            # "Done" needs evidence: the steering group asks what changed.
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(evidence=""), name="action_done_has_evidence"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_overdue(self) -> bool:
        return self.status != ActionStatus.DONE and self.due_on < timezone.localdate()
