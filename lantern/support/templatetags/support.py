"""Display helpers for case records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template
from django.utils import formats

from lantern.core import codes
from lantern.support.models.case import ExploitationType
from lantern.support.models.plan import (
    ShareCategory,
)
from lantern.support.models.sections import (
    ExplanationTopic,
    RightsTopic,
)

register = template.Library()

LANGUAGE_FIELDS = {"language"}
# JSON list fields hold codes; these are their labels.
LIST_CHOICES: dict[tuple[str, str], dict[str, str]] = {
    ("rightsinformation", "topics"): dict(RightsTopic.choices),
    ("explanation", "topics"): dict(ExplanationTopic.choices),
    ("informationshare", "what_shared"): dict(ShareCategory.choices),
    ("case", "exploitation_types"): dict(ExploitationType.choices),
}


# What an empty field means, where it means something: consent with no partner named is
# consent for any partner in the plan (ConsentRecord.partner), not a missing answer.
EMPTY_MEANS: dict[tuple[str, str], str] = {
    ("consentrecord", "partner"): "Any partner in the plan",
}


@register.filter
def shown(entry: Any, name: str) -> str:
    """A field's value as a person should read it: labels for codes, Yes/No, dates."""
    value = getattr(entry, name, None)
    if value in (None, "") and (entry._meta.model_name, name) in EMPTY_MEANS:
        return EMPTY_MEANS[(entry._meta.model_name, name)]
    choices_label = getattr(entry, f"get_{name}_display", None)
    if callable(choices_label) and value not in (None, ""):
        return str(choices_label())
    if name in LANGUAGE_FIELDS and value:
        return codes.language_name(str(value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        labels = LIST_CHOICES.get((entry._meta.model_name, name), {})
        return ", ".join(str(labels.get(v, v)) for v in value) or "\u2013"
    if isinstance(value, datetime | date):
        return str(formats.date_format(value, "j M Y"))
    if value in (None, ""):
        return "\u2013"
    return str(value)


# Column headings for fields whose form label is a sentence: a sentence in a table heading
# makes its column a word wide on a 375px phone.
SHORT_COLUMN_LABELS: dict[tuple[str, str], str] = {
    ("rightsinformation", "person_accepted_format"): "Accepted by them",
    ("explanation", "plain_language"): "Understood (PC6.1)",
    ("explanation", "without_leading"): "Not leading (PC6.2)",
    ("personaccount", "at_own_pace"): "At their own pace",
    ("personaccount", "free_from_judgement"): "Free from judgement",
    ("risk", "person_understands"): "They understand it",
    ("consentrecord", "partner"): "Partner",
    ("consentrecord", "scope"): "Consent for",
}


@register.filter
def column_label(model: Any, name: str) -> str:
    short = SHORT_COLUMN_LABELS.get((model._meta.model_name, name))
    if short:
        return short
    label = str(model._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


@register.filter
def language_names(value: list[str]) -> str:
    return ", ".join(f"{codes.language_name(c)} ({c})" for c in value or []) or "Not recorded"


@register.filter
def country_name(value: str) -> str:
    return codes.country_name(value) if value else "Not known"
