"""Every combination of jurisdiction x age x danger x organisation x consent x care needs, checked
against the invariants the facts demand (shared/domain/FACTS.md). One loop per invariant over
all 1,872 scenarios keeps this fast and reports every failing scenario at once."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from lantern.respond.content import content
from lantern.respond.rules import Decision, Scenario, decide
from lantern.respond.vocabulary import AGES, JURISDICTIONS, ORGANISATIONS

# Straight from FACTS.md ("The NRM process"), independent of the rules file on purpose.
FIRST_RESPONDERS = {
    "police",
    "local_authority",
    "nca",
    "glaa",
    "home_office",
    "ngo_first_responder",
}
S52_AUTHORITIES = {"police", "local_authority", "nca", "glaa", "home_office"}
FACTS_PHONE_NUMBERS = {"999", "08000 121 700", "0800 808 3733", "0800 043 4303"}

SCENARIOS = [
    Scenario(j, a, d, o, c, n, organisation_pathway=p)
    for j, a, d, o, c, n, p in itertools.product(
        JURISDICTIONS,
        AGES,
        (True, False),
        ORGANISATIONS,
        (True, False, None),
        (True, False),
        (False, True),
    )
]
DECISIONS = [(s, decide(s)) for s in SCENARIOS]


def is_fro(s: Scenario) -> bool:
    return s.organisation in FIRST_RESPONDERS or (
        s.organisation == "hsc_trust" and s.jurisdiction == "northern_ireland"
    )


def is_child(s: Scenario) -> bool:
    return s.age in {"child", "unknown"}


def codes(d: Decision) -> list[str]:
    return d.action_codes()


def when(d: Decision, code: str) -> str:
    return next(a.when for a in d.actions if a.code == code)


Invariant = Callable[[Scenario, Decision], bool]


def check(invariant: Invariant) -> None:
    failures = [(s, codes(d)) for s, d in DECISIONS if not invariant(s, d)]
    assert not failures, f"{len(failures)} scenarios fail, e.g. {failures[:3]}"


def test_the_table_covers_every_combination() -> None:
    assert len(SCENARIOS) == 4 * 3 * 2 * 13 * 3 * 2 * 2 == 3744


def test_danger_first_and_only_when_there_is_danger() -> None:
    check(lambda s, d: (codes(d)[:1] == ["call_999"]) == s.immediate_danger)
    check(lambda s, d: codes(d).count("call_999") == (1 if s.immediate_danger else 0))


def test_a_child_or_unknown_age_gets_child_safeguarding_first_after_999() -> None:
    def inv(s: Scenario, d: Decision) -> bool:
        rest = [c for c in codes(d) if c != "call_999"]
        return (rest[:1] == ["child_safeguarding_referral"]) == is_child(s)

    check(inv)


def test_a_child_needs_no_consent_and_is_never_notified() -> None:
    adult_only = {
        "seek_informed_consent",
        "duty_to_notify",
        "check_notification_duty",
        "respect_their_decision",
        "adult_safeguarding_referral",
    }
    check(lambda s, d: not is_child(s) or not adult_only & set(codes(d)))
    # What the API and CLI report, not only the steps: s52 is about adults (FACTS.md).
    check(lambda s, d: not is_child(s) or d.facts["dtn_duty"] is False)
    check(
        lambda s, d: (
            d.facts["dtn_duty"]
            == (
                not is_child(s)
                and s.organisation in S52_AUTHORITIES
                and s.jurisdiction in {"england", "wales"}
            )
        )
    )
    check(lambda s, d: d.facts["treated_as"] == ("child" if is_child(s) else "adult"))


def test_first_responders_refer_children_into_the_nrm() -> None:
    check(
        lambda s, d: (
            not (is_child(s) and is_fro(s))
            or ("nrm_referral" in codes(d) and when(d, "nrm_referral") == "now")
        )
    )


def test_first_responder_status_follows_the_facts() -> None:
    check(lambda s, d: d.facts["first_responder"] == is_fro(s))


def test_adults_consenting_to_a_first_responder_are_referred() -> None:
    def inv(s: Scenario, d: Decision) -> bool:
        if is_child(s) or not is_fro(s) or s.adult_consents_to_nrm is not True:
            return True
        c = codes(d)
        return (
            "nrm_referral" in c
            and when(d, "nrm_referral") == "now"
            and "seek_informed_consent" not in c
            and "duty_to_notify" not in c
        )

    check(inv)


def test_adults_who_decline_are_never_referred_and_notified_only_under_s52() -> None:
    def inv(s: Scenario, d: Decision) -> bool:
        if is_child(s) or not is_fro(s) or s.adult_consents_to_nrm is not False:
            return True
        c = codes(d)
        s52 = s.organisation in S52_AUTHORITIES and s.jurisdiction in {"england", "wales"}
        return (
            "nrm_referral" not in c
            and ("duty_to_notify" in c) == s52
            and "respect_their_decision" in c
        )

    check(inv)


def test_adults_not_yet_asked_are_asked_first_and_told_both_paths() -> None:
    def inv(s: Scenario, d: Decision) -> bool:
        if is_child(s) or not is_fro(s) or s.adult_consents_to_nrm is not None:
            return True
        c = codes(d)
        s52 = s.organisation in S52_AUTHORITIES and s.jurisdiction in {"england", "wales"}
        ok = (
            "seek_informed_consent" in c
            and c.index("seek_informed_consent") < c.index("nrm_referral")
            and when(d, "nrm_referral") == "if_they_agree"
            and ("duty_to_notify" in c) == s52
        )
        if s52:
            ok = ok and when(d, "duty_to_notify") == "if_they_decline"
        return ok

    check(inv)


def test_duty_to_notify_only_in_england_and_wales_by_s52_authorities() -> None:
    check(
        lambda s, d: (
            "duty_to_notify" not in codes(d)
            or (
                s.jurisdiction in {"england", "wales"}
                and s.organisation in S52_AUTHORITIES
                and s.age == "adult"
            )
        )
    )


def test_scotland_and_northern_ireland_notification_is_stated_as_uncertain() -> None:
    def inv(s: Scenario, d: Decision) -> bool:
        if s.jurisdiction not in {"scotland", "northern_ireland"}:
            return "check_notification_duty" not in codes(d)
        applies = (
            s.age == "adult"
            and is_fro(s)
            and s.organisation != "ngo_first_responder"
            and s.adult_consents_to_nrm is not True
        )
        if not applies:
            return "check_notification_duty" not in codes(d)
        step = next((a for a in d.actions if a.code == "check_notification_duty"), None)
        return step is not None and step.uncertain and "to be confirmed" in step.reason.lower()

    check(inv)


def test_organisations_that_are_not_first_responders_route_through_one() -> None:
    def inv(s: Scenario, d: Decision) -> bool:
        c = codes(d)
        if is_fro(s):
            return "refer_to_first_responder" not in c
        return (
            "refer_to_first_responder" in c
            and "contact_helpline" in c
            and not {"nrm_referral", "duty_to_notify", "seek_informed_consent"} & set(c)
        )

    check(inv)


def test_everyone_gets_a_number_to_call_for_advice_after_999() -> None:
    """A first responder's officer may not know their organisation's contact (signed out, the
    result cannot show it): the helpline is offered to every scenario, with its number, after
    999 and right after the internal route, with FACTS.md's check-before-use note."""

    def inv(s: Scenario, d: Decision) -> bool:
        c = codes(d)
        if "contact_helpline" not in c:
            return False
        step = next(a for a in d.actions if a.code == "contact_helpline")
        ok = step.contacts == ("helpline",) and step.check_current_guidance
        ok = ok and (not s.immediate_danger or c.index("call_999") < c.index("contact_helpline"))
        if is_fro(s):
            ok = ok and c.index("contact_helpline") == c.index("follow_internal_pathway") + 1
            ok = ok and step.when == "now"
            ok = ok and "call 999 first" in step.reason
            if s.organisation_pathway:
                # Their organisation's contact is on the page: the helpline is its fallback.
                ok = ok and step.fallback
                ok = ok and "cannot reach your organisation's contact" in step.reason
            else:
                ok = ok and not step.fallback
                ok = ok and "do not know your organisation's contact" in step.reason
        else:
            ok = ok and not step.fallback
        return ok

    check(inv)


def test_an_organisation_s_pathway_changes_only_how_the_helpline_is_offered() -> None:
    """With their organisation's own pathway shown, a first responder is led by it: the helpline
    is the fallback inside that step. Nothing else changes, for anyone."""
    by_scenario = {s: d for s, d in DECISIONS}

    def inv(s: Scenario, d: Decision) -> bool:
        without = by_scenario[Scenario(**{**s.__dict__, "organisation_pathway": False})]
        if codes(d) != codes(without):
            return False
        changed = [a.code for a, b in zip(d.actions, without.actions, strict=True) if a != b]
        return changed == (["contact_helpline"] if is_fro(s) and s.organisation_pathway else [])

    check(inv)


def test_health_notifies_as_good_practice_not_as_a_duty() -> None:
    def inv(s: Scenario, d: Decision) -> bool:
        if s.organisation != "health" or is_child(s):
            return True
        step = next(a for a in d.actions if a.code == "refer_to_first_responder")
        if s.jurisdiction in ("england", "wales"):
            return "In England and Wales" in step.reason and "not a legal duty" in step.reason
        # FACTS.md states the NHS's voluntary notification only for England and Wales (s52).
        return "notify" not in step.reason and "good practice" not in step.reason

    check(inv)


def test_the_duty_to_notify_step_names_the_s52_authorities() -> None:
    def inv(s: Scenario, d: Decision) -> bool:
        step = next((a for a in d.actions if a.code == "duty_to_notify"), None)
        if step is None:
            return True
        named = ("police", "National Crime Agency", "local authorities", "GLAA", "Home Office")
        return "England and Wales" in step.reason and all(n in step.reason for n in named)

    check(inv)


def test_a_child_step_for_someone_who_cannot_refer_is_true_for_the_public() -> None:
    def inv(s: Scenario, d: Decision) -> bool:
        step = next((a for a in d.actions if a.code == "refer_to_first_responder"), None)
        if step is None or not is_child(s):
            return True
        return "Your organisation" not in step.reason and "cannot make one" in step.reason

    check(inv)


def test_local_authority_officers_use_their_councils_route() -> None:
    def inv(s: Scenario, d: Decision) -> bool:
        if s.organisation != "local_authority":
            return "council's internal route" not in " ".join(a.reason for a in d.actions)
        step = next(a for a in d.actions if a.code == "follow_internal_pathway")
        return "council's internal route" in step.reason

    check(inv)
    check(lambda s, d: ("follow_internal_pathway" in codes(d)) == (s.organisation != "public"))


def test_adult_safeguarding_exactly_when_an_adult_has_care_needs() -> None:
    check(
        lambda s, d: (
            ("adult_safeguarding_referral" in codes(d))
            == (s.age == "adult" and s.care_and_support_needs)
        )
    )


def test_every_step_has_a_reason_and_a_source_and_appears_once() -> None:
    # Each source names a public document (FACTS.md names it), never FACTS.md itself.
    check(lambda s, d: all(a.reason and a.source and "FACTS" not in a.source for a in d.actions))
    check(lambda s, d: len(codes(d)) == len(set(codes(d))))


def test_rules_for_the_same_action_never_overlap() -> None:
    rules = {r.id: r.action for r in content().rules.rules}
    check(
        lambda s, d: (
            len([rules[r] for r in d.rules_matched]) == len({rules[r] for r in d.rules_matched})
        )
    )


def test_every_rule_is_used_by_some_scenario() -> None:
    used = {r for _, d in DECISIONS for r in d.rules_matched}
    assert {r.id for r in content().rules.rules} == used


def test_only_phone_numbers_from_the_facts() -> None:
    numbers = {c.phone for c in content().rules.contacts.values()}
    assert numbers <= FACTS_PHONE_NUMBERS
    assert content().rules.contacts["helpline"].phone == "08000 121 700"
    assert content().rules.contacts["helpline"].tel == "tel:08000121700"


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        # The PRODUCT.md journey: an EHO at an HMO, adult not yet asked.
        (
            Scenario("england", "adult", False, "local_authority", None, False),
            [
                "follow_internal_pathway",
                "contact_helpline",
                "seek_informed_consent",
                "nrm_referral",
                "duty_to_notify",
                "respect_their_decision",
            ],
        ),
        (
            Scenario("wales", "unknown", True, "health", None, True),
            [
                "call_999",
                "child_safeguarding_referral",
                "follow_internal_pathway",
                "refer_to_first_responder",
                "contact_helpline",
            ],
        ),
        (
            Scenario("northern_ireland", "adult", False, "hsc_trust", True, True),
            [
                "follow_internal_pathway",
                "contact_helpline",
                "adult_safeguarding_referral",
                "nrm_referral",
            ],
        ),
        (
            Scenario("scotland", "adult", False, "public", False, False),
            ["refer_to_first_responder", "contact_helpline"],
        ),
    ],
)
def test_worked_examples(scenario: Scenario, expected: list[str]) -> None:
    assert decide(scenario).action_codes() == expected
