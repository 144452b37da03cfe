"""What every case-record form shares: the date input, the version the person started from,
and the section form (GOV.UK messages for missing answers, no blank radio, a database rule's
message shown beside the answer it is about)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone

from lantern.support import rules
from lantern.support.models import Case


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
            choices: Any = field.choices
            field.choices = [(v, label) for v, label in choices if v != ""]


class VersionedMixin(forms.Form):
    """The version the person started editing from: a stale one is a conflict, not a save."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class SectionForm(VersionedMixin, forms.ModelForm):  # type: ignore[type-arg]
    # What to say when a required answer is missing, GOV.UK style (field -> message). A required
    # field left out here still gets a message that names it, never "This field is required.".
    required_messages: ClassVar[dict[str, str]] = {}
    # Database constraints whose message is about one field (constraint name -> field): the
    # message is shown beside that field and the error summary links to it.
    constraint_fields: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        if not self.is_bound:
            self.fields["version"].initial = getattr(self.instance, "version", 1) or 1
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.DateInput):
                field.widget = DateInput()
                field.error_messages["invalid"] = f"{field.label} must be a real date"
            elif isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 4)
            if name != "version":
                field.error_messages["required"] = self.required_messages.get(
                    name, _required_message(field)
                )
        _no_blank_radios(self)

    @staticmethod
    def prefill(query: Mapping[str, str]) -> dict[str, Any]:
        """Initial values a link to the section may carry (most sections take none)."""
        return {}

    def section_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Dates of things that have happened: the same rule the section services apply.
        problems = rules.future_date_problems(
            model_name=self._meta.model._meta.model_name or "",
            values=data,
            today=timezone.localdate(),
        )
        for name, message in problems.items():
            if name in self.fields:
                self.add_error(name, message)
        return data

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound:
            self._constraint_errors_to_fields()

    def _constraint_errors_to_fields(self) -> None:
        """Move a constraint's message from the top of the form to the field it is about."""
        if not self.constraint_fields or NON_FIELD_ERRORS not in self.errors:
            return
        field_for: dict[str, str] = {}
        for constraint in self._meta.model._meta.constraints:
            target = self.constraint_fields.get(constraint.name)
            if target is not None:
                field_for[str(constraint.get_violation_error_message())] = target
        kept = []
        moved: list[tuple[str, str]] = []
        for error in self.errors[NON_FIELD_ERRORS].as_data():
            messages = list(error.messages)
            target = next((field_for[m] for m in messages if m in field_for), None)
            if target is None or target not in self.fields:
                kept.append(error)
            else:
                moved.extend((target, m) for m in messages)
        if not moved:
            return
        if kept:
            self.errors[NON_FIELD_ERRORS] = self.error_class(kept, error_class="nonfield")
        else:
            del self.errors[NON_FIELD_ERRORS]
        for target, message in moved:
            if target not in self.errors:  # the field's own error comes first
                self.add_error(target, message)


def _required_message(field: forms.Field) -> str:
    label = str(field.label or "an answer")
    text = label[:1].lower() + label[1:]
    if isinstance(field.widget, forms.DateInput):
        return f"Enter the {text}"
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return f"Select {text}"
    return f"Enter {text}"
