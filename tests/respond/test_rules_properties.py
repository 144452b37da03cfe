"""Property tests (hypothesis) for the decision function and the concern score."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from lantern.respond.content import content
from lantern.respond.rules import Scenario, decide, decision_as_dict, parse_scenario
from lantern.respond.vocabulary import AGES, JURISDICTIONS, ORGANISATIONS

LOADED = content()
CODES = sorted(LOADED.indicators.indicators)
SETTINGS = sorted(LOADED.indicators.settings)

scenarios = st.builds(
    Scenario,
    jurisdiction=st.sampled_from(JURISDICTIONS),
    age=st.sampled_from(AGES),
    immediate_danger=st.booleans(),
    organisation=st.sampled_from(ORGANISATIONS),
    adult_consents_to_nrm=st.sampled_from([True, False, None]),
    care_and_support_needs=st.booleans(),
    indicators=st.lists(st.sampled_from(CODES), unique=True, max_size=15).map(tuple),
    setting=st.sampled_from([None, *SETTINGS]),
    organisation_pathway=st.booleans(),
)
LEVELS = [level.level for level in LOADED.rules.levels]


@settings(max_examples=300, deadline=None)
@given(scenarios)
def test_signs_change_the_concern_never_the_steps(s: Scenario) -> None:
    bare = Scenario(**{**s.__dict__, "indicators": (), "setting": None})
    assert decide(s).actions == decide(bare).actions


@settings(max_examples=300, deadline=None)
@given(scenarios)
def test_concern_is_the_sum_of_the_weights_and_lists_every_sign(s: Scenario) -> None:
    concern = decide(s).concern
    weights = LOADED.rules.weights
    assert concern.score == sum(weights.get(c, LOADED.rules.default_weight) for c in s.indicators)
    assert {c.code for c in concern.contributing} == set(s.indicators)
    assert [c.weight for c in concern.contributing] == sorted(
        (c.weight for c in concern.contributing), reverse=True
    )
    assert "verdict" not in concern.message.lower()


@settings(max_examples=200, deadline=None)
@given(scenarios, st.sampled_from(CODES))
def test_another_sign_never_lowers_the_concern(s: Scenario, extra: str) -> None:
    more = Scenario(**{**s.__dict__, "indicators": tuple(dict.fromkeys((*s.indicators, extra)))})
    assert LEVELS.index(decide(more).concern.level) >= LEVELS.index(decide(s).concern.level)


@settings(max_examples=200, deadline=None)
@given(scenarios)
def test_json_round_trip_and_determinism(s: Scenario) -> None:
    parsed = parse_scenario(json.loads(json.dumps(s.as_dict())))
    assert parsed == s
    first = json.dumps(decision_as_dict(decide(s)), sort_keys=True)
    assert first == json.dumps(decision_as_dict(decide(parsed)), sort_keys=True)


@settings(max_examples=200, deadline=None)
@given(scenarios)
def test_contacts_are_exactly_those_the_steps_name(s: Scenario) -> None:
    out = decision_as_dict(decide(s))
    named = {c for a in out["actions"] for c in a["contacts"]}
    assert {c["code"] for c in out["contacts"]} == named
    assert all(c["tel"].startswith("tel:") for c in out["contacts"])
