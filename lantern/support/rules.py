"""Pure rules (no ORM): which SFJBMS05 criteria a record evidences, and whether a share may go.

Both are plain functions over plain data, tested by tables of cases (tests/support/test_rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

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
