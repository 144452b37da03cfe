"""Referral quality: what a decision maker will look for in a draft, and what is missing.

Pure: works on the draft's fields and the indicator library. Shown beside the draft, never a
gate: a worker can always submit what they have.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lantern.core.identifiers import identifier_problems, personal_details
from lantern.respond.content import IndicatorLibrary
from lantern.respond.nationalities import is_nationality

# A date written the usual ways: 3/11/2026, 2026-11-03, 3 Nov 2026, 3 November.
DATE_PATTERN = re.compile(
    r"\b(\d{1,2}[/.-]\d{1,2}([/.-]\d{2,4})?|\d{4}-\d{2}-\d{2}|\d{1,2}\s+"
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class QualityCheck:
    key: str
    label: str
    met: bool
    hint: str


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def referral_quality(
    *, kind: str, fields: Mapping[str, Any], library: IndicatorLibrary
) -> list[QualityCheck]:
    codes = [c for c in fields.get("indicators", []) if c in library.indicators]
    types = sorted({t for c in codes for t in library.indicators[c].types})
    pointed = (
        f" (your signs point to: {', '.join(t.replace('_', ' ') for t in types)})" if types else ""
    )
    checks = [
        QualityCheck(
            "indicators_by_type",
            "Signs recorded, with the type of exploitation they point to",
            bool(codes) and bool(fields.get("exploitation_types")),
            f"Record the signs you saw and the type of exploitation{pointed}.",
        )
    ]
    if kind == "dtn":
        checks += [
            QualityCheck(
                "where_and_when",
                "Where and when (an area and a month, not an address)",
                bool(fields.get("where")) and bool(fields.get("when")),
                "A Duty to Notify says where and when, but nothing that identifies the person.",
            ),
            QualityCheck(
                "police_told",
                "Whether the police were told",
                bool(fields.get("police_told")),
                "Say whether the police know.",
            ),
            QualityCheck(
                "no_identifiers",
                "Nothing that identifies the person",
                # The form and the service refuse these; checked again here so that "Done" is
                # never shown over a draft saved before a check existed.
                not any(identifier_problems(str(fields.get(n, ""))) for n in ("where", "when"))
                and is_nationality(str(fields.get("nationality", ""))),
                "A Duty to Notify must not identify the adult: no name, address, postcode, date "
                "of birth, phone or reference number. Choose the nationality from the list.",
            ),
        ]
        return checks
    observations = _lines(str(fields.get("observations", "")))
    own_words = str(fields.get("own_words", "")).strip()
    details = sorted(
        set(personal_details(str(fields.get("observations", ""))))
        | set(personal_details(own_words))
    )
    checks += [
        QualityCheck(
            "dated_observations",
            "Specific observations, each with a date",
            bool(observations) and all(DATE_PATTERN.search(line) for line in observations),
            "Write what you saw or heard, one observation a line, each with its date.",
        ),
        QualityCheck(
            "consent_recorded",
            "Informed consent recorded, with its date (a child needs none)",
            bool(fields.get("is_child"))
            or (bool(fields.get("consent_given")) and bool(fields.get("consent_date"))),
            "Record that you explained the NRM, that the adult agreed, and when.",
        ),
        QualityCheck(
            "own_words_separate",
            "The person's own words, kept apart from your view",
            bool(own_words) and own_words != "\n".join(observations),
            "Write down what the person said, in their words, apart from your observations.",
        ),
        QualityCheck(
            "no_personal_details_in_text",
            "No personal details written into your observations or their words",
            not details,
            (
                f"Your text has what looks like {_and(details)}. Take it out: the online form "
                "asks for the person's details in their own fields, and anyone who reads the "
                "observations would see them."
            )
            if details
            else "Keep dates of birth, phone numbers, addresses and email addresses out of the "
            "text.",
        ),
        QualityCheck(
            "consent_consistent",
            "A date of consent only where consent is recorded",
            not (fields.get("consent_date") and not fields.get("consent_given")),
            "A date of consent is recorded, but not that the adult consented.",
        ),
    ]
    return checks
