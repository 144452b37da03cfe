from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from lantern.accounts.models import Organisation
from lantern.core.forms import GovukDateField, format_date
from lantern.standards.models import ItemKind, ResponseDecision

OVERVIEW_MAX = 5000


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search performance criteria and knowledge",
        help_text="Words from the text, or a reference like PC14 or SFJBMS05.K16",
        max_length=200,
        required=False,
        error_messages={"max_length": "Enter a search of 200 characters or fewer"},
    )


class VersionForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=300,
        error_messages={
            "required": "Enter the title",
            "max_length": "Enter a title of 300 characters or fewer",
        },
    )
    overview = forms.CharField(
        label="Overview",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=OVERVIEW_MAX,
        error_messages={
            "required": "Enter the overview",
            "max_length": f"Enter an overview of {OVERVIEW_MAX:,} characters or fewer",
        },
    )
    change_summary = forms.CharField(
        label="Summary of changes",
        help_text="What this version changes and why. Consultees and readers of the new "
        "version see this.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class ItemTextForm(forms.Form):
    text = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": "Enter the text of the item",
            "max_length": "Enter item text of 2,000 characters or fewer",
        },
    )


class ItemAddForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you adding?",
        choices=[
            (ItemKind.PERFORMANCE, "A performance criterion (what a worker must be able to do)"),
            (ItemKind.KNOWLEDGE, "A knowledge item (what a worker needs to know and understand)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose performance criterion or knowledge item"},
    )
    text = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": "Enter the text of the new item",
            "max_length": "Enter item text of 2,000 characters or fewer",
        },
    )


class ConsultationOpenForm(forms.Form):
    opens_on = GovukDateField(label="Opening date")
    closes_on = GovukDateField(label="Closing date")
    introduction = forms.CharField(
        label="Introduction for consultees",
        help_text="What you are asking people to comment on, and what happens next",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    organisations = forms.ModelMultipleChoiceField(
        label="Invite organisations",
        help_text="Everyone with a role in these organisations can comment after signing in. "
        "You will also get a link you can send to anyone else.",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Organisation.objects.order_by("name")
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("opens_on", today)
            self.initial.setdefault("closes_on", today + timedelta(days=42))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens_on: date | None = data.get("opens_on")
        closes_on: date | None = data.get("closes_on")
        if opens_on and opens_on < timezone.localdate():
            self.add_error("opens_on", "The opening date must be today or in the future")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error(
                "closes_on",
                "The closing date must be the same as or after "
                f"{format_date(opens_on)}, the opening date",
            )
        return data


class CommentForm(forms.Form):
    on = forms.ChoiceField(
        label="What are you commenting on?",
        help_text="The whole standard, or one performance criterion or knowledge item",
        error_messages={"required": "Choose what you are commenting on"},
    )
    body = forms.CharField(
        label="Your comment",
        help_text="Do not include details about any person you have supported",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={
            "required": "Enter your comment",
            "max_length": "Enter a comment of 5,000 characters or fewer",
        },
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["on"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose"), ("standard", "The whole standard"), *choices]


class LinkCommentForm(CommentForm):
    respondent_name = forms.CharField(
        label="Your name (optional)",
        max_length=150,
        required=False,
        error_messages={"max_length": "Enter a name of 150 characters or fewer"},
    )
    respondent_organisation = forms.CharField(
        label="Your organisation (optional)",
        max_length=200,
        required=False,
        error_messages={"max_length": "Enter an organisation name of 200 characters or fewer"},
    )


class ResponseForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=ResponseDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose accepted, partly accepted or not accepted"},
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Consultees and readers of the version will see this",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={
            "required": "Enter the reason for your decision",
            "max_length": "Enter a reason of 5,000 characters or fewer",
        },
    )


def _five_years_on(today: date) -> date:
    return date(today.year + 5, today.month, min(today.day, 28))


class ApproveForm(forms.Form):
    indicative_review_on = GovukDateField(
        label="Indicative review date",
        help_text="When this version should next be reviewed. Usually 5 years from approval.",
        example=lambda: _five_years_on(timezone.localdate()).replace(day=27),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("indicative_review_on", _five_years_on(timezone.localdate()))

    def clean_indicative_review_on(self) -> date:
        value: date = self.cleaned_data["indicative_review_on"]
        if value <= timezone.localdate():
            raise forms.ValidationError("The indicative review date must be in the future")
        return value
