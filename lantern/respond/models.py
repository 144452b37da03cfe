"""Referral drafts: the only thing respond stores, and only for a signed-in first responder.

Everything a worker types about a person lives in one encrypted field (``content``, JSON inside
Fernet). The plain columns say only what kind of draft it is, whose it is and when it goes.
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantern.accounts.models import Organisation
from lantern.core.crypto import EncryptedTextField
from lantern.core.phones import split_phone, tel_href


class DraftKind(models.TextChoices):
    NRM = "nrm", _("NRM referral")
    DTN = "dtn", _("Duty to Notify")


class ReferralDraft(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=3, choices=DraftKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referral_drafts"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="referral_drafts"
    )
    rules_version = models.CharField(max_length=20)
    content = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    delete_after = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DraftKind.values), name="referral_draft_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} draft {self.pk}"

    @property
    def data(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.content or "{}")
        return loaded


PATHWAY_REVIEW_AFTER = timedelta(days=365)


class ReferralPathway(models.Model):
    """An organisation's own route for a worried member of staff: who to tell, how to reach
    them, out of hours, and the steps inside its safeguarding procedure. Its admins set it;
    the respond result shows it to the organisation's signed-in members."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="referral_pathway"
    )
    contact_name = models.CharField(max_length=120)
    contact_role = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    out_of_hours = models.CharField(max_length=300, blank=True)
    steps = models.TextField(max_length=2000, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(phone="") | ~models.Q(email=""),
                name="referral_pathway_has_a_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral pathway of {self.organisation}"

    @property
    def tel(self) -> str:
        return tel_href(self.phone)

    def out_of_hours_call(self) -> dict[str, str] | None:
        """The out-of-hours text split around its phone number, for a tap-to-call link."""
        parts = split_phone(self.out_of_hours)
        if parts is None:
            return None
        before, number, after = parts
        return {"before": before, "number": number, "tel": tel_href(number), "after": after}

    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    @property
    def needs_review(self) -> bool:
        """Contacts change: a pathway nobody has saved for a year is flagged to its admins."""
        return timezone.now() - self.updated_at > PATHWAY_REVIEW_AFTER


class ReferralQualityRecord(models.Model):
    """How complete a referral draft was when it was downloaded to be sent: which quality
    checks it met. Nothing about the person or the worker, so it outlives the draft and feeds
    reports (the quarterly Safeguarding Adults Board report), counted only in groups of 5 or
    more. One record per draft, brought up to date if it is downloaded again."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    draft_ref = models.UUIDField(unique=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="referral_quality_records"
    )
    kind = models.CharField(max_length=3, choices=DraftKind.choices)
    recorded_on = models.DateField()
    checks_total = models.PositiveSmallIntegerField()
    met = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DraftKind.values), name="referral_quality_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Quality of a {self.get_kind_display()} draft, {self.recorded_on:%d %B %Y}"
