"""The decision function: a scenario in, ordered next steps out. Pure: no ORM, no I/O.

The rules themselves are data (content/rules/respond-<version>.yaml, loaded and validated by
lantern.respond.content). This module only derives the facts the rules test, evaluates the rules
in order and works out the concern level from the indicator weights. The CLI (`bin/lantern
decide`), the JSON API and the web flow all call ``decide``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lantern.respond.content import IndicatorLibrary, RespondContent, RuleSet, content
from lantern.respond.vocabulary import AGES, JURISDICTIONS, ORGANISATIONS

SCENARIO_FIELDS: tuple[str, ...] = (
    "jurisdiction",
    "age",
    "immediate_danger",
    "organisation",
    "adult_consents_to_nrm",
    "care_and_support_needs",
    "indicators",
    "setting",
    "organisation_pathway",
)
REQUIRED_FIELDS: tuple[str, ...] = SCENARIO_FIELDS[:6]
MAX_INDICATORS = 200


class InvalidScenario(ValueError):
    """Input that is not a valid scenario. ``field`` names the field; the message lists what is
    allowed."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class Scenario:
    jurisdiction: str
    age: str
    immediate_danger: bool
    organisation: str
    adult_consents_to_nrm: bool | None
    care_and_support_needs: bool
    indicators: tuple[str, ...] = ()
    setting: str | None = None
    # The worker is shown their organisation's own referral pathway (signed in, and it has one).
    organisation_pathway: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction,
            "age": self.age,
            "immediate_danger": self.immediate_danger,
            "organisation": self.organisation,
            "adult_consents_to_nrm": self.adult_consents_to_nrm,
            "care_and_support_needs": self.care_and_support_needs,
            "indicators": list(self.indicators),
            "setting": self.setting,
            "organisation_pathway": self.organisation_pathway,
        }


def _required(data: Mapping[str, Any], name: str) -> Any:
    if name not in data:
        raise InvalidScenario(name, "is required")
    return data[name]


def _choice(data: Mapping[str, Any], name: str, allowed: tuple[str, ...]) -> str:
    value = _required(data, name)
    if not isinstance(value, str) or value not in allowed:
        raise InvalidScenario(name, f"got {value!r}; allowed: {', '.join(allowed)}")
    return value


def _bool(data: Mapping[str, Any], name: str) -> bool:
    value = _required(data, name)
    if not isinstance(value, bool):
        raise InvalidScenario(name, f"got {value!r}; allowed: true, false")
    return value


def _consent(data: Mapping[str, Any], name: str) -> bool | None:
    value = _required(data, name)
    if value is not None and not isinstance(value, bool):
        raise InvalidScenario(name, f"got {value!r}; allowed: true, false, null (not yet asked)")
    return value


def _indicators(data: Mapping[str, Any], library: IndicatorLibrary) -> tuple[str, ...]:
    codes = data.get("indicators") or []
    if not isinstance(codes, list) or not all(isinstance(i, str) for i in codes):
        raise InvalidScenario("indicators", "must be a list of indicator codes")
    if len(codes) > MAX_INDICATORS:
        raise InvalidScenario("indicators", f"at most {MAX_INDICATORS} codes")
    for code in codes:
        if code not in library.indicators:
            raise InvalidScenario(
                "indicators", f"unknown code {code!r}; allowed: {', '.join(library.indicators)}"
            )
    return tuple(dict.fromkeys(codes))


def _setting(data: Mapping[str, Any], library: IndicatorLibrary) -> str | None:
    setting = data.get("setting")
    if setting is not None and setting not in library.settings:
        raise InvalidScenario(
            "setting", f"got {setting!r}; allowed: {', '.join(library.settings)}, null"
        )
    return setting


def parse_scenario(data: Any, library: IndicatorLibrary | None = None) -> Scenario:
    """Validate one scenario object (decoded JSON). Raises InvalidScenario naming the field.

    Fields are checked in the documented order (keyword arguments evaluate left to right), so
    the problem reported is the first one.
    """
    library = library or content().indicators
    if not isinstance(data, Mapping):
        raise InvalidScenario("(scenario)", "must be a JSON object")
    unknown = [k for k in data if k not in SCENARIO_FIELDS]
    if unknown:
        raise InvalidScenario(
            str(unknown[0]), f"unknown field; allowed: {', '.join(SCENARIO_FIELDS)}"
        )
    return Scenario(
        jurisdiction=_choice(data, "jurisdiction", JURISDICTIONS),
        age=_choice(data, "age", AGES),
        immediate_danger=_bool(data, "immediate_danger"),
        organisation=_choice(data, "organisation", ORGANISATIONS),
        adult_consents_to_nrm=_consent(data, "adult_consents_to_nrm"),
        care_and_support_needs=_bool(data, "care_and_support_needs"),
        indicators=_indicators(data, library),
        setting=_setting(data, library),
        organisation_pathway=_bool(data, "organisation_pathway")
        if "organisation_pathway" in data
        else False,
    )


@dataclass(frozen=True)
class Step:
    code: str
    title: str
    when: str
    reason: str
    source: str
    contacts: tuple[str, ...]
    check_current_guidance: bool
    uncertain: bool
    rule: str
    # Offered only if the step before it cannot be followed (its contact cannot be reached).
    fallback: bool = False


@dataclass(frozen=True)
class Contribution:
    code: str
    text: str
    weight: int
    types: tuple[str, ...]


@dataclass(frozen=True)
class Concern:
    level: str
    title: str
    message: str
    score: int
    contributing: tuple[Contribution, ...]
    types: Mapping[str, int]


@dataclass(frozen=True)
class Decision:
    rules_version: str
    reviewed: str
    facts: Mapping[str, Any]
    actions: tuple[Step, ...]
    concern: Concern
    rules_matched: tuple[str, ...] = field(default=())

    def action_codes(self) -> list[str]:
        return [a.code for a in self.actions]


def derive_facts(scenario: Scenario, rules: RuleSet) -> dict[str, Any]:
    """The facts the rules test. Age unknown or disputed is treated as a child."""
    org = scenario.organisation
    first_responder = org in rules.first_responders[scenario.jurisdiction]
    consent = {True: "given", False: "declined", None: "not_asked"}[scenario.adult_consents_to_nrm]
    return {
        "jurisdiction": scenario.jurisdiction,
        "age": scenario.age,
        "treated_as": "adult" if scenario.age == "adult" else "child",
        "immediate_danger": scenario.immediate_danger,
        "organisation": org,
        "first_responder": first_responder,
        "public_authority": first_responder and org in rules.public_authorities,
        # s52 applies to potential adult victims only: a child (and anyone whose age is unknown
        # or disputed, treated as a child) is never notified this way but referred (FACTS.md).
        "dtn_duty": (
            scenario.age == "adult"
            and first_responder
            and org in rules.dtn_organisations
            and scenario.jurisdiction in rules.dtn_jurisdictions
        ),
        "consent": consent,
        "care_and_support_needs": scenario.care_and_support_needs,
        "organisation_pathway": scenario.organisation_pathway,
    }


def concern_for(indicators: tuple[str, ...], data: RespondContent) -> Concern:
    rules, library = data.rules, data.indicators
    contributing = sorted(
        (
            Contribution(
                code,
                library.indicators[code].text,
                rules.weights.get(code, rules.default_weight),
                library.indicators[code].types,
            )
            for code in indicators
        ),
        key=lambda c: -c.weight,
    )
    score = sum(c.weight for c in contributing)
    level = [lv for lv in rules.levels if lv.min_score <= score][-1]
    types: dict[str, int] = {}
    for c in contributing:
        for t in c.types:
            types[t] = types.get(t, 0) + 1
    return Concern(level.level, level.title, level.message, score, tuple(contributing), types)


def decide(scenario: Scenario, data: RespondContent | None = None) -> Decision:
    data = data or content()
    rules = data.rules
    facts = derive_facts(scenario, rules)
    steps: list[Step] = []
    seen: set[str] = set()
    matched: list[str] = []
    for rule in rules.rules:
        if not rule.matches(facts):
            continue
        matched.append(rule.id)
        if rule.action in seen:
            continue  # rules for one action must not overlap; the tests prove they do not
        seen.add(rule.action)
        when = rule.if_not_asked if facts["consent"] == "not_asked" else "now"
        steps.append(
            Step(
                code=rule.action,
                title=rules.action_titles[rule.action],
                when=when,
                reason=rule.reason,
                source=rule.source,
                contacts=rule.contacts,
                check_current_guidance=rule.check_current_guidance,
                uncertain=rule.uncertain,
                rule=rule.id,
                fallback=rule.fallback,
            )
        )
    return Decision(
        rules_version=rules.version,
        reviewed=rules.reviewed.isoformat(),
        facts=facts,
        actions=tuple(steps),
        concern=concern_for(scenario.indicators, data),
        rules_matched=tuple(matched),
    )


def decision_as_dict(decision: Decision, data: RespondContent | None = None) -> dict[str, Any]:
    """The JSON shape shared by the CLI and the API."""
    data = data or content()
    contact_codes = list(dict.fromkeys(c for a in decision.actions for c in a.contacts))
    contacts = [data.rules.contacts[c] for c in contact_codes]
    return {
        "rules_version": decision.rules_version,
        "reviewed": decision.reviewed,
        "treated_as": decision.facts["treated_as"],
        "first_responder": decision.facts["first_responder"],
        "duty_to_notify_applies": decision.facts["dtn_duty"],
        "actions": [
            {
                "code": a.code,
                "title": a.title,
                "when": a.when,
                "reason": a.reason,
                "source": a.source,
                "contacts": list(a.contacts),
                "check_current_guidance": a.check_current_guidance,
                "uncertain": a.uncertain,
                "fallback": a.fallback,
            }
            for a in decision.actions
        ],
        "contacts": [
            {
                "code": c.code,
                "name": c.name,
                "phone": c.phone,
                "tel": c.tel,
                "hours": c.hours,
                "source": c.source,
                "reviewed": c.reviewed.isoformat(),
                "check_current_guidance": c.check_current_guidance,
            }
            for c in contacts
        ],
        "concern": {
            "level": decision.concern.level,
            "title": decision.concern.title,
            "message": decision.concern.message,
            "score": decision.concern.score,
            "contributing": [
                {"code": c.code, "text": c.text, "weight": c.weight}
                for c in decision.concern.contributing
            ],
            "types": dict(decision.concern.types),
        },
    }
