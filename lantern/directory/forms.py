"""Forms for the directory: the search, and an entry as its organisation's admins write it."""

from __future__ import annotations

from typing import Any

from django import forms

from lantern.core.forms import UploadedFileField
from lantern.core.phones import PHONE_MESSAGE, normalise_phone, phone_is_valid
from lantern.directory import rules
from lantern.directory.languages import codes_by_name, spoken_name


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label="Search by name or what they do",
        max_length=100,
        required=False,
        error_messages={"max_length": "Search with 100 characters or fewer"},
    )
    category = forms.ChoiceField(
        label="What they offer",
        choices=[("", "Anything"), *rules.CATEGORIES.items()],
        required=False,
        error_messages={"invalid_choice": "Select what they offer from the list"},
    )
    area = forms.CharField(
        label="Area",
        help_text="A council area or region, for example Camden. National lines always show.",
        max_length=100,
        required=False,
        error_messages={"max_length": "Enter an area of 100 characters or fewer"},
    )
    language = forms.ChoiceField(
        label="Language spoken",
        required=False,
        error_messages={"invalid_choice": "Select a language from the list"},
    )

    def __init__(self, *args: Any, spoken: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language_field = self.fields["language"]
        assert isinstance(language_field, forms.ChoiceField)
        language_field.choices = [
            ("", "Any language"),
            *sorted(((c, spoken_name(c)) for c in spoken), key=lambda p: p[1]),
        ]

    def search(self) -> rules.Search:
        # An invalid value (a search over 100 characters, an unknown category) is shown as an
        # error and left out; the valid ones still narrow the list.
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()  # cleans every field; cleaned_data keeps the valid ones
            data = self.cleaned_data
        return rules.Search(
            text=" ".join(str(data.get("q", "")).split()),
            category=data.get("category", ""),
            area=" ".join(str(data.get("area", "")).split()),
            language=data.get("language", ""),
        )


class ServiceForm(forms.Form):
    name = forms.CharField(
        label="Name of the service",
        max_length=120,
        error_messages={"required": "Enter the name of the service"},
    )
    description = forms.CharField(
        label="What the service does",
        help_text="In plain English, for a worker deciding whether to call. Up to 600 characters.",
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what the service does"},
    )
    categories = forms.MultipleChoiceField(
        label="What it offers",
        help_text="Select all that apply.",
        choices=list(rules.CATEGORIES.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select what the service offers"},
    )
    areas = forms.CharField(
        label="Areas it covers",
        help_text="One a line: council areas, regions or nations, for example Camden.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter at least one area the service covers"},
    )
    languages = forms.CharField(
        label="Languages spoken without an interpreter (optional)",
        help_text="Their English names, separated by commas, for example Polish, Tigrinya.",
        max_length=500,
        required=False,
    )
    access = forms.ChoiceField(
        label="Who can contact them?",
        choices=list(rules.ACCESS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select who can contact the service"},
    )
    how_to_refer = forms.CharField(
        label="How to refer someone (optional)",
        help_text="For example: call first, then send the referral form by email.",
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    phone = forms.CharField(label="Phone number (optional)", max_length=30, required=False)
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org"
        },
    )
    website = forms.URLField(
        label="Website (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://www.example.org"},
    )
    hours = forms.CharField(
        label="Opening hours (optional)",
        help_text="For example: Monday to Friday, 9am to 5pm.",
        max_length=200,
        required=False,
    )
    address = forms.CharField(
        label="Address to visit (optional)",
        help_text="Only a public address, such as a drop-in centre. Never the address of safe "
        "accommodation.",
        max_length=200,
        required=False,
    )
    status = forms.ChoiceField(
        label="Is the service open?",
        choices=list(rules.STATUSES.items()),
        widget=forms.RadioSelect,
        initial="active",
    )

    def clean_phone(self) -> str:
        phone = normalise_phone(self.cleaned_data["phone"])
        if not phone_is_valid(phone):
            raise forms.ValidationError(PHONE_MESSAGE)
        return phone

    def clean_languages(self) -> list[str]:
        known = codes_by_name()
        names = [n.strip() for n in self.cleaned_data["languages"].split(",") if n.strip()]
        unknown = [n for n in names if n.casefold() not in known]
        if unknown:
            raise forms.ValidationError(
                f"We do not know the language '{unknown[0]}'. Use its English name, like Tigrinya"
            )
        return sorted({known[n.casefold()] for n in names})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not rules.has_contact(
            data.get("phone", ""), data.get("email", ""), data.get("website", "")
        ) and not self.has_error("phone"):
            self.add_error("phone", rules.CONTACT_MESSAGE)
        if not rules.address_allowed(data.get("categories", []), data.get("address", "")):
            self.add_error("address", rules.ADDRESS_MESSAGE)
        for name in rules.addresses_in_free_text(data.get("categories", []), data):
            self.add_error(name, rules.ADDRESS_MESSAGE)
        return data

    @staticmethod
    def initial_from(service: Any) -> dict[str, Any]:
        initial = {name: getattr(service, name) for name in ServiceForm.base_fields}
        initial["languages"] = ", ".join(spoken_name(c) for c in service.languages)
        return initial


class HsdsImportForm(forms.Form):
    file = UploadedFileField(
        label="Upload an Open Referral (HSDS 3.0) JSON file",
        help_text="A service list as an HSDS API returns it, or Lantern's own download.",
        extensions=(".json",),
        error_messages={"required": "Select a JSON file to upload"},
    )
    category = forms.ChoiceField(
        label="What services offer, when the file does not say in Lantern's words (optional)",
        choices=[("", "Do not import them"), *rules.CATEGORIES.items()],
        required=False,
    )
    access = forms.ChoiceField(
        label="Who can contact services, when the file does not say",
        choices=list(rules.ACCESS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select who can contact services that do not say"},
    )
    area = forms.CharField(
        label="Area covered, when the file does not say (optional)",
        help_text="For example Camden.",
        max_length=100,
        required=False,
    )
