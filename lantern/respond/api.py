"""JSON API for the decision engine: POST /api/v1/respond/decisions (no auth, no personal data).

The request schema is the scenario of the CLI; indicator and setting codes come from content, so
they are checked against it after the schema (a 422 naming the field, like any schema error).
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import ValidationError
from pydantic import ConfigDict, StrictBool

from lantern.respond.content import content
from lantern.respond.rules import (
    MAX_INDICATORS,
    InvalidScenario,
    decide,
    decision_as_dict,
    parse_scenario,
)
from lantern.respond.throttle import FixedWindowThrottle

Jurisdiction = Literal["england", "wales", "scotland", "northern_ireland"]
Age = Literal["adult", "child", "unknown"]
Organisation = Literal[
    "police",
    "local_authority",
    "nca",
    "glaa",
    "home_office",
    "hsc_trust",
    "ngo_first_responder",
    "ngo",
    "health",
    "business",
    "education",
    "other",
    "public",
]
Timing = Literal["now", "if_they_agree", "if_they_decline"]

router = Router()


class ScenarioIn(Schema):
    """What the worker knows. Nothing that identifies anyone."""

    model_config = ConfigDict(extra="forbid")

    jurisdiction: Jurisdiction = Field(description="Where in the UK the person is.")
    age: Age = Field(description="unknown (or disputed) is treated as a child.")
    immediate_danger: StrictBool
    organisation: Organisation = Field(
        description="The worker's organisation type, or public for a member of the public."
    )
    adult_consents_to_nrm: StrictBool | None = Field(
        description="Has the adult given informed consent to an NRM referral? null: not yet asked."
    )
    care_and_support_needs: StrictBool
    indicators: list[str] = Field(
        default_factory=list,
        max_length=MAX_INDICATORS,
        description="Indicator codes (GET /api/v1/respond/indicators).",
    )
    setting: str | None = Field(default=None, description="Setting code, or null.")
    organisation_pathway: StrictBool = Field(
        default=False,
        description="The worker's organisation has its own referral pathway and they know it: "
        "the helpline is then offered only as a fallback after it.",
    )


class ActionOut(Schema):
    code: str
    title: str
    when: Timing
    reason: str
    source: str
    contacts: list[str]
    check_current_guidance: bool
    uncertain: bool
    fallback: bool = Field(
        description="Offered only if the step before it cannot be followed (its contact "
        "cannot be reached), not as a step of its own."
    )


class ContactOut(Schema):
    code: str
    name: str
    phone: str
    tel: str
    hours: str
    source: str
    reviewed: str
    check_current_guidance: bool


class ContributionOut(Schema):
    code: str
    text: str
    weight: int


class ConcernOut(Schema):
    level: str
    title: str
    message: str
    score: int
    contributing: list[ContributionOut]
    types: dict[str, int]


class DecisionOut(Schema):
    rules_version: str
    reviewed: str
    treated_as: Literal["adult", "child"]
    first_responder: bool
    duty_to_notify_applies: bool
    actions: list[ActionOut]
    contacts: list[ContactOut]
    concern: ConcernOut


class IndicatorOut(Schema):
    code: str
    text: str
    types: list[str]
    settings: list[str]
    source: str
    reviewed: str


class IndicatorGroupOut(Schema):
    code: str
    title: str
    indicators: list[IndicatorOut]


class SettingOut(Schema):
    code: str
    label: str


class IndicatorLibraryOut(Schema):
    settings: list[SettingOut]
    groups: list[IndicatorGroupOut]


@router.post(
    "/decisions",
    response=DecisionOut,
    auth=None,
    throttle=[FixedWindowThrottle()],
    url_name="respond_decide",
    summary="Next steps for a scenario",
)
def respond_decide(request: HttpRequest, scenario: ScenarioIn) -> dict[str, Any]:
    """The ordered next steps, with reasons and sources, for one scenario.

    A prompt to act, never a verdict. Rate-limited per client address.
    """
    loaded = content()
    try:
        parsed = parse_scenario(scenario.model_dump(), loaded.indicators)
    except InvalidScenario as exc:
        raise ValidationError(
            [{"type": "value_error", "loc": ["body", "scenario", exc.field], "msg": exc.message}]
        ) from exc
    return decision_as_dict(decide(parsed, loaded), loaded)


@router.get(
    "/indicators",
    response=IndicatorLibraryOut,
    auth=None,
    url_name="respond_indicators",
    summary="The indicator library and settings",
)
def respond_indicators(request: HttpRequest) -> dict[str, Any]:
    library = content().indicators
    return {
        "settings": [{"code": s.code, "label": s.label} for s in library.settings.values()],
        "groups": [
            {
                "code": g.code,
                "title": g.title,
                "indicators": [
                    {
                        "code": i.code,
                        "text": i.text,
                        "types": list(i.types),
                        "settings": list(i.settings),
                        "source": i.source,
                        "reviewed": i.reviewed.isoformat(),
                    }
                    for i in g.indicators
                ],
            }
            for g in library.groups
        ],
    }
