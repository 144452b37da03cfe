"""How the audit log names cases and finds them by reference (registered with
``core.registry.register_audit_record_type`` in apps.py). References only: never case content.
"""

from __future__ import annotations

from uuid import UUID

from lantern.support.models import Case


def _uuids(refs: set[str] | frozenset[str]) -> list[UUID]:
    ids = []
    for ref in refs:
        try:
            ids.append(UUID(str(ref)))
        except ValueError:
            continue
    return ids


def case_references(refs: set[str]) -> dict[str, str]:
    """Case id -> "Case SHS-2026-0003", for the ids the audit log is showing."""
    found = Case.objects.filter(pk__in=_uuids(refs)).values_list("pk", "reference")
    return {str(pk): f"Case {reference}" for pk, reference in found}


def cases_with_reference(text: str, organisation_refs: frozenset[str] | None) -> list[str]:
    """The ids of the cases with this reference (any letter case), in these organisations
    (every organisation when None): a reference is unique within its organisation only."""
    reference = text.strip()
    if not reference:
        return []
    cases = Case.objects.filter(reference__iexact=reference)
    if organisation_refs is not None:
        cases = cases.filter(organisation_id__in=_uuids(organisation_refs))
    return [str(pk) for pk in cases.values_list("pk", flat=True)]
