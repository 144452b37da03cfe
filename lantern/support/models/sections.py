"""Sections of a case that walk NOS SFJBMS05; lantern.support.standard maps each to its PCs.

Every entry carries a ``version`` so that two people editing the same entry cannot silently
overwrite each other (services.section_entry_update refuses a stale version). Free text about
the person is encrypted at rest.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from lantern.core.crypto import EncryptedTextField
from lantern.support.models.case import Case


class SectionEntry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        # Never personal data: entries may be printed in logs and error reports.
        return f"{self._meta.model_name} {self.pk}"


def _choice(field: str, choices: type[models.TextChoices], name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


# --- PC1 -------------------------------------------------------------------------------------
class ActionToDate(SectionEntry):
    source_organisation = models.CharField(
        "Organisation that took the action or gave the information", max_length=200
    )
    action_date = models.DateField("Date of the action", null=True, blank=True)
    summary = EncryptedTextField("What was done or found out")

    class Meta(SectionEntry.Meta):
        pass


# --- PC2 -------------------------------------------------------------------------------------
class AssessmentType(models.TextChoices):
    NRM_REFERRAL = "nrm_referral", "NRM referral form"
    NEEDS = "needs", "Needs assessment"
    RISK = "risk", "Risk assessment"
    HEALTH = "health", "Health assessment"
    AGE = "age", "Age assessment"
    RECOVERY_NEEDS = "recovery_needs", "Recovery Needs Assessment"
    SAFEGUARDING = "safeguarding", "Safeguarding enquiry"
    OTHER = "other", "Other report"


class AssessmentReview(SectionEntry):
    assessment_type = models.CharField(
        "Type of report or assessment", max_length=20, choices=AssessmentType.choices
    )
    completed_by = models.CharField("Who completed it", max_length=200, blank=True)
    reviewed_on = models.DateField("Date you reviewed it")
    findings = EncryptedTextField("What it tells you about the person's needs")

    class Meta(SectionEntry.Meta):
        constraints = [
            _choice("assessment_type", AssessmentType, "support_assessment_type_valid"),
        ]


# --- PC3, PC4 ----------------------------------------------------------------------------------
class NeedType(models.TextChoices):
    SAFETY = "safety", "Safety"
    SHELTER = "shelter", "Somewhere to stay"
    FOOD = "food", "Food and water"
    MEDICAL = "medical", "Medical care"
    CLOTHING = "clothing", "Clothing"
    MONEY = "money", "Money"
    PHONE = "phone", "A safe phone"
    LEGAL = "legal", "Legal or immigration advice"
    INTERPRETER = "interpreter", "An interpreter"
    OTHER = "other", "Other"


class NeedStatus(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    MET = "met", "Met"
    NOT_NEEDED = "not_needed", "No longer needed"


class ImmediateNeed(SectionEntry):
    need_type = models.CharField("Need", max_length=20, choices=NeedType.choices)
    description = EncryptedTextField("Describe the need", blank=True)
    status = models.CharField(
        max_length=20, choices=NeedStatus.choices, default=NeedStatus.OUTSTANDING
    )
    how_met = EncryptedTextField("How the need was met", blank=True)
    met_on = models.DateField("Date it was met", null=True, blank=True)

    class Meta(SectionEntry.Meta):
        constraints = [
            _choice("need_type", NeedType, "support_need_type_valid"),
            _choice("status", NeedStatus, "support_need_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=NeedStatus.MET) | Q(met_on__isnull=False),
                name="support_need_met_has_date",
                violation_error_message="Enter the date the need was met",
            ),
        ]


# --- PC5 -------------------------------------------------------------------------------------
class RightsFormat(models.TextChoices):
    WRITTEN = "written", "Written"
    AUDIO = "audio", "Audio"
    EASY_READ = "easy_read", "Easy read"
    INTERPRETER = "interpreter", "Spoken, through an interpreter"


class InterpreterType(models.TextChoices):
    NONE = "none", "No interpreter"
    IN_PERSON = "in_person", "Professional interpreter, in person"
    TELEPHONE = "telephone", "Professional interpreter, by phone or video"


class RightsTopic(models.TextChoices):
    NRM = "nrm", "The National Referral Mechanism and what it offers"
    SUPPORT = "support", "Support they are entitled to"
    LEGAL_ADVICE = "legal_advice", "Free legal and immigration advice"
    CONFIDENTIALITY = "confidentiality", "Confidentiality and its limits"
    STATUTORY_DEFENCE = "statutory_defence", "Protection if they were made to commit offences"
    COMPLAINTS = "complaints", "How to complain"


class RightsInformation(SectionEntry):
    language = models.CharField("Language", max_length=3, help_text="ISO 639-2 code")
    format = models.CharField("Format", max_length=20, choices=RightsFormat.choices)
    interpreter = models.CharField(
        "Interpreter", max_length=20, choices=InterpreterType.choices, default=InterpreterType.NONE
    )
    topics = models.JSONField("Rights covered", default=list)
    given_on = models.DateField("Date given")
    person_accepted_format = models.BooleanField(
        "The person said this language and format work for them", default=False
    )
    notes = EncryptedTextField("Notes", blank=True)

    class Meta(SectionEntry.Meta):
        constraints = [
            _choice("format", RightsFormat, "support_rights_format_valid"),
            _choice("interpreter", InterpreterType, "support_rights_interpreter_valid"),
            models.CheckConstraint(
                condition=Q(language__regex=r"^[a-z]{3}$"), name="support_rights_language_iso639"
            ),
            # Never a companion, family member or child: a professional interpreter or none.
            models.CheckConstraint(
                condition=~Q(format=RightsFormat.INTERPRETER)
                | ~Q(interpreter=InterpreterType.NONE),
                name="support_rights_interpreter_named",
                violation_error_message="Select the professional interpreter who was used",
            ),
        ]


# --- PC6 -------------------------------------------------------------------------------------
class ExplanationTopic(models.TextChoices):
    MODERN_SLAVERY = "modern_slavery", "What modern slavery is"
    CONTROL = "control", "How control works (debt, documents, threats, isolation)"
    NRM = "nrm", "The NRM and what happens next"
    SUPPORT = "support", "What support could look like"


class Explanation(SectionEntry):
    explained_on = models.DateField("Date")
    topics = models.JSONField("What you explained", default=list)
    plain_language = models.BooleanField(
        "I used words the person understood and checked their understanding (PC6.1)",
        default=False,
    )
    without_leading = models.BooleanField(
        "I used open questions and did not suggest answers (PC6.2)", default=False
    )
    notes = EncryptedTextField("Notes", blank=True)

    class Meta(SectionEntry.Meta):
        pass


# --- PC7, PC8 --------------------------------------------------------------------------------
class PersonAccount(SectionEntry):
    """The person's own account, in their words: never mixed with the worker's observations."""

    recorded_on = models.DateField("Date")
    language = models.CharField("Language they used", max_length=3, blank=True)
    account = EncryptedTextField("Their account, in their own words")
    at_own_pace = models.BooleanField(
        "They told it in their own way and at their own pace", default=False
    )
    free_from_judgement = models.BooleanField(
        "The conversation stayed free from judgement, discrimination and oppression",
        default=False,
    )

    class Meta(SectionEntry.Meta):
        pass


class WorkerObservation(SectionEntry):
    observed_on = models.DateField("Date")
    observation = EncryptedTextField("What you observed")

    class Meta(SectionEntry.Meta):
        pass


# --- PC9, PC10 -------------------------------------------------------------------------------
class RiskCategory(models.TextChoices):
    RE_TRAFFICKING = "re_trafficking", "Being exploited or trafficked again"
    CONTACT = "contact", "Contact from the people who exploited them"
    DEBT = "debt", "Debt or threats about debt"
    FAMILY = "family", "Threats to family"
    HEALTH = "health", "Health, including mental health"
    SELF_HARM = "self_harm", "Self-harm"
    HOUSING = "housing", "Losing their accommodation"
    IMMIGRATION = "immigration", "Immigration status"
    OTHER = "other", "Other"


class Likelihood(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    REDUCED = "reduced", "Reduced"
    CLOSED = "closed", "No longer a risk"


class Risk(SectionEntry):
    category = models.CharField("Risk", max_length=20, choices=RiskCategory.choices)
    description = EncryptedTextField("Describe the risk")
    likelihood = models.CharField(max_length=10, choices=Likelihood.choices)
    mitigation = EncryptedTextField("What is being done about it", blank=True)
    person_understands = models.BooleanField("The person understands this risk", default=False)
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)

    class Meta(SectionEntry.Meta):
        constraints = [
            _choice("category", RiskCategory, "support_risk_category_valid"),
            _choice("likelihood", Likelihood, "support_risk_likelihood_valid"),
            _choice("status", RiskStatus, "support_risk_status_valid"),
        ]


# --- PC11 ------------------------------------------------------------------------------------
class PlaceKind(models.TextChoices):
    SAFE_HOUSE = "safe_house", "Safe house (victim care contract)"
    EMERGENCY = "emergency", "Local authority emergency accommodation"
    REFUGE = "refuge", "Refuge"
    CHILDRENS_SERVICES = "childrens_services", "Children's services placement"
    HOSPITAL = "hospital", "Hospital"
    OTHER = "other", "Other"


class SourcedVia(models.TextChoices):
    LOCAL = "local", "Local connections"
    NATIONAL = "national", "A national mechanism (for example the NRM)"


class PlaceStatus(models.TextChoices):
    SOURCED = "sourced", "Sourced"
    IN_PLACE = "in_place", "Living there now"
    ENDED = "ended", "Ended"


class PlaceOfSafety(SectionEntry):
    kind = models.CharField("Type of place", max_length=20, choices=PlaceKind.choices)
    sourced_via = models.CharField("Found through", max_length=10, choices=SourcedVia.choices)
    address = EncryptedTextField("Address", blank=True)
    meets_needs = models.BooleanField(
        "It meets the person's immediate and ongoing needs", default=False
    )
    from_date = models.DateField("From")
    to_date = models.DateField("Until", null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=PlaceStatus.choices, default=PlaceStatus.SOURCED
    )

    class Meta(SectionEntry.Meta):
        constraints = [
            _choice("kind", PlaceKind, "support_place_kind_valid"),
            _choice("sourced_via", SourcedVia, "support_place_sourced_via_valid"),
            _choice("status", PlaceStatus, "support_place_status_valid"),
            models.CheckConstraint(
                condition=Q(to_date__isnull=True) | Q(to_date__gte=F("from_date")),
                name="support_place_dates_ordered",
                violation_error_message="The end date must be the same as or after the start date",
            ),
        ]


# --- PC12, PC15 ------------------------------------------------------------------------------
class ServiceType(models.TextChoices):
    GP = "gp", "GP and health care"
    MENTAL_HEALTH = "mental_health", "Counselling or mental health"
    LEGAL = "legal", "Legal advice"
    IMMIGRATION = "immigration", "Immigration advice"
    HOUSING = "housing", "Housing"
    BENEFITS = "benefits", "Benefits and money"
    ESOL = "esol", "English classes"
    EMPLOYMENT = "employment", "Education, training or work"
    ICTG = "ictg", "Independent child trafficking guardian"
    OTHER = "other", "Other"


class ServiceStatus(models.TextChoices):
    IDENTIFIED = "identified", "Identified"
    REFERRED = "referred", "Referred"
    ACCESSING = "accessing", "Person is using the service"
    DECLINED = "declined", "Person declined"
    UNAVAILABLE = "unavailable", "Not available"


class ServiceReferral(SectionEntry):
    service_type = models.CharField("Type of service", max_length=20, choices=ServiceType.choices)
    provider = models.CharField("Service provider", max_length=200)
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.IDENTIFIED
    )
    notes = EncryptedTextField("Notes", blank=True)

    class Meta(SectionEntry.Meta):
        constraints = [
            _choice("service_type", ServiceType, "support_service_type_valid"),
            _choice("status", ServiceStatus, "support_service_status_valid"),
        ]


# --- PC13 ------------------------------------------------------------------------------------
class CulturalNeedType(models.TextChoices):
    LANGUAGE = "language", "Language and communication"
    FAITH = "faith", "Faith or religious practice"
    DIET = "diet", "Food and diet"
    WORKER_GENDER = "worker_gender", "Gender of the worker or interpreter"
    FAMILY = "family", "Family and community"
    OTHER = "other", "Other"
    NONE_IDENTIFIED = "none", "The person said they have no specific needs"


class CulturalNeed(SectionEntry):
    need_type = models.CharField("Need", max_length=20, choices=CulturalNeedType.choices)
    description = EncryptedTextField("Describe the need", blank=True)
    response = EncryptedTextField("How you are responding", blank=True)

    class Meta(SectionEntry.Meta):
        constraints = [_choice("need_type", CulturalNeedType, "support_cultural_need_type_valid")]
