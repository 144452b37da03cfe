"""Pure rules (no ORM): which SFJBMS05 criteria a record evidences, and whether a share may go.

Both are plain functions over plain data, tested by tables of cases (tests/support/test_rules.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date

from lantern.support.standard import PC_IDS, PERFORMANCE_CRITERIA, sections_for


@dataclass(frozen=True)
class CaseFacts:
    """What the record holds, reduced to yes/no facts (selectors.case_facts builds it)."""

    has_actions: bool = False
    has_assessments: bool = False
    has_needs: bool = False
    has_outstanding_needs: bool = False
    has_met_needs: bool = False
    has_accepted_rights_info: bool = False
    has_good_explanation: bool = False
    has_account_own_pace: bool = False
    has_account_free_from_judgement: bool = False
    has_risks: bool = False
    has_open_risk_not_understood: bool = False
    has_place_of_safety: bool = False
    has_services: bool = False
    has_services_accessed: bool = False
    has_cultural_needs: bool = False
    plan_agreed: bool = False
    has_goals: bool = False
    has_consent_record: bool = False
    has_partners: bool = False
    has_shares: bool = False
    has_completed_review: bool = False
    has_review_due: bool = False
    is_closed: bool = False

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


def evidenced(facts: CaseFacts) -> dict[str, bool]:
    """PC id -> whether the record evidences it. PC20 needs every other criterion."""
    result = {
        "PC1": facts.has_actions,
        "PC2": facts.has_assessments,
        # PC3: every identified immediate requirement is addressed.
        "PC3": facts.has_needs and not facts.has_outstanding_needs,
        # PC4: outstanding needs were addressed ("if required": none outstanding is also fine).
        "PC4": facts.has_met_needs or (facts.has_needs and not facts.has_outstanding_needs),
        "PC5": facts.has_accepted_rights_info,
        "PC6": facts.has_good_explanation,
        "PC7": facts.has_account_own_pace,
        "PC8": facts.has_account_free_from_judgement,
        "PC9": facts.has_risks,
        "PC10": facts.has_risks and not facts.has_open_risk_not_understood,
        "PC11": facts.has_place_of_safety,
        "PC12": facts.has_services,
        "PC13": facts.has_cultural_needs,
        "PC14": facts.plan_agreed and facts.has_goals,
        "PC15": facts.has_services_accessed,
        "PC16": facts.has_consent_record,
        "PC17": facts.has_partners,
        "PC18": facts.has_shares,
        # Ongoing support: a review has happened and another is due (or the case is closed).
        "PC19": facts.has_completed_review and (facts.has_review_due or facts.is_closed),
    }
    result["PC20"] = all(result.values())
    return result


@dataclass(frozen=True)
class CoverageItem:
    pc: str
    text: str
    done: bool
    sections: tuple[str, ...]


@dataclass(frozen=True)
class Coverage:
    items: tuple[CoverageItem, ...]

    @property
    def done(self) -> list[str]:
        return [i.pc for i in self.items if i.done]

    @property
    def missing(self) -> list[str]:
        return [i.pc for i in self.items if not i.done]

    @property
    def complete(self) -> bool:
        return not self.missing


def pc_coverage(facts: CaseFacts) -> Coverage:
    marks = evidenced(facts)
    return Coverage(
        tuple(
            CoverageItem(pc, PERFORMANCE_CRITERIA[pc], marks[pc], tuple(sections_for(pc)))
            for pc in PC_IDS
        )
    )


# --- Sharing ---------------------------------------------------------------------------------

CONSENT = "consent"
CHILD = "child"
IMMEDIATE_DANGER = "immediate_danger"
SAFEGUARDING = "safeguarding"
OVERRIDES = frozenset({CHILD, IMMEDIATE_DANGER, SAFEGUARDING})


@dataclass(frozen=True)
class ShareDecision:
    allowed: bool
    code: str
    message: str = ""


def share_decision(
    *,
    basis: str,
    consent_in_force: bool,
    actor_may_override: bool,
    override_reason: str,
    person_is_child: bool,
) -> ShareDecision:
    """May a share go ahead? Consent first; otherwise an authorised, reasoned, lawful override."""
    if basis == CONSENT:
        if consent_in_force:
            return ShareDecision(True, "consent")
        return ShareDecision(
            False,
            "no_consent",
            "You cannot share this without the person's consent. Record their consent first, "
            "or ask a supervisor to record a lawful reason to share without it",
        )
    if basis not in OVERRIDES:
        return ShareDecision(False, "unknown_basis", "Select the lawful basis for sharing")
    if not actor_may_override:
        return ShareDecision(
            False,
            "not_authorised",
            "Only a supervisor can share without consent. Ask your supervisor",
        )
    if not override_reason.strip():
        return ShareDecision(
            False, "no_reason", "Explain why you are sharing without the person's consent"
        )
    if basis == CHILD and not person_is_child:
        return ShareDecision(
            False,
            "not_a_child",
            "The record does not show that the person is a child or that their age is disputed",
        )
    return ShareDecision(True, f"override_{basis}")


# --- Facts about the person --------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
# Age band code -> the ages it covers (inclusive); "unknown" covers any age.
AGE_BAND_RANGES = {
    "0-11": (0, 11),
    "12-17": (12, 17),
    "18-24": (18, 24),
    "25-34": (25, 34),
    "35-44": (35, 44),
    "45-54": (45, 54),
    "55+": (55, 200),
}
NOT_KNOWN_EXPLOITATION = "unknown"


def date_as_given(text: str) -> tuple[bool, date | None]:
    """Whether a date of birth as given is written as a date (14/03/1990, day first, or
    1990-03-14), and that date: None when it is written as one but is not a real date
    (31/02/1990). "about 1990" is not written as a date: (False, None)."""
    text = text.strip()
    if _ISO_DATE.match(text):
        parts = [int(p) for p in text.split("-")]
        year, month, day = parts
    else:
        uk = _UK_DATE.match(text)
        if not uk:
            return False, None
        day, month, year = (int(p) for p in uk.groups())
    try:
        return True, date(year, month, day)
    except ValueError:
        return True, None


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def birth_date_problem(
    *, as_given: str, age_band: str, age_disputed: bool, today: date
) -> str | None:
    """What is wrong with a date of birth, or None. Free text that is not written as a date is
    kept as given; a date must be real, not in the future, and agree with the age band unless
    the age is disputed (then the band records the assessed age, the date the person's own)."""
    is_date, born = date_as_given(as_given)
    if not is_date:
        return None
    if born is None:
        return "Date of birth must be a real date, like 14/03/1990"
    if born > today:
        return "Date of birth must be in the past"
    ages = AGE_BAND_RANGES.get(age_band)
    if ages is not None and not age_disputed:
        age = age_on(born, today)
        if not ages[0] <= age <= ages[1]:
            return (
                "The date of birth and the age band do not agree. Check both, or select "
                "'Age is disputed' if the person's age is in doubt"
            )
    return None


def exploitation_types_problem(types: list[str]) -> str | None:
    """'Not known yet' means no type is known: it cannot stand beside a known type."""
    if NOT_KNOWN_EXPLOITATION in types and len(types) > 1:
        return "Select 'Not known yet' on its own, or only the types of exploitation you know of"
    return None


def plan_submit_problems(*, agreed_with_person: bool, has_goals: bool) -> list[str]:
    """Why a plan cannot be sent for approval yet (empty when it can)."""
    problems = []
    if not agreed_with_person:
        problems.append("Agree the plan with the person before asking for approval")
    if not has_goals:
        problems.append("Add at least one goal, in the person's words")
    return problems


PAST_DATE_MESSAGE = "The date must be today or in the past"

# Dates of things that have happened (model name -> fields): never in the future. A review can
# still be due in the future, a goal can have a target date and a place an end date.
PAST_DATES: dict[str, tuple[str, ...]] = {
    "actiontodate": ("action_date",),
    "assessmentreview": ("reviewed_on",),
    "immediateneed": ("met_on",),
    "rightsinformation": ("given_on",),
    "explanation": ("explained_on",),
    "personaccount": ("recorded_on",),
    "workerobservation": ("observed_on",),
    "consentrecord": ("recorded_on",),
    "review": ("completed_on",),
    "supportplan": ("agreed_on",),
}


def future_date_problems(
    *, model_name: str, values: Mapping[str, object], today: date
) -> dict[str, str]:
    """The past-event dates among ``values`` that are after ``today`` (field -> message)."""
    problems = {}
    for name in PAST_DATES.get(model_name, ()):
        value = values.get(name)
        if isinstance(value, date) and value > today:
            problems[name] = PAST_DATE_MESSAGE
    return problems
