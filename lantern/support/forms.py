"""GOV.UK forms for case records. Forms validate; services write."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from lantern.accounts.models import User
from lantern.support import codes
from lantern.support.models import (
    ActionToDate,
    AssessmentReview,
    Case,
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
from lantern.support.models.case import ClosureReason, ExploitationType
from lantern.support.models.plan import (
    ShareBasis,
    ShareCategory,
    ShareKind,
)
from lantern.support.models.sections import (
    ExplanationTopic,
    RightsTopic,
    ServiceType,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={"class": "govuk-input--width-10", **(attrs or {})}, format="%Y-%m-%d"
        )


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _no_blank_radios(form: forms.BaseForm) -> None:
    """A radio group offers only real answers: Django adds a blank choice for a model field
    with choices and no default, which would be offered as a radio and checked from the start."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.RadioSelect) and isinstance(field, forms.ChoiceField):
            field.choices = [(v, label) for v, label in field.choices if v != ""]


class VersionedMixin(forms.Form):
    """The version the person started editing from: a stale one is a conflict, not a save."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class SectionForm(VersionedMixin, forms.ModelForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        if not self.is_bound:
            self.fields["version"].initial = getattr(self.instance, "version", 1) or 1
        for field in self.fields.values():
            if isinstance(field.widget, forms.DateInput):
                field.widget = DateInput()
            elif isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 4)
        _no_blank_radios(self)

    @staticmethod
    def prefill(query: Mapping[str, str]) -> dict[str, Any]:
        """Initial values a link to the section may carry (most sections take none)."""
        return {}

    def section_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


class ActionForm(SectionForm):
    class Meta:
        model = ActionToDate
        fields = ["source_organisation", "action_date", "summary"]


class AssessmentForm(SectionForm):
    class Meta:
        model = AssessmentReview
        fields = ["assessment_type", "completed_by", "reviewed_on", "findings"]


class NeedForm(SectionForm):
    class Meta:
        model = ImmediateNeed
        fields = ["need_type", "description", "status", "how_met", "met_on"]
        widgets = {"status": forms.RadioSelect}


class RightsForm(SectionForm):
    language = forms.ChoiceField(
        label="Language",
        help_text="The language the information was given in",
        choices=[("", "Select a language"), *codes.language_choices()],
    )
    topics = forms.MultipleChoiceField(
        label="Rights covered",
        choices=RightsTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
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
    topics = forms.MultipleChoiceField(
        label="What you explained",
        choices=ExplanationTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Explanation
        fields = ["explained_on", "topics", "plain_language", "without_leading", "notes"]


class AccountForm(SectionForm):
    language = forms.ChoiceField(
        label="Language they used",
        choices=[("", "Select a language"), *codes.language_choices()],
        required=False,
    )

    class Meta:
        model = PersonAccount
        fields = ["recorded_on", "language", "account", "at_own_pace", "free_from_judgement"]
        help_texts = {
            "account": "Write down what they said, as they said it. Keep your own observations "
            "for the observations section"
        }


class ObservationForm(SectionForm):
    class Meta:
        model = WorkerObservation
        fields = ["observed_on", "observation"]


class RiskForm(SectionForm):
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
    class Meta:
        model = CulturalNeed
        fields = ["need_type", "description", "response"]


class GoalForm(SectionForm):
    class Meta:
        model = PlanGoal
        fields = ["goal", "steps", "target_date", "status"]
        widgets = {"status": forms.RadioSelect}


class ConsentForm(SectionForm):
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
    class Meta:
        model = Partner
        fields = ["name", "partner_type", "role_in_plan", "contact"]


class ReviewForm(SectionForm):
    class Meta:
        model = Review
        fields = ["due_on", "completed_on", "outcome"]


# --- Case details, plan, sharing, access -------------------------------------------------------


class CaseForm(VersionedMixin, forms.ModelForm):  # type: ignore[type-arg]
    nationality = forms.ChoiceField(
        label="Nationality",
        choices=[("", "Not known"), *codes.country_choices()],
        required=False,
    )
    languages = forms.CharField(
        label="Languages they speak",
        help_text="ISO 639-2 codes separated by commas, like tir, ara, eng",
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    exploitation_types = forms.MultipleChoiceField(
        label="Type of exploitation",
        choices=ExploitationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Case
        fields = [
            "given_name",
            "family_name",
            "aliases",
            "date_of_birth",
            "age_band",
            "age_disputed",
            "gender",
            "nationality",
            "languages",
            "interpreter_needed",
            "exploitation_types",
            "contact_details",
            "place_of_safety_address",
            "notes",
        ]
        widgets = {
            "given_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "family_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "date_of_birth": forms.TextInput(
                attrs={"autocomplete": "off", "class": "govuk-input--width-10"}
            ),
            "aliases": _textarea(2),
            "contact_details": _textarea(3),
            "place_of_safety_address": _textarea(3),
            "notes": _textarea(4),
        }
        help_texts = {
            "date_of_birth": "As the person gives it, for example 14/03/1990 or 'about 1990'",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version or 1
            self.initial["languages"] = ", ".join(self.instance.languages or [])

    def clean_languages(self) -> list[str]:
        raw = self.cleaned_data.get("languages") or ""
        found = [c.strip().lower() for c in str(raw).replace(";", ",").split(",") if c.strip()]
        unknown = [c for c in found if c not in codes.languages()]
        if unknown:
            raise forms.ValidationError(
                "Use ISO 639-2 codes, like tir for Tigrinya. Not recognised: " + ", ".join(unknown)
            )
        return found

    def case_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


class PlanForm(VersionedMixin):
    in_their_words = forms.CharField(
        label="What the person wants from support, in their words",
        widget=_textarea(5),
        error_messages={"required": "Write what the person wants from support, in their words"},
    )
    safety_plan = forms.CharField(
        label="Safety plan: what to do if they feel unsafe",
        help_text="Who they can call, safe places, code words: as agreed with them",
        widget=_textarea(4),
        required=False,
    )
    agreed_with_person = forms.BooleanField(label="The person has agreed this plan", required=False)
    agreed_on = forms.DateField(label="Date agreed", required=False, widget=DateInput())


class ShareForm(forms.Form):
    partner = forms.ModelChoiceField(
        label="Partner",
        queryset=Partner.objects.none(),
        empty_label="Select a partner",
        error_messages={"required": "Select who you are sharing with"},
    )
    kind = forms.ChoiceField(
        label="What are you doing?",
        choices=ShareKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you are sharing or referring"},
    )
    what_shared = forms.MultipleChoiceField(
        label="What will you share?",
        help_text="Share the least you need to",
        choices=ShareCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select what you will share"},
    )
    purpose = forms.CharField(
        label="Why are you sharing?",
        widget=_textarea(3),
        error_messages={"required": "Explain why you are sharing"},
    )
    basis = forms.ChoiceField(
        label="Lawful basis",
        choices=ShareBasis.choices,
        widget=forms.RadioSelect,
        initial=ShareBasis.CONSENT,
        error_messages={"required": "Select the lawful basis for sharing"},
    )
    override_reason = forms.CharField(
        label="If sharing without consent: why it cannot wait for consent",
        help_text="Only a supervisor can share without consent",
        widget=_textarea(3),
        required=False,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Partner.objects.filter(case=case).order_by("name")


class ClosureForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is the case closing?",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the case is closing"},
    )


class RestrictForm(forms.Form):
    restricted = forms.BooleanField(
        label="Restrict this case to the people named below", required=False
    )
    named = forms.ModelMultipleChoiceField(
        label="People who can see the case",
        help_text="You are always included",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["named"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = people


class BreakGlassForm(forms.Form):
    reference = forms.CharField(
        label="Case reference",
        help_text="For example SHS-2026-0042",
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
        error_messages={"required": "Enter the case reference"},
    )
    reason = forms.CharField(
        label="Why do you need emergency access?",
        help_text="Your supervisor and the data protection officer will be told",
        widget=_textarea(3),
        error_messages={"required": "Explain why you need emergency access"},
    )
