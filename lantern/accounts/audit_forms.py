"""The audit log's filters: kind of event, person, case reference and a date range."""

from __future__ import annotations

from typing import Any

from django import forms

from lantern.accounts.audit_selectors import AuditFilters
from lantern.core.audit import AREA_LABELS
from lantern.core.forms import EventDateRangeForm

# The form's keys (a date's parts are since_day, since_month and since_year).
FILTER_KEYS = ("area", "person", "case", "since", "until")


class _AnyChoiceField(forms.ChoiceField):
    """A choice that is never an error: an unknown kind of event (an old link, a hand-made
    address) shows every kind instead."""

    def valid_value(self, value: Any) -> bool:
        return True


class AuditFilterForm(EventDateRangeForm):
    """Every filter is optional: none is every event the reader may see, newest first."""

    field_order = list(FILTER_KEYS)

    area = _AnyChoiceField(label="Kind of event", required=False)
    person = forms.CharField(
        label="Person",
        help_text="Their name, or their whole email address",
        required=False,
        max_length=254,
    )
    case = forms.CharField(
        label="Case reference",
        help_text="For example, SHS-2026-0003",
        required=False,
        max_length=20,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = sorted(AREA_LABELS.items(), key=lambda item: item[1])
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        area.choices = [("", "Every kind of event"), *areas]
        self.fields["person"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["case"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean_area(self) -> str:
        area = str(self.cleaned_data.get("area") or "")
        return area if area in AREA_LABELS else ""

    def clean_case(self) -> str:
        return " ".join(str(self.cleaned_data.get("case") or "").split()).upper()

    def filters(self) -> AuditFilters:
        """The filters asked for (none for an unbound form)."""
        if not self.is_bound:
            return AuditFilters()
        data = self.cleaned_data
        return AuditFilters(
            area=data.get("area") or "",
            person=(data.get("person") or "").strip(),
            case=data.get("case") or "",
            since=data.get("since"),
            until=data.get("until"),
        )
