"""Forms for referral drafts: a Duty to Notify (nothing that identifies the person) and a
data-minimised NRM draft."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from lantern.core.identifiers import identifier_problems
from lantern.respond.nationalities import NATIONALITY_CHOICES

EXPLOITATION_CHOICES = [
    ("labour", "Labour exploitation"),
    ("sexual", "Sexual exploitation"),
    ("domestic_servitude", "Domestic servitude"),
    ("criminal", "Criminal exploitation (including county lines)"),
    ("organ_removal", "Organ removal"),
]
GENDER_CHOICES = [
    ("", "Not recorded"),
    ("female", "Female"),
    ("male", "Male"),
    ("other", "Other"),
    ("not_known", "Not known"),
]
POLICE_TOLD_CHOICES = [
    ("", "Not recorded"),
    ("yes", "Yes"),
    ("no", "No"),
    ("not_known", "Not known"),
]
AGE_BANDS = [
    ("", "Not recorded"),
    ("18_24", "18 to 24"),
    ("25_34", "25 to 34"),
    ("35_44", "35 to 44"),
    ("45_54", "45 to 54"),
    ("55_64", "55 to 64"),
    ("65_plus", "65 or over"),
    ("not_known", "Not known"),
]


class _NoIdentifiers:
    def _anonymous(self, value: str, label: str) -> str:
        problems = identifier_problems(value)
        if problems:
            raise forms.ValidationError(
                f"{label} must not identify the person: remove {problems[0]}"
            )
        return value


class DtnDraftForm(_NoIdentifiers, forms.Form):
    gender = forms.ChoiceField(label="Gender", choices=GENDER_CHOICES, required=False)
    age_band = forms.ChoiceField(label="Age band", choices=AGE_BANDS, required=False)
    nationality = forms.ChoiceField(
        label="Nationality",
        choices=NATIONALITY_CHOICES,
        required=False,
        help_text="A country, or not known. Nothing else: a Duty to Notify must not identify "
        "the person.",
        error_messages={"invalid_choice": "Select a nationality from the list, or Not known"},
    )
    exploitation_types = forms.MultipleChoiceField(
        label="Type of exploitation",
        choices=EXPLOITATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    where = forms.CharField(
        label="Where",
        max_length=100,
        required=False,
        help_text="A town, city or area. Not an address or postcode.",
    )
    when = forms.CharField(
        label="When",
        max_length=40,
        required=False,
        help_text="A month and year, for example November 2026.",
    )
    police_told = forms.ChoiceField(
        label="Were the police told?", choices=POLICE_TOLD_CHOICES, required=False
    )

    def clean_where(self) -> str:
        return self._anonymous(self.cleaned_data["where"], "Where")

    def clean_when(self) -> str:
        return self._anonymous(self.cleaned_data["when"], "When")


class NrmDraftForm(forms.Form):
    known_as = forms.CharField(
        label="Name or initials the person uses",
        max_length=60,
        required=False,
        help_text="Only what you need. The online form asks for full details when you submit.",
    )
    age = forms.CharField(label="Age or age range", max_length=20, required=False)
    gender = forms.ChoiceField(label="Gender", choices=GENDER_CHOICES, required=False)
    nationality = forms.CharField(label="Nationality", max_length=60, required=False)
    languages = forms.CharField(label="Languages they speak", max_length=120, required=False)
    interpreter_needed = forms.BooleanField(label="They need an interpreter", required=False)
    consent_given = forms.BooleanField(
        label="The adult gave informed consent to an NRM referral", required=False
    )
    consent_date = forms.DateField(
        label="Date they gave consent",
        required=False,
        help_text="For example, 27/11/2026",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={
            "invalid": "Enter the date they gave consent as a real date, like 27/11/2026"
        },
    )
    exploitation_types = forms.MultipleChoiceField(
        label="Type of exploitation",
        choices=EXPLOITATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    observations = forms.CharField(
        label="What you saw and heard (your observations)",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        required=False,
        help_text="One observation a line, each with its date.",
    )
    own_words = forms.CharField(
        label="What the person said, in their own words",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        required=False,
        help_text="Keep their words apart from your view. Do not lead or add to them.",
    )
    emergency_housing = forms.BooleanField(label="They need emergency housing", required=False)
    medical_needs = forms.BooleanField(label="They have urgent medical needs", required=False)
    police_told = forms.ChoiceField(
        label="Were the police told?", choices=POLICE_TOLD_CHOICES, required=False
    )

    def clean_consent_date(self) -> str:
        value = self.cleaned_data.get("consent_date")
        if value and value > dt.date.today():
            raise forms.ValidationError("The date they gave consent must be today or in the past")
        return value.isoformat() if value else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("consent_date") and not cleaned.get("consent_given"):
            self.add_error(
                "consent_date",
                "Tick that the adult gave informed consent, or remove the date they gave it",
            )
        return cleaned
