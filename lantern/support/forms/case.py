"""The forms about a case as a whole: its details, the plan, sharing, closing, access."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from lantern.accounts.models import User
from lantern.core import codes
from lantern.core.forms import ConditionalRevealForm
from lantern.support import rules
from lantern.support.forms._common import DateInput, VersionedMixin, _textarea
from lantern.support.models import Case, Partner
from lantern.support.models.case import ClosureReason, ExploitationType
from lantern.support.models.plan import (
    ShareBasis,
    ShareCategory,
    ShareKind,
)

# --- Case details, plan, sharing, access -------------------------------------------------------


class CaseForm(VersionedMixin, forms.ModelForm):  # type: ignore[type-arg]
    nationality = forms.ChoiceField(
        label="Nationality",
        choices=[("", "Not known"), *codes.country_choices()],
        required=False,
    )
    languages = forms.CharField(
        label="Languages they speak",
        help_text="Names or ISO 639-2 codes, separated by commas, like Tigrinya, Arabic or "
        "tir, ara",
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
        error_messages = {
            "age_band": {"required": "Select the person's age, or Not known"},
            "gender": {"required": "Select the person's gender, or Not known"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version or 1
            self.initial["languages"] = ", ".join(
                codes.language_label(c) for c in self.instance.languages or []
            )

    def clean_languages(self) -> list[str]:
        found, unknown = codes.languages_typed(str(self.cleaned_data.get("languages") or ""))
        if unknown:
            raise forms.ValidationError(
                "Enter each language by its English name or ISO 639-2 code, like Tigrinya or "
                "tir. Not recognised: " + ", ".join(unknown)
            )
        return found

    def clean_exploitation_types(self) -> list[str]:
        types = list(self.cleaned_data.get("exploitation_types") or [])
        problem = rules.exploitation_types_problem(types)
        if problem:
            raise forms.ValidationError(problem)
        return types

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problem = rules.birth_date_problem(
            as_given=str(data.get("date_of_birth") or ""),
            age_band=str(data.get("age_band") or ""),
            age_disputed=bool(data.get("age_disputed")),
            today=timezone.localdate(),
        )
        if problem and "date_of_birth" not in self.errors:
            self.add_error("date_of_birth", problem)
        return data

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

    def clean_agreed_on(self) -> Any:
        agreed_on = self.cleaned_data.get("agreed_on")
        problems = rules.future_date_problems(
            model_name="supportplan", values={"agreed_on": agreed_on}, today=timezone.localdate()
        )
        if problems:
            raise forms.ValidationError(problems["agreed_on"])
        return agreed_on


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


class TransferForm(ShareForm):
    """A lawful transfer of the HTCDS record: to whom, why, on what basis, confirmed."""

    confirm = forms.BooleanField(
        label="I confirm this transfer is lawful and the recipient needs this record",
        error_messages={"required": "Confirm the transfer is lawful and needed"},
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        del self.fields["kind"]
        del self.fields["what_shared"]
        self.fields["partner"].label = "Who is the record for?"
        self.fields["partner"].help_text = "The receiving organisation, from the case's partners"
        self.fields["partner"].error_messages["required"] = "Select who the record is for"
        self.fields["purpose"].label = "Why does the recipient need it?"
        self.fields["purpose"].error_messages["required"] = "Explain why the recipient needs it"


class ClosureForm(ConditionalRevealForm):
    # "Other" reveals the box for the reason in the caseworker's words.
    reveals = {"reason": {ClosureReason.OTHER: ("other_reason",)}}

    reason = forms.ChoiceField(
        label="Why is the case closing?",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the case is closing"},
    )
    other_reason = forms.CharField(
        label="Tell your supervisor why",
        help_text="Your supervisor reads this before deciding",
        required=False,
        max_length=1000,
        widget=_textarea(3),
        error_messages={
            "max_length": "Why the case is closing must be 1000 characters or fewer",
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == ClosureReason.OTHER and not data.get("other_reason", "").strip():
            self.add_error("other_reason", "Tell your supervisor why the case is closing")
        return data


class ClosureDeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why are you declining the closure?",
        help_text="The caseworker will see this on the case",
        max_length=1000,
        widget=_textarea(3),
        error_messages={
            "required": "Enter why you are declining the closure",
            "max_length": "Why you are declining the closure must be 1000 characters or fewer",
        },
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
