"""GOV.UK Design System rendering for Django forms.

Django's own template-based form rendering does the work: every form renders through
``templates/govuk/field.html`` and the widget overrides in ``templates/django/forms/widgets``.
See docs/adr/0004-forms.md for why this instead of crispy-forms-gds.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from lantern.core.widgets import DATE_PARTS, GovukDateInput, date_to_parts


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


def widget_kind(widget: forms.Widget) -> str:
    if isinstance(widget, GovukDateInput):
        return "date"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


CLASS_BY_KIND = {
    "input": "govuk-input",
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
    "checkbox": "govuk-checkboxes__input",
    "radios": "govuk-radios__input",
    "checkboxes": "govuk-checkboxes__input",
}


def widget_attrs(bound: forms.BoundField) -> dict[str, Any]:
    kind = widget_kind(bound.field.widget)
    if kind == "date":
        # Only the day, month or year with the problem is marked (GOV.UK date input).
        return {"error_parts": date_error_parts(bound)}
    classes = [CLASS_BY_KIND[kind], bound.field.widget.attrs.get("class", "")]
    if bound.errors and kind in {"input", "select", "textarea", "file"}:
        classes.append(f"{CLASS_BY_KIND[kind]}--error")
    described = []
    if bound.help_text:
        described.append(f"{bound.auto_id}-hint")
    if bound.errors:
        described.append(f"{bound.auto_id}-error")
    attrs: dict[str, Any] = {"class": " ".join(c for c in classes if c)}
    if described and kind not in {"radios", "checkboxes"}:
        attrs["aria-describedby"] = " ".join(described)
    return attrs


def file_types(extensions: tuple[str, ...]) -> str:
    """ "a CSV", "an SVG, JWT or JWS": the article for the first, a list for the rest."""
    names = list(dict.fromkeys(e.lstrip(".").upper() for e in extensions))
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    # Said letter by letter, an abbreviation takes "an" when its first letter sounds a vowel.
    article = "an" if names and names[0][0] in "AEFHILMNORSX" else "a"
    return f"{article} {listed}"


class UploadedFileField(forms.FileField):
    """A file field with a size limit and an allowed list of extensions, both checked up front."""

    def __init__(self, *, extensions: tuple[str, ...], max_bytes: int | None = None, **kw: Any):
        self.extensions = tuple(e.lower() for e in extensions)
        self._max_bytes = max_bytes
        kw["error_messages"] = {
            "empty": _("The selected file is empty"),
            **kw.get("error_messages", {}),
        }
        super().__init__(**kw)

    @property
    def max_bytes(self) -> int:
        return int(self._max_bytes or settings.LANTERN_MAX_UPLOAD_BYTES)

    def clean(self, data: Any, initial: Any = None) -> Any:
        uploaded = super().clean(data, initial)
        if uploaded is None:
            return uploaded
        name = (uploaded.name or "").lower()
        if not name.endswith(self.extensions):
            raise ValidationError(
                _("The selected file must be %(types)s file")
                % {"types": file_types(self.extensions)},
                code="file_type",
            )
        if uploaded.size > self.max_bytes:
            raise ValidationError(
                _("The selected file must be smaller than %(size)s")
                % {"size": f"{self.max_bytes // 1024} KB"},
                code="file_size",
            )
        return uploaded


# --- GOV.UK date input ---------------------------------------------------------------------------

_MONTHS = {
    **{name.lower(): n for n, name in enumerate(calendar.month_name) if name},
    **{name.lower(): n for n, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
_DAY = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)?", re.ASCII | re.IGNORECASE)
_NUMBER = re.compile(r"[0-9]+", re.ASCII)


@dataclass(frozen=True)
class DateProblem:
    """Why three inputs are not a date: ``code`` names the message, ``parts`` the inputs to mark."""

    code: str  # "incomplete", "year_digits" or "invalid"
    parts: tuple[str, ...]


def _day(text: str) -> int | None:
    match = _DAY.fullmatch(text)
    return int(match.group(1)) if match else None


def _month(text: str) -> int | None:
    if _NUMBER.fullmatch(text):
        return int(text)
    # GOV.UK: accept month names written in full or abbreviated ("March", "mar", "Sept.").
    return _MONTHS.get(text.lower().rstrip("."))


def parse_date_parts(day: str, month: str, year: str) -> date | DateProblem | None:
    """The date three GOV.UK date inputs make, or the highest-priority problem with them
    (missing or incomplete first, then what cannot be right), or None when all are blank."""
    values = {"day": day.strip(), "month": month.strip(), "year": year.strip()}
    missing = tuple(part for part in DATE_PARTS if not values[part])
    if len(missing) == len(DATE_PARTS):
        return None
    if missing:
        return DateProblem("incomplete", missing)
    if _NUMBER.fullmatch(values["year"]) and len(values["year"]) != 4:
        return DateProblem("year_digits", ("year",))
    d, m = _day(values["day"]), _month(values["month"])
    wrong = [
        part
        for part, right in (
            ("day", d is not None and 1 <= d <= 31),
            ("month", m is not None and 1 <= m <= 12),
            ("year", bool(_NUMBER.fullmatch(values["year"]))),
        )
        if not right
    ]
    if wrong:
        # More than one wrong: it is not clear which, so the whole date is marked.
        return DateProblem("invalid", tuple(wrong) if len(wrong) == 1 else DATE_PARTS)
    assert d is not None and m is not None
    try:
        return date(int(values["year"]), m, d)
    except ValueError:  # 31 April, 29 February 2027: the day is not in that month
        return DateProblem("invalid", ("day",))


def date_error_parts(bound: forms.BoundField) -> tuple[str, ...]:
    """The inputs of a date field to mark: those its errors name, or all three when an error
    is about the date as a whole (required, out of range, a rule's or a service's message)."""
    if not bound.errors:
        return ()
    named: list[str] = []
    for error in bound.form.errors[bound.name].as_data():
        parts = (error.params or {}).get("parts")
        if not parts:
            return DATE_PARTS
        named += [part for part in parts if part not in named]
    return tuple(part for part in DATE_PARTS if part in named)


def format_date(value: date) -> str:
    """A date as GOV.UK writes it: 3 December 2026."""
    return f"{value.day} {value:%B %Y}"


class GovukDateField(forms.Field):
    """A date entered as day, month and year (GOV.UK date input), with GOV.UK's messages.

    ``subject`` is how messages name the date ("the opening date"); it defaults to the
    label. Messages may use %(subject)s, %(Subject)s and %(missing)s. ``example`` gives the
    date the hint shows ("For example, 27 3 2027"); by default the 27th of the month four
    months ahead, so it is a real future date and the day cannot be read as a month.
    """

    widget = GovukDateInput
    default_error_messages = {
        "required": "Enter %(subject)s",
        "incomplete": "%(Subject)s must include a %(missing)s",
        "year_digits": "%(Subject)s must include a year with 4 numbers",
        "invalid": "%(Subject)s must be a real date",
    }

    def __init__(
        self,
        *,
        subject: str | None = None,
        example: Callable[[], date] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.subject = subject
        self.example = example

    @property
    def hint(self) -> str:
        if self.example is not None:
            shown = self.example()
        else:
            shown = (timezone.localdate() + timedelta(days=120)).replace(day=27)
        example = f"For example, {shown.day} {shown.month} {shown.year}"
        return f"{self.help_text} {example}" if self.help_text else example

    def problem(self, code: str, parts: tuple[str, ...] = DATE_PARTS) -> ValidationError:
        """The error for ``code``; ``parts`` (kept in its params) says which inputs to mark."""
        subject = self.subject or f"the {str(self.label or 'date').lower()}"
        return ValidationError(
            self.error_messages[code],
            code=code,
            params={
                "subject": subject,
                "Subject": capfirst(subject),
                "missing": " and ".join(parts),
                "parts": parts,
            },
        )

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, date) or value in self.empty_values:
            return value or None
        parts = list(value)[:3] if isinstance(value, list | tuple) else date_to_parts(value)
        day, month, year = (str(part or "") for part in [*parts, "", "", ""][:3])
        result = parse_date_parts(day, month, year)
        if result is None:
            return None
        if isinstance(result, DateProblem):
            raise self.problem(result.code, result.parts)
        return result

    def validate(self, value: date | None) -> None:
        if value is None and self.required:
            raise self.problem("required")

    def has_changed(self, initial: Any, data: Any) -> bool:
        if self.disabled:
            return False
        try:
            return self.to_python(data) != self.to_python(initial)
        except ValidationError:
            return True


# --- GOV.UK conditional reveal -------------------------------------------------------------------


class ConditionalRevealForm(forms.Form):
    """A form whose radios reveal follow-up fields for the option chosen (GOV.UK radios with
    conditional reveal).

    ``reveals`` maps a radio field to {option value: (names of the fields it reveals)}. The
    renderer puts each follow-up field inside its option; GOV.UK Frontend's script hides it
    until the option is chosen. Without the script every field shows, so on the server a
    follow-up field of an option not chosen is ignored (emptied, any problem dropped), never
    rejected. Forms that override ``clean`` call ``super().clean()`` first.
    """

    reveals: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {}

    def revealed_fields(self) -> set[str]:
        return {
            name
            for options in self.reveals.values()
            for names in options.values()
            for name in names
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for radio, options in self.reveals.items():
            chosen = data.get(radio)
            for value, names in options.items():
                if chosen is not None and str(value) == str(chosen):
                    continue
                for name in names:
                    if name in self.fields:
                        self.errors.pop(name, None)
                        data[name] = self.fields[name].to_python(None)
        return data


def _recent_example() -> date:
    """A past date for the hint: an event list is about what has happened."""
    return (timezone.localdate() - timedelta(days=60)).replace(day=27)


class EventDateRangeForm(forms.Form):
    """Optional From and To dates for a list of past events (the audit log, a case's access
    history): no dates is every event; To may not come before From."""

    since = GovukDateField(
        label="From",
        subject="the date to show events from",
        required=False,
        example=_recent_example,
    )
    until = GovukDateField(
        label="To", subject="the date to show events up to", required=False, example=_recent_example
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error(
                "until",
                "The date to show events up to must be the same as or after the date to show "
                "events from",
            )
        return data
