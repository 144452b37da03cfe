"""The forms of the sections of a case record (one per section of SFJBMS05)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms

from lantern.core import codes
from lantern.support.forms._common import SectionForm
from lantern.support.models import (
    ActionToDate,
    AssessmentReview,
    ConsentRecord,
    CulturalNeed,
    Explanation,
    ImmediateNeed,
    Partner,
    PersonAccount,
    PlaceOfSafety,
    PlanGoal,
    Review,
    RightsInformation,
    Risk,
    ServiceReferral,
    WorkerObservation,
)
from lantern.support.models.sections import (
    ExplanationTopic,
    RightsTopic,
    ServiceType,
)

LANGUAGE_HINT = "Its name or ISO 639-2 code, like Tigrinya or tir"


class LanguageField(forms.CharField):
    """A language typed as an English name or an ISO 639-2 code (a list of every ISO language
    is hundreds long on a phone); it cleans to the code, and shows the name."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str) and value in codes.languages():
            return codes.language_label(value)
        return value

    def clean(self, value: Any) -> str:
        typed = super().clean(value)
        if not typed:
            return ""
        code = codes.language_code(typed)
        if code is None:
            raise forms.ValidationError(
                "Enter a language by its English name or ISO 639-2 code, like Tigrinya or tir"
            )
        return code


class ActionForm(SectionForm):
    required_messages: ClassVar[dict[str, str]] = {
        "source_organisation": "Enter the organisation that took the action or gave the "
        "information",
        "summary": "Enter what was done or found out",
    }

    class Meta:
        model = ActionToDate
        fields = ["source_organisation", "action_date", "summary"]


class AssessmentForm(SectionForm):
    required_messages: ClassVar[dict[str, str]] = {
        "assessment_type": "Select the type of report or assessment",
        "reviewed_on": "Enter the date you reviewed it",
        "findings": "Enter what it tells you about the person's needs",
    }

    class Meta:
        model = AssessmentReview
        fields = ["assessment_type", "completed_by", "reviewed_on", "findings"]


class NeedForm(SectionForm):
    required_messages: ClassVar[dict[str, str]] = {
        "need_type": "Select the need",
        "status": "Select whether the need is outstanding, met or no longer needed",
    }
    constraint_fields: ClassVar[dict[str, str]] = {"support_need_met_has_date": "met_on"}

    class Meta:
        model = ImmediateNeed
        fields = ["need_type", "description", "status", "how_met", "met_on"]
        widgets = {"status": forms.RadioSelect}


class RightsForm(SectionForm):
    required_messages: ClassVar[dict[str, str]] = {
        "language": "Select the language the information was given in",
        "format": "Select the format the information was given in",
        "interpreter": "Select whether an interpreter was used",
        "topics": "Select the rights you covered",
        "given_on": "Enter the date the rights information was given",
    }
    constraint_fields: ClassVar[dict[str, str]] = {
        "support_rights_interpreter_named": "interpreter"
    }

    language = LanguageField(
        label="Language", help_text="The language the information was given in. " + LANGUAGE_HINT
    )
    topics = forms.MultipleChoiceField(
        label="Rights covered",
        choices=RightsTopic.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = RightsInformation
        fields = [
            "language",
            "format",
            "interpreter",
            "topics",
            "given_on",
            "person_accepted_format",
            "notes",
        ]
        widgets = {"format": forms.RadioSelect, "interpreter": forms.RadioSelect}


class ExplanationForm(SectionForm):
    required_messages: ClassVar[dict[str, str]] = {
        "explained_on": "Enter the date you explained it",
        "topics": "Select what you explained",
    }

    topics = forms.MultipleChoiceField(
        label="What you explained",
        choices=ExplanationTopic.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Explanation
        fields = ["explained_on", "topics", "plain_language", "without_leading", "notes"]


class AccountForm(SectionForm):
    required_messages: ClassVar[dict[str, str]] = {
        "recorded_on": "Enter the date the person gave their account",
        "account": "Enter their account, in their own words",
    }

    language = LanguageField(label="Language they used", help_text=LANGUAGE_HINT, required=False)

    class Meta:
        model = PersonAccount
        fields = ["recorded_on", "language", "account", "at_own_pace", "free_from_judgement"]
        help_texts = {
            "account": "Write down what they said, as they said it. Keep your own observations "
            "for the observations section"
        }


class ObservationForm(SectionForm):
    required_messages: ClassVar[dict[str, str]] = {
        "observed_on": "Enter the date of the observation",
        "observation": "Enter what you observed",
    }

    class Meta:
        model = WorkerObservation
        fields = ["observed_on", "observation"]


class RiskForm(SectionForm):
    required_messages: ClassVar[dict[str, str]] = {
        "category": "Select the risk",
        "description": "Describe the risk",
        "likelihood": "Select how likely the risk is",
        "status": "Select whether the risk is open, reduced or no longer a risk",
    }

    class Meta:
        model = Risk
        fields = [
            "category",
            "description",
            "likelihood",
            "mitigation",
            "person_understands",
            "status",
        ]
        widgets = {"likelihood": forms.RadioSelect, "status": forms.RadioSelect}


class PlaceForm(SectionForm):
    required_messages: ClassVar[dict[str, str]] = {
        "kind": "Select the type of place",
        "sourced_via": "Select how the place was found",
        "from_date": "Enter the date the place is available from",
        "status": "Select whether the place is sourced, lived in now or ended",
    }
    constraint_fields: ClassVar[dict[str, str]] = {"support_place_dates_ordered": "to_date"}

    class Meta:
        model = PlaceOfSafety
        fields = ["kind", "sourced_via", "address", "meets_needs", "from_date", "to_date", "status"]
        widgets = {"sourced_via": forms.RadioSelect, "status": forms.RadioSelect}


# What a directory entry offers (lantern/directory/rules.py CATEGORIES) -> the closest type of
# service in a case record, for a service chosen from the directory.
SERVICE_TYPE_FOR_CATEGORY = {
    "health": ServiceType.GP,
    "mental_health": ServiceType.MENTAL_HEALTH,
    "legal": ServiceType.LEGAL,
    "immigration": ServiceType.IMMIGRATION,
    "housing": ServiceType.HOUSING,
    "benefits": ServiceType.BENEFITS,
    "esol": ServiceType.ESOL,
    "employment": ServiceType.EMPLOYMENT,
}


class ServiceForm(SectionForm):
    required_messages: ClassVar[dict[str, str]] = {
        "service_type": "Select the type of service",
        "provider": "Enter the service provider",
        "status": "Select where the referral to the service is",
    }

    class Meta:
        model = ServiceReferral
        fields = ["service_type", "provider", "status", "notes"]
        widgets = {"status": forms.RadioSelect}

    @staticmethod
    def prefill(query: Mapping[str, str]) -> dict[str, Any]:
        """A service chosen in the directory ("Record it in this case"): its name, and its type
        where the directory's category has a match. Nothing is saved until the worker saves."""
        provider = " ".join(query.get("provider", "").split())[:200]
        if not provider:
            return {}
        types = [SERVICE_TYPE_FOR_CATEGORY.get(c) for c in query.get("categories", "").split(",")]
        service_type = next((t for t in types if t is not None), ServiceType.OTHER)
        return {"provider": provider, "service_type": service_type}


class CultureForm(SectionForm):
    required_messages: ClassVar[dict[str, str]] = {"need_type": "Select the cultural need"}

    class Meta:
        model = CulturalNeed
        fields = ["need_type", "description", "response"]


class GoalForm(SectionForm):
    required_messages: ClassVar[dict[str, str]] = {
        "goal": "Enter the goal, in the person's words",
        "status": "Select where the goal is",
    }

    class Meta:
        model = PlanGoal
        fields = ["goal", "steps", "target_date", "status"]
        widgets = {"status": forms.RadioSelect}


class ConsentForm(SectionForm):
    required_messages: ClassVar[dict[str, str]] = {
        "scope": "Select what the consent is for",
        "decision": "Select the person's decision",
        "recorded_on": "Enter the date of the decision",
    }
    constraint_fields: ClassVar[dict[str, str]] = {
        "support_consent_given_is_informed": "explained_limits"
    }

    class Meta:
        model = ConsentRecord
        fields = ["scope", "partner", "decision", "explained_limits", "recorded_on", "note"]
        widgets = {"scope": forms.RadioSelect, "decision": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Partner.objects.filter(case=self.case).order_by("name")
        field.empty_label = "Any partner in the plan"


class PartnerForm(SectionForm):
    required_messages: ClassVar[dict[str, str]] = {
        "name": "Enter the organisation's name",
        "partner_type": "Select the type of organisation",
    }

    class Meta:
        model = Partner
        fields = ["name", "partner_type", "role_in_plan", "contact"]


class ReviewForm(SectionForm):
    required_messages: ClassVar[dict[str, str]] = {
        "due_on": "Enter the date the review is due",
    }
    constraint_fields: ClassVar[dict[str, str]] = {
        "support_review_completed_has_outcome": "outcome"
    }

    class Meta:
        model = Review
        fields = ["due_on", "completed_on", "outcome"]
