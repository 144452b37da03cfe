"""One form per question page. Each turns its cleaned data into answers and back."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from lantern.core import phones
from lantern.respond import pathways
from lantern.respond.content import Indicator, RespondContent

YES_NO = [("yes", "Yes"), ("no", "No")]


class QuestionForm(forms.Form):
    """A question page. ``heading`` is the page's h1 (the legend of its only field)."""

    heading: ClassVar[str] = ""
    hint: ClassVar[str] = ""

    def __init__(self, *args: Any, data_content: RespondContent, **kwargs: Any) -> None:
        self.content = data_content
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        return {}

    def to_answers(self) -> dict[str, Any]:
        raise NotImplementedError


class DangerForm(QuestionForm):
    heading = "Is anyone in immediate danger now?"
    hint = "For example, someone is being hurt or threatened, or is too ill or injured to leave."
    answer = forms.ChoiceField(
        label=heading,
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if anyone is in immediate danger now"},
    )

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        return {"answer": "yes" if answers["danger"] else "no"} if "danger" in answers else {}

    def to_answers(self) -> dict[str, Any]:
        return {"danger": self.cleaned_data["answer"] == "yes"}


class WhereForm(QuestionForm):
    heading = "Where in the UK is the person?"
    hint = "The rules are different in each nation."
    answer = forms.ChoiceField(
        label=heading,
        choices=[
            ("england", "England"),
            ("wales", "Wales"),
            ("scotland", "Scotland"),
            ("northern_ireland", "Northern Ireland"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select where in the UK the person is"},
    )

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        return {"answer": answers["jurisdiction"]} if "jurisdiction" in answers else {}

    def to_answers(self) -> dict[str, Any]:
        return {"jurisdiction": self.cleaned_data["answer"]}


class SettingForm(QuestionForm):
    heading = "Where did you see the person?"
    answer = forms.ChoiceField(
        label=heading,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where you saw the person"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["answer"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s.code, s.label) for s in self.content.indicators.settings.values()]

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        return {"answer": answers["setting"]} if "setting" in answers else {}

    def to_answers(self) -> dict[str, Any]:
        return {"setting": self.cleaned_data["answer"]}


class SignsForm(QuestionForm):
    """Every sign. Those that name the setting come first, open (field ``featured``); the rest
    are in their groups (one field each, ``group_<code>``), which the page folds away."""

    heading = "What have you noticed?"
    hint = "Select all that apply. If you have not noticed any of these, continue."

    def __init__(self, *args: Any, setting: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        library = self.content.indicators
        featured, groups = library.sections_for(setting)
        self.codes_by_field: dict[str, set[str]] = {}
        self.featured_title = ""
        if featured:
            label = library.settings[str(setting)].label
            self.featured_title = f"Signs often seen at {label[:1].lower()}{label[1:]}"
            self._add("featured", self.featured_title, featured)
        for group in groups:
            self._add(f"group_{group.code}", group.title, group.indicators)

    def _add(self, name: str, label: str, indicators: tuple[Indicator, ...]) -> None:
        self.codes_by_field[name] = {i.code for i in indicators}
        self.fields[name] = forms.MultipleChoiceField(
            label=label,
            choices=[(i.code, i.text) for i in indicators],
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )

    def set_initial_codes(self, codes: list[str]) -> None:
        for name, allowed in self.codes_by_field.items():
            self.initial[name] = [c for c in codes if c in allowed]

    def sections(self) -> list[dict[str, Any]]:
        """For the page: each field, how many signs it holds and how many are ticked (a group
        with a ticked sign is shown open, so that Back and Change show what was ticked)."""
        return [
            {
                "field": self[name],
                "featured": name == "featured",
                "count": len(self.codes_by_field[name]),
                "ticked": len(self[name].value() or []),
            }
            for name in self.fields
        ]

    def to_answers(self) -> dict[str, Any]:
        codes: list[str] = []
        for name in self.fields:
            codes.extend(self.cleaned_data.get(name) or [])
        return {"indicators": list(dict.fromkeys(codes))}


class AgeForm(QuestionForm):
    heading = "How old is the person?"
    answer = forms.ChoiceField(
        label=heading,
        choices=[
            ("adult", "18 or over"),
            ("child", "Under 18"),
            ("unknown", "I do not know, or their age is disputed"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how old the person is"},
    )

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        return {"answer": answers["age"]} if "age" in answers else {}

    def to_answers(self) -> dict[str, Any]:
        return {"age": self.cleaned_data["answer"]}


ORGANISATION_CHOICES = [
    ("police", "Police"),
    ("local_authority", "Local council (including environmental health, housing, licensing)"),
    ("nca", "National Crime Agency"),
    ("glaa", "Gangmasters and Labour Abuse Authority"),
    (
        "home_office",
        "Home Office (UK Visas and Immigration, Border Force, Immigration Enforcement)",
    ),
    ("hsc_trust", "Health and Social Care Trust (Northern Ireland)"),
    ("ngo_first_responder", "A charity that is a first responder"),
    ("ngo", "Another charity or voluntary organisation"),
    ("health", "Health (NHS or other)"),
    ("business", "A business"),
    ("education", "A school, college or university"),
    ("other", "Another organisation"),
    ("public", "I am a member of the public"),
]


class OrganisationForm(QuestionForm):
    heading = "Who do you work for?"
    hint = "What you should do depends on your organisation."
    answer = forms.ChoiceField(
        label=heading,
        choices=ORGANISATION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you work for"},
    )

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        return {"answer": answers["organisation"]} if "organisation" in answers else {}

    def to_answers(self) -> dict[str, Any]:
        return {"organisation": self.cleaned_data["answer"]}


class CareForm(QuestionForm):
    heading = "Might the adult have care and support needs?"
    hint = (
        "For example, an illness, disability or mental health condition means they may need "
        "help to look after themselves or keep safe."
    )
    answer = forms.ChoiceField(
        label=heading,
        choices=[*YES_NO, ("not_sure", "I'm not sure")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the adult might have care and support needs"},
    )

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        if "care" not in answers:
            return {}
        care = answers["care"]
        return {"answer": {True: "yes", False: "no"}.get(care, care)}

    def to_answers(self) -> dict[str, Any]:
        # The answer as given (yes, no or not sure), so that Back and Change show it again; the
        # rules treat not sure as yes (flow.CARE_NEEDED).
        return {"care": self.cleaned_data["answer"]}


class ConsentForm(QuestionForm):
    heading = "Has the adult agreed to a referral to the National Referral Mechanism (NRM)?"
    hint = (
        "Agreement counts only if you explained what the NRM is, the support it can bring, "
        "what could happen next and who will see their information."
    )
    answer = forms.ChoiceField(
        label=heading,
        choices=[
            ("given", "Yes, they gave informed consent"),
            ("declined", "No, they said no"),
            ("not_asked", "I have not asked them yet"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the adult has agreed to an NRM referral"},
    )

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        return {"answer": answers["consent"]} if "consent" in answers else {}

    def to_answers(self) -> dict[str, Any]:
        return {"consent": self.cleaned_data["answer"]}


STEP_FORMS: dict[str, type[QuestionForm]] = {
    "danger": DangerForm,
    "where": WhereForm,
    "setting": SettingForm,
    "signs": SignsForm,
    "age": AgeForm,
    "organisation": OrganisationForm,
    "care": CareForm,
    "consent": ConsentForm,
}


class ReferralPathwayForm(forms.Form):
    """An organisation's own referral pathway (its admins set it)."""

    contact_name = forms.CharField(
        label="Who should staff tell?",
        help_text="A person or team, for example Modern slavery single point of contact, or "
        "Safeguarding adults team.",
        max_length=120,
        error_messages={"required": "Enter who staff should tell"},
    )
    contact_role = forms.CharField(
        label="Their role (optional)",
        help_text="For example Safeguarding lead. Leave blank if you named a team.",
        max_length=120,
        required=False,
    )
    phone = forms.CharField(
        label="Phone number",
        help_text="A work number staff can call in working hours.",
        max_length=30,
        required=False,
    )
    email = forms.EmailField(
        label="Email address",
        help_text="A work address, ideally a shared mailbox that more than one person reads.",
        max_length=254,
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org"
        },
    )
    out_of_hours = forms.CharField(
        label="Out of hours (optional)",
        help_text="Who to contact in the evening, at night and at weekends, for example your "
        "emergency duty team.",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    steps = forms.CharField(
        label="Your steps (optional)",
        help_text=f"One step a line, at most {pathways.MAX_STEPS}, in the order staff should "
        "take them. Do not include anything about a particular person.",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_phone(self) -> str:
        phone = phones.normalise_phone(self.cleaned_data["phone"])
        if not phones.phone_is_valid(phone):
            raise forms.ValidationError(phones.PHONE_MESSAGE)
        return phone

    def clean_steps(self) -> str:
        lines = pathways.step_lines(self.cleaned_data["steps"])
        if len(lines) > pathways.MAX_STEPS:
            raise forms.ValidationError(pathways.STEPS_MESSAGE)
        return "\n".join(lines)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Shown with any other problems (all at once), unless the phone or email has its own.
        if (
            not self.has_error("phone")
            and not self.has_error("email")
            and not cleaned.get("phone")
            and not cleaned.get("email")
        ):
            self.add_error("phone", "Enter a phone number or an email address, or both")
        return cleaned
