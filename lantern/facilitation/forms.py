"""GOV.UK forms for facilitation (rendered by the core form renderer)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from django import forms
from django.utils import timezone

from lantern.accounts.models import OrganisationType
from lantern.core.forms import ConditionalRevealForm, GovukDateField, UploadedFileField
from lantern.facilitation import rules
from lantern.facilitation.kit import Instrument
from lantern.facilitation.models import (
    ActionStatus,
    Facilitator,
    JobRole,
    ResourceKind,
    SessionMode,
    SessionScope,
)

RESOURCE_EXTENSIONS = (".pdf", ".pptx", ".docx", ".odp", ".odt")
RESOURCE_MAX_BYTES = 20 * 1024 * 1024
SCALE = [
    (str(n), label)
    for n, label in [(1, "1 (not at all)"), (2, "2"), (3, "3"), (4, "4"), (5, "5 (very)")]
]
AGREE = [
    ("1", "Strongly disagree"),
    ("2", "Disagree"),
    ("3", "Neither agree nor disagree"),
    ("4", "Agree"),
    ("5", "Strongly agree"),
]


class ProgrammeForm(forms.Form):
    name = forms.CharField(
        label="Programme name",
        max_length=150,
        error_messages={"required": "Enter a name for the programme"},
    )
    region = forms.CharField(label="Region (optional)", max_length=100, required=False)
    description = forms.CharField(
        label="Description (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class CohortForm(forms.Form):
    name = forms.CharField(
        label="Cohort name",
        max_length=120,
        help_text="For example, Summer 2027",
        error_messages={"required": "Enter a name for the cohort"},
    )
    starts_on = GovukDateField(
        label="Date of the first training session",
        subject="the date of the first session",
    )


class TraineeForm(forms.Form):
    """Invite a trainee by email address. They join when they accept, signed in as themselves;
    whether the address has a Lantern account is not said."""

    email = forms.EmailField(
        label="Their work email address",
        help_text="We email them an invitation. They join the cohort when they accept it.",
        max_length=254,
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


def _whole_number(what: str, low: int, high: int) -> dict[str, str]:
    """GOV.UK messages for a whole-number field: say what to enter and its range."""
    message = f"Enter {what}, from {low} to {high}"
    return {
        "required": message,
        "invalid": f"Enter {what} as a whole number, from {low} to {high}",
        "min_value": message,
        "max_value": message,
    }


class CommitmentForm(forms.Form):
    starts_on = GovukDateField(label="Start of the period")
    ends_on = GovukDateField(label="End of the period")
    sessions_min = forms.IntegerField(
        label="Fewest sessions",
        min_value=0,
        max_value=50,
        error_messages=_whole_number("the fewest sessions", 0, 50),
    )
    sessions_max = forms.IntegerField(
        label="Most sessions",
        min_value=1,
        max_value=50,
        error_messages=_whole_number("the most sessions", 1, 50),
    )
    staff_target = forms.IntegerField(
        label="Staff to reach",
        min_value=1,
        max_value=100000,
        error_messages=_whole_number("the number of staff to reach", 1, 100000),
    )

    def clean(self) -> dict[str, Any]:
        """Every cross-field problem at once, beside any problem with a single field."""
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        fewest, most = data.get("sessions_min"), data.get("sessions_max")
        for field, message in rules.commitment_problems(
            starts_on=starts_on or date.min,
            ends_on=ends_on or date.max,
            sessions_min=fewest if fewest is not None and most is not None else 0,
            sessions_max=most if fewest is not None and most is not None else 0,
        ):
            if field in data:
                self.add_error(field, message)
        return data


class ActionForm(forms.Form):
    owner = forms.CharField(
        label="Owner", max_length=150, error_messages={"required": "Enter who owns this action"}
    )
    due_on = GovukDateField(label="Due date")
    status = forms.ChoiceField(
        label="Status", choices=ActionStatus.choices, widget=forms.RadioSelect
    )
    evidence = forms.CharField(
        label="Evidence",
        help_text="What changed, for example the name and date of the updated protocol",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


def _colleague_label(facilitator: Facilitator) -> str:
    return f"{facilitator.user.full_name} ({facilitator.organisation.name})"


class SessionForm(ConditionalRevealForm):
    # A venue's address or an online link, shown under the option chosen.
    reveals = {
        "mode": {SessionMode.VENUE: ("venue",), SessionMode.ONLINE: ("online_url",)},
    }

    facilitator = forms.ModelChoiceField(
        label="Programme", queryset=Facilitator.objects.none(), empty_label=None
    )
    title = forms.CharField(
        label="Title",
        max_length=150,
        initial="Modern slavery and human trafficking awareness",
        error_messages={"required": "Enter a title"},
    )
    scope = forms.ChoiceField(
        label="Who is it for?",
        choices=SessionScope.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select in-borough or cross-borough"},
    )
    borough = forms.CharField(
        label="Borough",
        max_length=100,
        required=False,
        help_text="Leave blank to use your organisation's borough",
    )
    mode = forms.ChoiceField(
        label="How will it be held?",
        choices=SessionMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select at a venue or online"},
    )
    venue = forms.CharField(label="Venue address", max_length=300, required=False)
    online_url = forms.URLField(
        label="Online meeting link",
        required=False,
        error_messages={"invalid": "Enter a full web address, starting https://"},
    )
    date = GovukDateField(label="Date", subject="the date of the session")
    start_time = forms.TimeField(
        label="Start time",
        help_text="24-hour clock, for example 09:30. The session lasts 2.5 hours",
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"required": "Enter a start time", "invalid": "Enter a time like 09:30"},
    )
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=500,
        initial=30,
        error_messages=_whole_number("the number of places", 1, 500),
    )
    waitlist_limit = forms.IntegerField(
        label="Waiting list places",
        min_value=0,
        max_value=500,
        initial=20,
        error_messages=_whole_number("the number of waiting list places", 0, 500),
    )
    co_facilitators = forms.ModelMultipleChoiceField(
        label="Co-facilitators (optional)",
        queryset=Facilitator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, facilitators: Any, co_facilitators: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        programme = cast(forms.ModelChoiceField, self.fields["facilitator"])
        programme.queryset = facilitators
        programme.label_from_instance = lambda f: f.programme.name  # type: ignore[method-assign,assignment]
        if not co_facilitators.exists():
            # Nobody to choose: no empty "Co-facilitators (optional)" heading.
            del self.fields["co_facilitators"]
            return
        others = cast(forms.ModelMultipleChoiceField, self.fields["co_facilitators"])
        others.queryset = co_facilitators
        others.label_from_instance = _colleague_label  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == SessionMode.VENUE and not data.get("venue"):
            self.add_error("venue", "Enter the venue address")
        if data.get("mode") == SessionMode.ONLINE and not data.get("online_url"):
            self.add_error("online_url", "Enter the online meeting link")
        day, start = data.get("date"), data.get("start_time")
        if day and start:
            starts_at = timezone.make_aware(datetime.combine(day, start))
            if starts_at <= timezone.now():
                self.add_error("date", "The session must be in the future")
            data["starts_at"] = starts_at
        return data


class SessionChangeForm(SessionForm):
    """Scheduling's fields, messages and checks, less those fixed once people have booked
    (programme, who it is for, borough, co-facilitators)."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        none = Facilitator.objects.none()
        super().__init__(*args, facilitators=none, co_facilitators=none, **kw)
        for name in ("facilitator", "scope", "borough", "co_facilitators"):
            self.fields.pop(name, None)


class SessionCancelForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the people booked",
        help_text="We email this to everyone booked or on the waiting list",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter a reason for the people booked",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )


class BookingForm(forms.Form):
    # autocomplete (WCAG 2.2 1.3.5): browsers can fill in the person's own details.
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your full name"},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="We will send your confirmation and a calendar invitation here",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    organisation_name = forms.CharField(
        label="Organisation",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"required": "Enter the name of your organisation"},
    )
    org_type = forms.ChoiceField(
        label="Type of organisation",
        choices=[("", "Select a type"), *OrganisationType.choices],
        error_messages={"required": "Select the type of your organisation"},
    )
    job_role = forms.ChoiceField(
        label="Your role",
        choices=JobRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select your role"},
    )


class CheckInForm(forms.Form):
    email = forms.EmailField(
        label="Email address you booked with",
        error_messages={
            "required": "Enter the email address you booked with",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


class ShortCodeCheckInForm(CheckInForm):
    code = forms.CharField(
        label="Session code",
        max_length=10,
        help_text="The 6-character code shown by your facilitator",
        error_messages={"required": "Enter the session code"},
    )
    field_order = ["code", "email"]


class CheckInOpenForm(forms.Form):
    minutes = forms.IntegerField(
        label="Keep check-in open for (minutes)",
        min_value=5,
        max_value=240,
        initial=30,
        error_messages=_whole_number("how many minutes to keep check-in open", 5, 240),
    )


def evaluation_form(inst: Instrument, *, phase: str, data: Any = None) -> forms.Form:
    """The before/after questions, built from content/facilitation/evaluation.yaml."""
    fields: dict[str, forms.Field] = {}
    # Each error message names its question: the error summary lists them all together.
    for n, q in enumerate(inst.knowledge, start=1):
        fields[f"k_{q.id}"] = forms.ChoiceField(
            label=q.text,
            choices=[(o.id, o.text) for o in q.options],
            widget=forms.RadioSelect,
            error_messages={"required": f"Select an answer to question {n}: {q.text}"},
        )
    for cid, text in inst.confidence:
        about = text.removeprefix("How confident are you ").rstrip("?")
        fields[f"c_{cid}"] = forms.ChoiceField(
            label=text,
            choices=SCALE,
            widget=forms.RadioSelect,
            error_messages={"required": f"Select how confident you are {about}"},
        )
    if phase == "post":
        for rid, text in inst.reaction:
            fields[f"r_{rid}"] = forms.ChoiceField(
                label=text,
                choices=AGREE,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Select how much you agree that {text[0].lower()}{text[1:]}"
                },
            )
        fields["comments"] = forms.CharField(
            label="Anything else you want to tell us? (optional)",
            help_text="Do not include names or details of people you have worked with",
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=2000,
            required=False,
        )
    form_class = type("EvaluationForm", (forms.Form,), fields)
    return form_class(data)  # type: ignore[no-any-return]


class ResourceForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=150,
        help_text="Use the same title to upload a new version of an existing document",
        error_messages={"required": "Enter a title"},
    )
    kind = forms.ChoiceField(
        label="Type",
        choices=ResourceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a type"},
    )
    file = UploadedFileField(
        label="File",
        extensions=RESOURCE_EXTENSIONS,
        max_bytes=RESOURCE_MAX_BYTES,
        error_messages={"required": "Select a file"},
    )
    notes = forms.CharField(label="What changed (optional)", max_length=300, required=False)


class AnnouncementForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=150, error_messages={"required": "Enter a title"}
    )
    body = forms.CharField(
        label="Message",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter a message"},
    )


class ThreadForm(forms.Form):
    title = forms.CharField(
        label="Your question in a sentence",
        max_length=150,
        error_messages={"required": "Enter your question"},
    )
    body = forms.CharField(
        label="More detail",
        help_text="Do not include names or details of people you have worked with",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter more detail"},
    )


class PostForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter your reply"},
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label="Why are you hiding this post?",
        max_length=200,
        error_messages={"required": "Enter why you are hiding this post"},
    )
