"""The case: a pseudonymous reference, structured facts, and encrypted personal fields."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from lantern.core.crypto import EncryptedTextField


class CaseStatus(models.TextChoices):
    # The HTCDS v1.0 case statuses (cas_Status), plus the step between asking to close and closing.
    ACTIVE = "active", "Active"
    FOLLOW_UP = "follow_up", "Follow-up"
    CLOSURE_REQUESTED = "closure_requested", "Closure requested"
    CLOSED = "closed", "Closed"
    CLOSED_REFERRED = "closed_referred", "Closed and referred on"


CLOSED_STATUSES = (CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED)


class AgeBand(models.TextChoices):
    UNDER_12 = "0-11", "Under 12"
    AGE_12_17 = "12-17", "12 to 17"
    AGE_18_24 = "18-24", "18 to 24"
    AGE_25_34 = "25-34", "25 to 34"
    AGE_35_44 = "35-44", "35 to 44"
    AGE_45_54 = "45-54", "45 to 54"
    AGE_55_PLUS = "55+", "55 or over"
    NOT_KNOWN = "unknown", "Not known"


CHILD_AGE_BANDS = (AgeBand.UNDER_12, AgeBand.AGE_12_17)


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    TRANSGENDER = "transgender", "Transgender"
    OTHER = "other", "In another way"
    NOT_KNOWN = "unknown", "Not known or prefers not to say"


class ExploitationType(models.TextChoices):
    LABOUR = "labour", "Labour exploitation"
    SEXUAL = "sexual", "Sexual exploitation"
    DOMESTIC_SERVITUDE = "domestic_servitude", "Domestic servitude"
    CRIMINAL = "criminal", "Criminal exploitation"
    ORGAN_REMOVAL = "organ_removal", "Organ removal"
    OTHER = "other", "Other"
    NOT_KNOWN = "unknown", "Not known yet"


class ClosureReason(models.TextChoices):
    SUPPORT_COMPLETE = "support_complete", "Support plan completed"
    REFERRED_ON = "referred_on", "Referred to another service"
    MOVED_AWAY = "moved_away", "Person moved away"
    DISENGAGED = "disengaged", "Person chose to stop support"
    OTHER = "other", "Other"


class Case(models.Model):
    """One potential victim's support case.

    Everything that identifies the person is encrypted at rest (EncryptedTextField) and can be
    neither searched nor ordered on; the reference is pseudonymous. ``version`` guards the
    case details against lost updates (see services.case_update).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="support_cases"
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.ACTIVE)

    # Structured, non-identifying facts (the HTCDS person and victim-context sections).
    age_band = models.CharField(max_length=8, choices=AgeBand.choices, default=AgeBand.NOT_KNOWN)
    age_disputed = models.BooleanField(
        "Age is disputed",
        default=False,
        help_text="If the person's age is in doubt, treat them as a child (MSA 2015 s51)",
    )
    gender = models.CharField(max_length=12, choices=Gender.choices, default=Gender.NOT_KNOWN)
    nationality = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    languages = models.JSONField(default=list, blank=True, help_text="ISO 639-2 codes")
    interpreter_needed = models.BooleanField(default=False)
    exploitation_types = models.JSONField(default=list, blank=True)

    # Personal fields: encrypted at rest.
    given_name = EncryptedTextField("Given name or names", blank=True)
    family_name = EncryptedTextField("Family name", blank=True)
    aliases = EncryptedTextField("Other names they use or have used", blank=True)
    date_of_birth = EncryptedTextField("Date of birth", blank=True)
    contact_details = EncryptedTextField("Safe ways to contact them", blank=True)
    place_of_safety_address = EncryptedTextField("Current place of safety address", blank=True)
    notes = EncryptedTextField("Notes", blank=True)

    restricted = models.BooleanField(default=False)
    closure_reason = models.CharField(max_length=20, choices=ClosureReason.choices, blank=True)
    closure_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closure_requested_at = models.DateTimeField(null=True, blank=True)
    # For the reason "Other": why, in the caseworker's words, for the supervisor deciding
    # (free text that may be about the person, so encrypted; the audit log has only the code).
    closure_other_reason = EncryptedTextField("Why the case is closing", blank=True)
    # A supervisor's decline of the last closure request: shown on the case until it is asked
    # again (the reason is free text about the person, so encrypted; the audit log has no text).
    closure_declined_reason = EncryptedTextField("Why the closure was declined", blank=True)
    closure_declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closure_declined_at = models.DateTimeField(null=True, blank=True)
    # Who asked for the closure that was declined: the person who must act on the decline. It
    # comes back to them, and to the case's owner, in "Returned to you" until closure is asked
    # again (selectors.returned_to).
    closure_declined_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    retention_until = models.DateField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # The retention job that anonymised the case (empty when anonymised by hand, or not yet).
    anonymised_by_run = models.ForeignKey(
        "support.RetentionRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    # A hold the DPO places (for example while a complaint or court case needs the record):
    # the retention job skips the case until the hold is lifted. The reason is free text that
    # may be about the person, so encrypted; the audit log has no text.
    retention_hold_reason = EncryptedTextField("Why the case is kept", blank=True)
    retention_held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    retention_held_at = models.DateTimeField(null=True, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["organisation", "team", "-updated_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="support_case_reference_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=CaseStatus.values), name="support_case_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(age_band__in=AgeBand.values), name="support_case_age_band_valid"
            ),
            models.CheckConstraint(
                condition=Q(gender__in=Gender.values), name="support_case_gender_valid"
            ),
            models.CheckConstraint(
                condition=Q(nationality="") | Q(nationality__regex=r"^[A-Z]{2}$"),
                name="support_case_nationality_iso3166",
            ),
            models.CheckConstraint(
                condition=Q(closure_reason="") | Q(closure_reason__in=ClosureReason.values),
                name="support_case_closure_reason_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=CLOSED_STATUSES)
                | Q(closed_at__isnull=False, retention_until__isnull=False),
                name="support_case_closed_has_retention",
            ),
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=True) | Q(status__in=CLOSED_STATUSES),
                name="support_case_only_closed_anonymised",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="support_case_version_gte_1"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_child(self) -> bool:
        return self.age_band in CHILD_AGE_BANDS or self.age_disputed

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class CaseReferenceCounter(models.Model):
    """The last reference number used by an organisation in a year (locked to allocate)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="support_reference_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"
