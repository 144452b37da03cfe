"""The question flow: which pages apply, in what order, and the signed token that carries the
answers between pages. Nothing is stored on the server: the answers (which say nothing about who
the person is) travel in the URL, signed so they cannot be tampered with.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core import signing

from lantern.respond.content import RespondContent
from lantern.respond.rules import Scenario, derive_facts

SALT = "lantern.respond.answers"
MAX_AGE_SECONDS = 24 * 3600
STEPS: tuple[str, ...] = (
    "danger",
    "where",
    "setting",
    "signs",
    "age",
    "organisation",
    "care",
    "consent",
)
# The answer key each step sets (its presence means the step has been answered).
ANSWER_KEY: dict[str, str] = {
    "danger": "danger",
    "where": "jurisdiction",
    "setting": "setting",
    "signs": "indicators",
    "age": "age",
    "organisation": "organisation",
    "care": "care",
    "consent": "consent",
}


# Answers to "Might the adult have care and support needs?" that lead to an adult safeguarding
# referral: not sure counts as yes, the safer step. True is how tokens made before 2026-12 said
# yes or not sure.
CARE_NEEDED = (True, "yes", "not_sure")


# The answers Lantern knows from a signed-in user's organisation (its type and nation) go into the
# token as answers, and their keys under PREFILLED: those question pages are skipped, and the check
# page shows them with a Change link. Answering one on its own page takes it off the list.
PREFILLED = "prefilled"


def prefilled_answers(prefill: Mapping[str, str]) -> dict[str, Any]:
    """The starting answers for what Lantern already knows (empty for a visitor)."""
    if not prefill:
        return {}
    return {**prefill, PREFILLED: sorted(prefill)}


def is_prefilled(step: str, answers: Mapping[str, Any]) -> bool:
    """True when the step's answer came from the user's organisation, not from its page."""
    key = ANSWER_KEY[step]
    return key in answers and key in answers.get(PREFILLED, ())


def answered(answers: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """``answers`` with ``new`` given on a question page: no longer pre-filled."""
    merged = {**answers, **new}
    if PREFILLED in merged:
        merged[PREFILLED] = [k for k in merged[PREFILLED] if k not in new]
    return merged


def dumps(answers: Mapping[str, Any]) -> str:
    return signing.dumps(dict(answers), salt=SALT, compress=True)


def loads(token: str | None) -> dict[str, Any]:
    """The answers in ``token``; empty when there is none or it was altered or is too old."""
    if not token:
        return {}
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return {}
    return data if isinstance(data, dict) else {}


def applies(step: str, answers: Mapping[str, Any], data: RespondContent) -> bool:
    """Care needs and consent are asked only about adults; consent only of first responders."""
    if step == "care":
        return answers.get("age") == "adult"
    if step == "consent":
        if answers.get("age") != "adult" or "organisation" not in answers:
            return False
        jurisdiction = answers.get("jurisdiction", "england")
        return answers["organisation"] in data.rules.first_responders[jurisdiction]
    return True


def steps_for(answers: Mapping[str, Any], data: RespondContent) -> list[str]:
    return [s for s in STEPS if applies(s, answers, data)]


def next_step(answers: Mapping[str, Any], data: RespondContent) -> str | None:
    """The first page still to answer, or None when the answers are complete."""
    for step in steps_for(answers, data):
        if ANSWER_KEY[step] not in answers:
            return step
    return None


def previous_step(step: str, answers: Mapping[str, Any], data: RespondContent) -> str | None:
    """The page before ``step`` that the user was shown (pre-filled pages were skipped)."""
    steps = steps_for(answers, data)
    if step not in steps:
        return None
    shown = [s for s in steps[: steps.index(step)] if not is_prefilled(s, answers)]
    return shown[-1] if shown else None


def last_shown_step(answers: Mapping[str, Any], data: RespondContent) -> str | None:
    """The last question page shown: where Back on the check page goes."""
    shown = [s for s in steps_for(answers, data) if not is_prefilled(s, answers)]
    return shown[-1] if shown else None


def to_scenario(
    answers: Mapping[str, Any], data: RespondContent, *, organisation_pathway: bool = False
) -> Scenario:
    """The scenario for complete answers. Steps that did not apply take their neutral value.
    ``organisation_pathway``: the user is shown their organisation's own referral pathway."""
    consent = answers.get("consent", "not_asked")
    return Scenario(
        jurisdiction=answers["jurisdiction"],
        age=answers["age"],
        immediate_danger=bool(answers["danger"]),
        organisation=answers["organisation"],
        adult_consents_to_nrm={"given": True, "declined": False}.get(consent),
        care_and_support_needs=answers.get("care") in CARE_NEEDED and answers["age"] == "adult",
        indicators=tuple(
            c for c in answers.get("indicators", []) if c in data.indicators.indicators
        ),
        setting=answers.get("setting"),
        organisation_pathway=organisation_pathway,
    )


def is_first_responder(answers: Mapping[str, Any], data: RespondContent) -> bool:
    return bool(derive_facts(to_scenario(answers, data), data.rules)["first_responder"])
