"""Forms for learning. Questions are built from the course data at request time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.forms.widgets import ChoiceWidget

from lantern.core import quarters
from lantern.core.forms import UploadedFileField
from lantern.learning import rules
from lantern.learning.certificates import normalise_code
from lantern.learning.spec import CourseSpec, Pathway, Question

CONFIDENCE_CHOICES = [
    ("1", "1 - not at all confident"),
    ("2", "2 - a little confident"),
    ("3", "3 - fairly confident"),
    ("4", "4 - confident"),
    ("5", "5 - very confident"),
]
CONFIDENCE_FIELDS = (
    ("identify", "How confident are you that you could spot the signs of modern slavery?"),
    ("respond", "How confident are you that you would know what to do straight away?"),
    ("refer", "How confident are you that you could refer someone or get them the right help?"),
)
# Each rating's own error, so that the error summary says which one is missing.
CONFIDENCE_ERRORS = {
    "identify": "Choose how confident you are that you could spot the signs, from 1 to 5",
    "respond": "Choose how confident you are that you would know what to do, from 1 to 5",
    "refer": "Choose how confident you are that you could refer someone, from 1 to 5",
}


class PathwayForm(forms.Form):
    pathway = forms.ChoiceField(
        label="Which pathway fits your work?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the pathway that fits your work"},
    )

    def __init__(self, *args: Any, pathways: Sequence[Pathway], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["pathway"].choices = [(p.id, p.title) for p in pathways]  # type: ignore[attr-defined]
        self.fields["pathway"].help_text = "You can change it again until you finish the course."


class _DontKnowChoices(ChoiceWidget):
    """GOV.UK radios or checkboxes whose last option, "I do not know yet", comes after an "or"
    divider (learning/widgets/dont_know.html)."""

    template_name = "learning/widgets/dont_know.html"
    govuk = ""

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"].update(govuk=self.govuk, dont_know=rules.DONT_KNOW)
        return context


class DontKnowRadioSelect(_DontKnowChoices, forms.RadioSelect):
    govuk = "govuk-radios"


class DontKnowCheckboxSelectMultiple(_DontKnowChoices, forms.CheckboxSelectMultiple):
    """Exclusive, as GOV.UK's "none of these": GOV.UK Frontend unticks the other options when
    it is ticked, and the reverse; the form refuses both for a browser without JavaScript."""

    govuk = "govuk-checkboxes"


class QuestionsForm(forms.Form):
    """One radio group (single choice) or checkbox group (multiple choice) per question.

    With ``dont_know`` (the checks that measure knowledge: before the course, the final check
    and the refreshers) each question ends with "I do not know yet", after an "or" divider, so
    that a learner who does not know says so instead of guessing."""

    def __init__(
        self,
        *args: Any,
        questions: Sequence[Question],
        confidence: bool = False,
        dont_know: bool = False,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        extra = [(rules.DONT_KNOW, rules.DONT_KNOW_TEXT)] if dont_know else []
        for number, q in enumerate(self.questions, start=1):
            choices = [(o.id, o.text) for o in q.options] + extra
            label = f"{number}. {q.stem}"
            if q.kind == "single":
                self.fields[f"q_{q.id}"] = forms.ChoiceField(
                    label=label,
                    choices=choices,
                    widget=DontKnowRadioSelect if dont_know else forms.RadioSelect,
                    error_messages={"required": f"Answer question {number}"},
                )
            else:
                self.fields[f"q_{q.id}"] = forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    widget=(
                        DontKnowCheckboxSelectMultiple
                        if dont_know
                        else forms.CheckboxSelectMultiple
                    ),
                    help_text="Select all that apply.",
                    error_messages={"required": f"Answer question {number}: select all that apply"},
                )
        if confidence:
            for name, label in CONFIDENCE_FIELDS:
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    choices=CONFIDENCE_CHOICES,
                    widget=forms.RadioSelect,
                    error_messages={"required": CONFIDENCE_ERRORS[name]},
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for number, q in enumerate(self.questions, start=1):
            name = f"q_{q.id}"
            if q.kind != "single" and rules.dont_know_mixed(data.get(name) or []):
                # GOV.UK's wording for a "none of these" checkbox ticked with others
                self.add_error(
                    name,
                    f"Answer question {number}: select all that apply, or select "
                    f"'{rules.DONT_KNOW_TEXT}'",
                )
        return data

    def answers(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for q in self.questions:
            value = self.cleaned_data.get(f"q_{q.id}")
            out[q.id] = list(value) if isinstance(value, list) else [value] if value else []
        return out

    def confidence(self) -> dict[str, int]:
        return {name: int(self.cleaned_data[name]) for name, _ in CONFIDENCE_FIELDS}


class ChoiceForm(forms.Form):
    choice = forms.ChoiceField(
        label="What do you do?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you would do"},
    )
    node = forms.CharField(widget=forms.HiddenInput)
    run = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, choices: Sequence[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = list(choices)  # type: ignore[attr-defined]

    def stale(self) -> str:
        """Why a posted choice belongs to an older page (a second tab, a double tap), or "".

        Checked before ``is_valid``: the choice is only valid for the current step, and an old
        step's choice would otherwise get Django's "not one of the available choices" with the
        choice's id in it."""
        if str(self.data.get("run", "")) != str(self.initial["run"]):
            return "This case study has been restarted; carry on from here"
        if self.data.get("node") != self.initial["node"]:
            return "You have already made that choice; carry on from here"
        return ""


class VerifyForm(forms.Form):
    code = forms.CharField(
        label="Certificate code",
        help_text="12 letters and numbers, for example ABCD-EFGH-JKMN. It is printed on the "
        "certificate.",
        max_length=20,
        error_messages={"required": "Enter the certificate code"},
    )

    def clean_code(self) -> str:
        raw = "".join(self.cleaned_data["code"].replace("-", "").split())
        if len(raw) != 12 or not (raw.isascii() and raw.isalnum()):
            raise forms.ValidationError("Enter the 12-character code printed on the certificate")
        return normalise_code(raw)


class VerifyBadgeForm(forms.Form):
    badge = UploadedFileField(
        label="Upload the digital badge",
        help_text="The badge image (SVG) or .jwt file that Lantern gave the person.",
        extensions=(".svg", ".jwt", ".jws"),
        max_bytes=200 * 1024,
        error_messages={
            "required": "Select the badge file",
            "empty": "The selected file is empty",
            "invalid": "Select the badge file",
        },
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Why are you revoking this certificate?",
        help_text="This is kept in the audit log. It is not shown on the public check page.",
        max_length=200,
        error_messages={"required": "Enter why you are revoking this certificate"},
    )


LMS_ADDRESS_INVALID = "Enter the LMS's xAPI address, starting https://"


class SchemeRequiredURLField(forms.URLField):
    """An address that must say its scheme: Django's URLField would add https:// to
    ``lms.example.org/xapi`` without a word, and the admin would not see what was saved."""

    def to_python(self, value: Any) -> str:
        text = str(value or "").strip()
        if text and not text.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return str(super().to_python(text))


def _lms_name_field() -> forms.CharField:
    return forms.CharField(
        label="Name of the learning management system",
        help_text="The name your staff know it by, for example Riverside Learning Hub.",
        max_length=120,
        error_messages={
            "required": "Enter the name of the learning management system",
            "max_length": "The name must be 120 characters or fewer",
        },
    )


class LmsRenameForm(forms.Form):
    name = _lms_name_field()


class LmsConnectionForm(forms.Form):
    name = _lms_name_field()
    endpoint = SchemeRequiredURLField(
        label="The LMS's xAPI address",
        help_text="The address your LMS gives the courses it launches as its xAPI endpoint "
        "(its LRS address). Your LMS's settings or its supplier can tell you. It starts "
        "https://, for example https://lms.example.org/xapi/",
        max_length=300,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
        error_messages={"required": "Enter the LMS's xAPI address", "invalid": LMS_ADDRESS_INVALID},
    )


class LmsPackageForm(forms.Form):
    """Which course (and, if the admin wants, which pathway) the cmi5 package opens."""

    course = forms.ChoiceField(
        label="Course",
        error_messages={
            "required": "Choose a course",
            "invalid_choice": "Choose one of the courses in the list",
        },
    )
    pathway = forms.ChoiceField(
        label="Pathway",
        help_text="Choose one if everyone who opens the course from this LMS does the same kind "
        "of work. If you let the learner choose, Lantern starts them on the pathway for your type "
        "of organisation. Learners can change their pathway until they finish.",
        required=False,
        error_messages={"invalid_choice": "Choose one of the pathways in the list"},
    )

    def __init__(self, *args: Any, courses: Sequence[tuple[str, CourseSpec]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.specs = dict(courses)
        course_field = self.fields["course"]
        pathway_field = self.fields["pathway"]
        assert isinstance(course_field, forms.ChoiceField)
        assert isinstance(pathway_field, forms.ChoiceField)
        course_field.choices = [(slug, spec.title) for slug, spec in courses]
        pathways: list[Any] = [("", "Let the learner choose")]
        if len(courses) == 1:
            pathways += [(p.id, p.title) for p in courses[0][1].pathways]
        else:
            pathways += [
                (spec.title, [(p.id, p.title) for p in spec.pathways]) for _, spec in courses
            ]
        pathway_field.choices = pathways

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        spec = self.specs.get(data.get("course", ""))
        pathway = data.get("pathway", "")
        if spec is not None and pathway and pathway not in {p.id for p in spec.pathways}:
            self.add_error("pathway", f"{spec.title} has no such pathway: choose one in the list")
        return data

    def chosen(self) -> tuple[CourseSpec, Pathway | None]:
        """The course's spec and the pathway chosen (None: the learner chooses)."""
        spec = self.specs[self.cleaned_data["course"]]
        wanted = self.cleaned_data.get("pathway") or ""
        return spec, next((p for p in spec.pathways if p.id == wanted), None)


class ReportPeriodForm(forms.Form):
    """Which enrolments the learning report is about: all, or those started in one of the
    recent calendar quarters (named by their months, as in the report for the Safeguarding
    Adults Board). Always bound (to the query string): an unknown period is an error to show,
    never a reason to fall back to another one."""

    period = forms.ChoiceField(
        label="Period",
        help_text="The report is about the people who started the course in this period.",
        required=False,
        error_messages={"invalid_choice": "Choose a period from the list"},
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any):
        super().__init__(*args, **kwargs)
        current = quarters.quarter_of(today)
        # newest first: the current quarter (so far), then the complete ones before it
        self.quarters = sorted(quarters.recent_quarters(today), key=lambda q: q.start, reverse=True)
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "All time")] + [
            (q.key, q.label + (" (so far)" if q == current else "")) for q in self.quarters
        ]

    def chosen(self) -> quarters.Quarter | None:
        """The quarter chosen, or None for all time (call after ``is_valid``)."""
        key = self.cleaned_data.get("period") or ""
        return next((q for q in self.quarters if q.key == key), None)
