"""Evaluation: anonymous answer sheets, and receipts that say only that a booking answered."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantern.facilitation.models.bookings import Booking
from lantern.facilitation.models.sessions import AwarenessSession


class EvaluationPhase(models.TextChoices):
    BEFORE = "pre", _("Before the session")
    AFTER = "post", _("After the session")


class EvaluationResponse(models.Model):
    """One anonymous answer sheet. Deliberately has no link to the booking or the person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        AwarenessSession, on_delete=models.CASCADE, related_name="evaluations"
    )
    phase = models.CharField(max_length=4, choices=EvaluationPhase.choices)
    instrument = models.CharField(max_length=60)
    knowledge_score = models.PositiveSmallIntegerField()
    knowledge_max = models.PositiveSmallIntegerField()
    confidence_identify = models.PositiveSmallIntegerField()
    confidence_respond = models.PositiveSmallIntegerField()
    confidence_refer = models.PositiveSmallIntegerField()
    # Kirkpatrick level 1 (after only): 1-5 agreement.
    reaction_relevant = models.PositiveSmallIntegerField(null=True, blank=True)
    reaction_delivery = models.PositiveSmallIntegerField(null=True, blank=True)
    reaction_recommend = models.PositiveSmallIntegerField(null=True, blank=True)
    comments = models.TextField(blank=True)
    answers = models.JSONField(default=dict)
    # Day only, not time: a timestamp next to the check-in time could re-identify a person.
    submitted_on = models.DateField(default=timezone.localdate)

    class Meta:
        indexes = [models.Index(fields=["session", "phase"], name="fac_eval_session_phase")]
        constraints = [
            models.CheckConstraint(
                condition=Q(phase__in=EvaluationPhase.values), name="evaluation_phase"
            ),
            models.CheckConstraint(
                condition=Q(knowledge_score__lte=F("knowledge_max")),
                name="evaluation_score_within_max",
            ),
            models.CheckConstraint(
                condition=Q(confidence_identify__gte=1, confidence_identify__lte=5)
                & Q(confidence_respond__gte=1, confidence_respond__lte=5)
                & Q(confidence_refer__gte=1, confidence_refer__lte=5),
                name="evaluation_confidence_1_5",
            ),
            models.CheckConstraint(
                condition=Q(phase="pre")
                | (
                    Q(reaction_relevant__gte=1, reaction_relevant__lte=5)
                    & Q(reaction_delivery__gte=1, reaction_delivery__lte=5)
                    & Q(reaction_recommend__gte=1, reaction_recommend__lte=5)
                ),
                name="evaluation_reaction_after",
            ),
        ]

    def __str__(self) -> str:
        return f"evaluation ({self.phase})"


class EvaluationReceipt(models.Model):
    """That a booking has answered a phase (stops double answers; says nothing of the answers)."""

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="evaluation_receipts"
    )
    phase = models.CharField(max_length=4, choices=EvaluationPhase.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["booking", "phase"], name="evaluation_once_per_phase")
        ]

    def __str__(self) -> str:
        return f"receipt ({self.phase})"
