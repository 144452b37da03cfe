"""Template helpers for GOV.UK Design System markup (loaded as a builtin)."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.safestring import SafeString

from lantern.core.forms import widget_attrs, widget_kind

register = template.Library()


@register.filter
def govuk_widget(bound: forms.BoundField) -> SafeString:
    return bound.as_widget(attrs=widget_attrs(bound))


@register.filter
def govuk_kind(bound: forms.BoundField) -> str:
    return widget_kind(bound.field.widget)


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
            for message in field_errors:
                errors.append({"href": f"#{target}", "text": message})
    return {"errors": errors}
