"""Referral draft contents: which fields each kind holds, pre-filling from the answers, and the
identifier check that keeps a Duty to Notify anonymous. Pure: no ORM.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from lantern.core.identifiers import identifier_problems
from lantern.respond.content import IndicatorLibrary

__all__ = ["DTN_FIELDS", "FIELDS_BY_KIND", "NRM_FIELDS", "identifier_problems", "prefill"]

# A DtN holds no identifiers: only these (FACTS.md, "The NRM process"; MSA 2015 s52).
DTN_FIELDS: tuple[str, ...] = (
    "gender",
    "age_band",
    "nationality",
    "exploitation_types",
    "where",
    "when",
    "first_responder",
    "police_told",
    "indicators",
)
# A data-minimised NRM draft: what the legacy form asked for that a decision maker needs, no more
# (no full name or date of birth here: the online form collects identity when it is submitted).
NRM_FIELDS: tuple[str, ...] = (
    "known_as",
    "age",
    "gender",
    "nationality",
    "languages",
    "interpreter_needed",
    "is_child",
    "consent_given",
    "consent_date",
    "exploitation_types",
    "indicators",
    "observations",
    "own_words",
    "emergency_housing",
    "medical_needs",
    "police_told",
    "first_responder",
)
FIELDS_BY_KIND: dict[str, tuple[str, ...]] = {"dtn": DTN_FIELDS, "nrm": NRM_FIELDS}


def exploitation_types_for(codes: list[str], library: IndicatorLibrary) -> list[str]:
    """Exploitation types the ticked signs point to, most often first."""
    counts: Counter[str] = Counter(
        t for c in codes if c in library.indicators for t in library.indicators[c].types
    )
    return [t for t, _ in counts.most_common()]


def prefill(
    *, kind: str, answers: Mapping[str, Any], first_responder: str, library: IndicatorLibrary
) -> dict[str, Any]:
    """A new draft's fields, from the answers only (which hold nothing about who the person is)."""
    codes = [c for c in answers.get("indicators", []) if c in library.indicators]
    common = {
        "indicators": codes,
        "exploitation_types": exploitation_types_for(codes, library)[:2],
        "first_responder": first_responder,
        "police_told": "",
        "gender": "",
        "nationality": "",
    }
    if kind == "dtn":
        return {**common, "age_band": "", "where": "", "when": ""}
    return {
        **common,
        "known_as": "",
        "age": "",
        "languages": "",
        "interpreter_needed": False,
        "is_child": answers.get("age") != "adult",
        "consent_given": answers.get("consent") == "given",
        "consent_date": "",
        "observations": "",
        "own_words": "",
        "emergency_housing": False,
        "medical_needs": False,
    }
