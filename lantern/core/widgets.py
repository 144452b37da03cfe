"""GOV.UK Design System widgets that Django does not have.

``GovukDateInput`` is the GOV.UK "date input": day, month and year as three text inputs
(``<name>_day``, ``<name>_month``, ``<name>_year``), which ``GovukDateField`` in
``lantern.core.forms`` reads and checks. ``templates/govuk/field.html`` wraps it in the
fieldset, legend, hint and error message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from django import forms

DATE_PARTS = ("day", "month", "year")
_WIDTH = {
    "day": "govuk-input--width-2",
    "month": "govuk-input--width-2",
    "year": "govuk-input--width-4",
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def date_to_parts(value: Any) -> list[str | None]:
    """A date (or an ISO 8601 date string) as the day, month and year the inputs show."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            return [None, None, None]
    if isinstance(value, date):
        return [str(value.day), str(value.month), str(value.year)]
    return [None, None, None]


class GovukDateInput(forms.MultiWidget):
    template_name = "govuk/widgets/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        # Text inputs with a numeric keypad (GOV.UK: not type="number", which browsers alter).
        super().__init__(
            {part: forms.TextInput({"inputmode": "numeric"}) for part in DATE_PARTS}, attrs
        )

    def decompress(self, value: Any) -> list[str | None]:
        return date_to_parts(value)

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> list[str]:
        keys = [f"{name}_{part}" for part in DATE_PARTS]
        if not any(key in data for key in keys) and name in data:
            # One ISO date under the field's own name (a page from before the change, or a
            # script): taken as its three parts.
            return [part or "" for part in date_to_parts(data.get(name))]
        return [str(data.get(key) or "") for key in keys]

    def value_omitted_from_data(self, data: Mapping[str, Any], files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return f"{id_}_day" if id_ else ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = dict(attrs or {})
        # The parts to mark in error, from widget_attrs(); never written out as an attribute.
        error_parts = attrs.pop("error_parts", ())
        # The fieldset carries the description; only the inputs in error are marked invalid.
        for unused in ("class", "aria-describedby", "aria-invalid", "required"):
            attrs.pop(unused, None)
        context = super().get_context(name, value, attrs)
        id_ = context["widget"]["attrs"].get("id")
        for part, sub in zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True):
            sub["label"] = part.capitalize()
            if id_:
                sub["attrs"]["id"] = f"{id_}_{part}"
            classes = ["govuk-input", "govuk-date-input__input", _WIDTH[part]]
            if part in error_parts:
                classes.append("govuk-input--error")
                sub["attrs"]["aria-invalid"] = "true"
            sub["attrs"]["class"] = " ".join(classes)
        return context
