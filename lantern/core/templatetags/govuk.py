"""Template helpers for GOV.UK Design System markup (loaded as a builtin)."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.safestring import SafeString

from lantern.core.forms import date_error_parts, widget_attrs, widget_kind

register = template.Library()


@register.filter
def govuk_widget(bound: forms.BoundField) -> SafeString:
    return bound.as_widget(attrs=widget_attrs(bound))


@register.filter
def govuk_kind(bound: forms.BoundField) -> str:
    return widget_kind(bound.field.widget)


def _reveals(bound: forms.BoundField) -> dict[str, tuple[str, ...]]:
    reveals: dict[str, dict[str, tuple[str, ...]]] = getattr(bound.form, "reveals", {})
    return {str(value): names for value, names in reveals.get(bound.name, {}).items()}


@register.filter
def govuk_revealed(bound: forms.BoundField) -> bool:
    """Whether the field is shown inside a radio option (and so not on its own)."""
    revealed = getattr(bound.form, "revealed_fields", None)
    return bool(revealed and bound.name in revealed())


@register.filter
def govuk_radio_items(bound: forms.BoundField) -> list[dict[str, Any]] | None:
    """A radio field's options, each with the fields it reveals (GOV.UK conditional reveal),
    or None when it reveals nothing."""
    reveals = _reveals(bound)
    if not reveals:
        return None
    items = []
    for option in bound.subwidgets:
        names = reveals.get(str(option.data["value"]), ())
        fields = [bound.form[name] for name in names if name in bound.form.fields]
        items.append(
            {
                "option": option.data,
                "conditional_id": f"conditional-{option.data['attrs']['id']}" if fields else "",
                "fields": fields,
            }
        )
    return items


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(*forms_: Any) -> dict[str, Any]:
    errors: list[dict[str, str]] = []
    for form in forms_:
        if form is None or not getattr(form, "errors", None):
            continue
        for message in form.non_field_errors():
            errors.append({"href": "", "text": message})
        # In the order the fields appear on the page, not the order the errors were found.
        ordered = [n for n in form.fields if n in form.errors]
        ordered += [n for n in form.errors if n not in form.fields and n != "__all__"]
        for name in ordered:
            field_errors = form.errors[name]
            bound = form[name]
            kind = widget_kind(bound.field.widget)
            target = bound.auto_id + ("_0" if kind in {"radios", "checkboxes"} else "")
            if kind == "date":  # the first of the day, month and year with a problem
                target = f"{bound.auto_id}_{date_error_parts(bound)[0]}"
            for message in field_errors:
                errors.append({"href": f"#{target}", "text": message})
    return {"errors": errors}
