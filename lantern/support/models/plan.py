"""Sections of a case that walk NOS SFJBMS05, continued: the support plan and its goals (PC14),
consent (PC16), partners (PC17), information sharing (PC18) and reviews (PC19).

Entries carry a ``version`` like every section (see sections.py); free text about the person
is encrypted at rest.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from lantern.core.crypto import EncryptedTextField
from lantern.support.models.case import Case
from lantern.support.models.sections import SectionEntry, _choice


# --- PC14 ------------------------------------------------------------------------------------
class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for approval"
    APPROVED = "approved", "Approved"


class SupportPlan(models.Model):
    """The support and safety plan: one per case, agreed with the person, in their words."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="plan")
    in_their_words = EncryptedTextField("What the person wants from support, in their words")
    safety_plan = EncryptedTextField("Safety plan: what to do if they feel unsafe", blank=True)
    agreed_with_person = models.BooleanField("The person has agreed this plan", default=False)
    agreed_on = models.DateField("Date agreed", null=True, blank=True)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            _choice("status", PlanStatus, "support_plan_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=PlanStatus.APPROVED)
                | Q(approved_by__isnull=False, approved_at__isnull=False, agreed_with_person=True),
                name="support_plan_approved_complete",
            ),
            # Four eyes: nobody approves a plan they last edited.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(drafted_by__isnull=True)
                | ~Q(approved_by=F("drafted_by")),
                name="support_plan_four_eyes",
            ),
            models.CheckConstraint(
                condition=~Q(agreed_with_person=True) | Q(agreed_on__isnull=False),
                name="support_plan_agreed_has_date",
                violation_error_message="Enter the date the person agreed the plan",
            ),
        ]

    def __str__(self) -> str:
        return f"plan for {self.case_id}"


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ACHIEVED = "achieved", "Achieved"
    CHANGED = "changed", "Changed or dropped"


class PlanGoal(SectionEntry):
    goal = EncryptedTextField("Goal, in the person's words")
    steps = EncryptedTextField("Steps and who will take them", blank=True)
    target_date = models.DateField("Target date", null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED
    )

    class Meta(SectionEntry.Meta):
        ordering = ["created_at"]
        constraints = [_choice("status", GoalStatus, "support_goal_status_valid")]


# --- PC17 ------------------------------------------------------------------------------------
class PartnerType(models.TextChoices):
    POLICE = "police", "Police"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    CHILDRENS_SERVICES = "childrens_services", "Children's social care"
    HEALTH = "health", "Health"
    VICTIM_CARE = "victim_care", "Victim care contract provider"
    CHARITY = "charity", "Charity"
    LEGAL = "legal", "Solicitor or legal adviser"
    OTHER = "other", "Other"


class Partner(SectionEntry):
    name = models.CharField("Organisation name", max_length=200)
    partner_type = models.CharField("Type", max_length=20, choices=PartnerType.choices)
    role_in_plan = models.CharField("Their part in the plan", max_length=300, blank=True)
    contact = EncryptedTextField("Contact at the organisation", blank=True)

    class Meta(SectionEntry.Meta):
        ordering = ["name"]
        constraints = [_choice("partner_type", PartnerType, "support_partner_type_valid")]

    def __str__(self) -> str:
        return self.name


# --- PC16 ------------------------------------------------------------------------------------
class ConsentScope(models.TextChoices):
    SHARE = "share", "Sharing information with a partner"
    NRM = "nrm", "Referral into the National Referral Mechanism"
    CONTACT = "contact", "Being contacted by us"


class ConsentDecision(models.TextChoices):
    GIVEN = "given", "Gave consent"
    REFUSED = "refused", "Did not give consent"
    WITHDRAWN = "withdrawn", "Withdrew consent"


class ConsentRecord(SectionEntry):
    """The consent ledger: append-only. A change of mind is a new entry, never an edit."""

    scope = models.CharField("What the consent is for", max_length=10, choices=ConsentScope.choices)
    partner = models.ForeignKey(
        Partner,
        verbose_name="Partner (leave empty for any partner in the plan)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.CharField(max_length=10, choices=ConsentDecision.choices)
    explained_limits = models.BooleanField(
        "I explained what would be shared, why, and the limits of confidentiality",
        default=False,
    )
    recorded_on = models.DateField("Date")
    note = EncryptedTextField("Notes", blank=True)

    class Meta(SectionEntry.Meta):
        constraints = [
            _choice("scope", ConsentScope, "support_consent_scope_valid"),
            _choice("decision", ConsentDecision, "support_consent_decision_valid"),
            # Consent is informed or it is not consent.
            models.CheckConstraint(
                condition=~Q(decision=ConsentDecision.GIVEN) | Q(explained_limits=True),
                name="support_consent_given_is_informed",
                violation_error_message=(
                    "Consent is only valid once you have explained what will be shared, why, "
                    "and the limits of confidentiality"
                ),
            ),
        ]


# --- PC18 ------------------------------------------------------------------------------------
class ShareKind(models.TextChoices):
    SHARE = "share", "Share information"
    REFERRAL = "referral", "Refer the person"


class ShareBasis(models.TextChoices):
    # Without consent, DPA 2018 Sch 1 para 18 is the ground for each of the others: safeguarding
    # a child or an individual at risk where consent cannot be given or asking would put their
    # protection at risk (FACTS.md). Being a child, or in danger, is not a ground by itself.
    CONSENT = "consent", "The person's consent"
    CHILD = (
        "child",
        "Safeguarding a child, where consent cannot be given or asking would put their "
        "protection at risk (DPA 2018 Sch 1 para 18)",
    )
    IMMEDIATE_DANGER = (
        "immediate_danger",
        "Someone is in immediate danger and consent cannot be given in time "
        "(DPA 2018 Sch 1 para 18)",
    )
    SAFEGUARDING = (
        "safeguarding",
        "Safeguarding an adult at risk, where consent cannot be given or asking would put "
        "their protection at risk (DPA 2018 Sch 1 para 18)",
    )


OVERRIDE_BASES = (ShareBasis.CHILD, ShareBasis.IMMEDIATE_DANGER, ShareBasis.SAFEGUARDING)


class ShareCategory(models.TextChoices):
    IDENTITY = "identity", "Name, date of birth and other identifiers"
    CONTACT = "contact", "Contact details and address"
    ACCOUNT = "account", "Their account"
    NEEDS = "needs", "Needs"
    RISKS = "risks", "Risks"
    PLAN = "plan", "Support and safety plan"


class InformationShare(SectionEntry):
    """The information-sharing log: append-only. Refused attempts are in the audit log."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=ShareKind.choices)
    what_shared = models.JSONField(default=list)
    purpose = EncryptedTextField("Why you are sharing")
    basis = models.CharField(max_length=20, choices=ShareBasis.choices)
    consent = models.ForeignKey(
        ConsentRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    override_reason = EncryptedTextField(blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(SectionEntry.Meta):
        constraints = [
            _choice("kind", ShareKind, "support_share_kind_valid"),
            _choice("basis", ShareBasis, "support_share_basis_valid"),
            models.CheckConstraint(
                condition=~Q(basis=ShareBasis.CONSENT) | Q(consent__isnull=False),
                name="support_share_consent_recorded",
            ),
            models.CheckConstraint(
                condition=Q(basis=ShareBasis.CONSENT)
                | (Q(authorised_by__isnull=False) & ~Q(override_reason="")),
                name="support_share_override_authorised",
            ),
        ]


# --- PC19 ------------------------------------------------------------------------------------
class Review(SectionEntry):
    due_on = models.DateField("Review due on")
    completed_on = models.DateField("Date the review took place", null=True, blank=True)
    outcome = EncryptedTextField("What the review found and what changes", blank=True)

    class Meta(SectionEntry.Meta):
        ordering = ["due_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | ~Q(outcome=""),
                name="support_review_completed_has_outcome",
                violation_error_message="Enter what the review found",
            )
        ]
