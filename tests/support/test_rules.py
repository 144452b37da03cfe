"""Pure rules, tested by tables of cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from lantern.support import rules
from lantern.support.plan_text import PLAN_TEXT
from lantern.support.rules import CaseFacts, evidenced, pc_coverage, share_decision
from lantern.support.standard import PC_IDS, SECTION_PCS

EVERYTHING = CaseFacts(
    **{n: True for n in CaseFacts.names()}
    | {
        "has_outstanding_needs": False,
        "has_open_risk_not_understood": False,
        "is_closed": False,
    }
)


def test_an_empty_record_evidences_nothing() -> None:
    coverage = pc_coverage(CaseFacts())
    assert coverage.done == []
    assert coverage.missing == list(PC_IDS)
    assert len(coverage.items) == 20


def test_a_complete_record_evidences_pc1_to_pc20() -> None:
    coverage = pc_coverage(EVERYTHING)
    assert coverage.complete and coverage.done == list(PC_IDS)


@pytest.mark.parametrize(
    ("change", "lost"),
    [
        ({"has_actions": False}, {"PC1", "PC20"}),
        ({"has_outstanding_needs": True, "has_met_needs": False}, {"PC3", "PC4", "PC20"}),
        ({"has_outstanding_needs": True}, {"PC3", "PC20"}),  # some needs met: PC4 holds
        ({"has_open_risk_not_understood": True}, {"PC10", "PC20"}),
        ({"has_risks": False}, {"PC9", "PC10", "PC20"}),
        ({"plan_agreed": False}, {"PC14", "PC20"}),
        ({"has_goals": False}, {"PC14", "PC20"}),
        ({"has_services_accessed": False}, {"PC15", "PC20"}),
        ({"has_review_due": False}, {"PC19", "PC20"}),
        ({"has_review_due": False, "is_closed": True}, set()),  # closed: no next review needed
        ({"has_accepted_rights_info": False}, {"PC5", "PC20"}),
        ({"has_good_explanation": False}, {"PC6", "PC20"}),
    ],
)
def test_each_gap_shows_as_missing(change: dict[str, bool], lost: set[str]) -> None:
    marks = evidenced(replace(EVERYTHING, **change))
    assert {pc for pc, ok in marks.items() if not ok} == lost


def test_every_pc_is_evidenced_by_some_section() -> None:
    covered = {pc for pcs in SECTION_PCS.values() for pc in pcs}
    assert covered == set(PC_IDS)


CHILD_OK = {"actor_may_override": True, "override_reason": "Child at risk", "person_is_child": True}


@pytest.mark.parametrize(
    ("kwargs", "allowed", "code"),
    [
        ({"basis": "consent", "consent_in_force": True}, True, "consent"),
        ({"basis": "consent", "consent_in_force": False}, False, "no_consent"),
        (
            {"basis": "consent", "consent_in_force": False, "actor_may_override": True},
            False,
            "no_consent",
        ),
        ({"basis": "child", **CHILD_OK}, True, "override_child"),
        ({"basis": "child", **CHILD_OK, "person_is_child": False}, False, "not_a_child"),
        ({"basis": "child", **CHILD_OK, "actor_may_override": False}, False, "not_authorised"),
        ({"basis": "immediate_danger", **CHILD_OK, "override_reason": "  "}, False, "no_reason"),
        ({"basis": "immediate_danger", **CHILD_OK}, True, "override_immediate_danger"),
        (
            {"basis": "safeguarding", **CHILD_OK, "person_is_child": False},
            True,
            "override_safeguarding",
        ),
        ({"basis": "because", **CHILD_OK}, False, "unknown_basis"),
    ],
)
def test_share_decision(kwargs: dict[str, object], allowed: bool, code: str) -> None:
    args = {
        "consent_in_force": False,
        "actor_may_override": False,
        "override_reason": "",
        "person_is_child": False,
        **kwargs,
    }
    decision = share_decision(**args)  # type: ignore[arg-type]
    assert (decision.allowed, decision.code) == (allowed, code)
    if not allowed:
        assert decision.message


def test_every_translation_of_the_plan_has_the_english_keys() -> None:
    for language, strings in PLAN_TEXT.items():
        assert set(strings) == set(PLAN_TEXT["en"]), language


BIRTH_DATES = [
    # as given, age band, disputed, problem starts with (None: no problem)
    ("about 1990", "35-44", False, None),
    ("", "unknown", False, None),
    ("14/03/1990", "35-44", False, None),
    ("1990-03-14", "35-44", False, None),
    ("14/03/1990", "unknown", False, None),
    ("31/02/2030", "55+", False, "Date of birth must be a real date"),
    ("31/02/1990", "35-44", False, "Date of birth must be a real date"),
    ("01/01/2030", "unknown", False, "Date of birth must be in the past"),
    ("14/03/1990", "55+", False, "The date of birth and the age band do not agree"),
    ("14/03/2012", "18-24", False, "The date of birth and the age band do not agree"),
    ("14/03/2012", "18-24", True, None),  # disputed: the band is the assessed age
    ("15/11/2008", "18-24", False, None),  # 18 today
    ("16/11/2008", "12-17", False, None),  # 17 until tomorrow
]


@pytest.mark.parametrize(("given", "band", "disputed", "problem"), BIRTH_DATES)
def test_birth_date_problem(given: str, band: str, disputed: bool, problem: str | None) -> None:
    found = rules.birth_date_problem(
        as_given=given, age_band=band, age_disputed=disputed, today=date(2026, 11, 15)
    )
    if problem is None:
        assert found is None
    else:
        assert found is not None and found.startswith(problem)


@pytest.mark.parametrize(
    ("types", "refused"),
    [
        ([], False),
        (["unknown"], False),
        (["labour", "sexual"], False),
        (["unknown", "labour"], True),
    ],
)
def test_not_known_yet_stands_alone(types: list[str], refused: bool) -> None:
    assert (rules.exploitation_types_problem(types) is not None) is refused
