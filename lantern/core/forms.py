"""GOV.UK Design System rendering for Django forms.

Django's own template-based form rendering does the work: every form renders through
``templates/govuk/field.html`` and the widget overrides in ``templates/django/forms/widgets``.
See docs/adr/0004-forms.md for why this instead of crispy-forms-gds.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext as _


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


def widget_kind(widget: forms.Widget) -> str:
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
