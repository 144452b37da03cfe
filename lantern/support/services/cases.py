"""Opening a case (with its organisation's next reference) and editing its details."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import Organisation, Team, User
from lantern.core import codes
from lantern.support import rules
from lantern.support.models import Case, CaseReferenceCounter
from lantern.support.models.case import ExploitationType
from lantern.support.services._common import _audit, _lock

_STOP_WORDS = {"of", "the", "and", "for", "demo", "ltd", "cic"}


def reference_prefix(organisation_name: str) -> str:
    """ "Safe Harbour Support (demo)" -> "SHS"; at most three letters, never empty."""
    words = re.findall(r"[A-Za-z]+", organisation_name)
    letters = "".join(w[0] for w in words if w.lower() not in _STOP_WORDS)[:3].upper()
    return letters or "LC"


def _next_reference(organisation: Organisation, year: int) -> str:
    CaseReferenceCounter.objects.bulk_create(
        [CaseReferenceCounter(organisation=organisation, year=year, last_number=0)],
        ignore_conflicts=True,
    )
    counter = CaseReferenceCounter.objects.select_for_update().get(
        organisation=organisation, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{reference_prefix(organisation.name)}-{year}-{counter.last_number:04d}"


def _clean_structured(data: dict[str, Any], current: Case | None = None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if "nationality" in data:
        data["nationality"] = (data["nationality"] or "").strip().upper()
        if data["nationality"] and data["nationality"] not in codes.countries():
            errors["nationality"] = "Select a country from the list"
    if "languages" in data:
        langs = [str(c).strip().lower() for c in data["languages"] or [] if str(c).strip()]
        unknown = [c for c in langs if c not in codes.languages()]
        if unknown:
            errors["languages"] = "Use ISO 639-2 codes, like tir for Tigrinya: " + ", ".join(
                unknown
            )
        data["languages"] = list(dict.fromkeys(langs))
    if "exploitation_types" in data:
        types = list(dict.fromkeys(data["exploitation_types"] or []))
        if any(t not in ExploitationType.values for t in types):
            errors["exploitation_types"] = "Select types of exploitation from the list"
        elif problem := rules.exploitation_types_problem(types):
            errors["exploitation_types"] = problem
        data["exploitation_types"] = types
    if "date_of_birth" in data:
        problem = rules.birth_date_problem(
            as_given=str(data["date_of_birth"] or ""),
            age_band=str(data.get("age_band", current.age_band if current else "")),
            age_disputed=bool(data.get("age_disputed", current.age_disputed if current else False)),
            today=timezone.localdate(),
        )
        if problem:
            errors["date_of_birth"] = problem
    if errors:
        raise ValidationError(errors)
    return data


CASE_EDITABLE_FIELDS = (
    "age_band",
    "age_disputed",
    "gender",
    "nationality",
    "languages",
    "interpreter_needed",
    "exploitation_types",
    "given_name",
    "family_name",
    "aliases",
    "date_of_birth",
    "contact_details",
    "place_of_safety_address",
    "notes",
)


def case_create(
    *,
    actor: User,
    organisation: Organisation,
    team: Team | None,
    owner: User | None = None,
    **fields: Any,
) -> Case:
    unknown = set(fields) - set(CASE_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not case fields: {sorted(unknown)}")
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError({"team": "The team must belong to the case's organisation"})
    data = _clean_structured(dict(fields))
    with transaction.atomic():
        case = Case(organisation=organisation, team=team, owner=owner or actor, **data)
        case.reference = _next_reference(organisation, timezone.localdate().year)
        case.full_clean(exclude=["languages", "exploitation_types"])
        case.save(force_insert=True)
        _audit(actor, case, "case.created", reference=case.reference)
    return case


def case_update(*, actor: User, case: Case, expected_version: int, **changes: Any) -> Case:
    """Change the case details, refusing the change if the case was saved since it was read."""
    unknown = set(changes) - set(CASE_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not case fields: {sorted(unknown)}")
    data = _clean_structured(dict(changes), case)
    with transaction.atomic():
        current: Case = _lock(Case, case.pk, expected_version)
        changed = [name for name, value in data.items() if getattr(current, name) != value]
        for name in changed:
            setattr(current, name, data[name])
        current.version += 1
        current.updated_at = timezone.now()
        current.save(update_fields=[*changed, "version", "updated_at"])
        _audit(actor, current, "case.updated", fields=changed, version=current.version)
    return current
