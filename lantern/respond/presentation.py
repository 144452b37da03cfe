"""Turning answers, decisions and drafts into what the templates show. Pure: no ORM."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from lantern.respond.content import RespondContent
from lantern.respond.draft_forms import (
    AGE_BANDS,
    EXPLOITATION_CHOICES,
    GENDER_CHOICES,
    POLICE_TOLD_CHOICES,
)
from lantern.respond.flow import is_prefilled, steps_for
from lantern.respond.forms import ORGANISATION_CHOICES, STEP_FORMS
from lantern.respond.rules import Decision

JURISDICTION_NAMES = {
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern_ireland": "Northern Ireland",
}
AGE_NAMES = {"adult": "18 or over", "child": "Under 18", "unknown": "Not known or disputed"}
CONSENT_NAMES = {
    "given": "Yes, they gave informed consent",
    "declined": "No, they said no",
    "not_asked": "Not asked yet",
}
WHEN_NAMES = {"now": "", "if_they_agree": "If they agree", "if_they_decline": "If they say no"}
TYPE_NAMES = dict(EXPLOITATION_CHOICES)


def answer_rows(
    answers: Mapping[str, Any], data: RespondContent, change_url: Callable[[str], str]
) -> list[dict[str, Any]]:
    library = data.indicators
    values: dict[str, Any] = {
        "danger": "Yes" if answers.get("danger") else "No",
        "where": JURISDICTION_NAMES.get(answers.get("jurisdiction", ""), ""),
        "setting": library.settings[answers["setting"]].label if answers.get("setting") else "",
        "signs": [library.indicators[c].text for c in answers.get("indicators", [])]
        or "None selected",
        "age": AGE_NAMES.get(answers.get("age", ""), ""),
        "organisation": dict(ORGANISATION_CHOICES).get(answers.get("organisation", ""), ""),
        "care": {
            "yes": "Yes",
            "no": "No",
            "not_sure": "I'm not sure (treated as yes)",
            True: "Yes, or not sure",
        }.get(answers.get("care"), "No"),
        "consent": CONSENT_NAMES.get(answers.get("consent", ""), ""),
    }
    return [
        {
            "step": step,
            "question": STEP_FORMS[step].heading,
            "value": values[step],
            "is_list": isinstance(values[step], list),
            "change_url": change_url(step),
            "prefilled": is_prefilled(step, answers),
        }
        for step in steps_for(answers, data)
    ]


def result_context(
    decision: Decision, answers: Mapping[str, Any], data: RespondContent
) -> dict[str, Any]:
    contacts = data.rules.contacts
    steps: list[dict[str, Any]] = []
    for a in decision.actions:
        step = {
            "code": a.code,
            "title": a.title,
            "when": WHEN_NAMES[a.when],
            "reason": a.reason,
            "source": a.source,
            "source_parts": data.rules.source_parts(a.source),
            "check_current_guidance": a.check_current_guidance,
            "uncertain": a.uncertain,
            "contacts": [contacts[c] for c in a.contacts],
            "fallbacks": [],
        }
        # A fallback (the helpline, when the organisation's own contact is shown) belongs to
        # the step before it: shown inside it, not numbered as a step of its own.
        if a.fallback and steps:
            steps[-1]["fallbacks"].append(step)
        else:
            steps.append(step)
    setting = data.indicators.settings.get(answers.get("setting") or "")
    codes = decision.action_codes()
    return {
        "decision": decision,
        "steps": steps,
        "concern": decision.concern,
        "concern_types": [
            (TYPE_NAMES.get(t, t), n)
            for t, n in sorted(decision.concern.types.items(), key=lambda kv: -kv[1])
        ],
        "levels": data.rules.levels,
        "say": data.rules.say,
        "avoid": data.rules.avoid,
        "setting": setting,
        "jurisdiction": JURISDICTION_NAMES[decision.facts["jurisdiction"]],
        "draft_kinds": [
            (kind, label)
            for kind, action, label in (
                ("nrm", "nrm_referral", "Start an NRM referral draft"),
                ("dtn", "duty_to_notify", "Start a Duty to Notify draft (no identifiers)"),
            )
            if action in codes
        ],
        "reviewed": long_date(decision.reviewed),
    }


def long_date(iso: str) -> str:
    """A date as GOV.UK writes it, "27 November 2026" (an ISO date in, as drafts store it)."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


def _choice(choices: list[tuple[str, str]], value: Any) -> str:
    return dict(choices).get(value or "", "Not recorded") if value else "Not recorded"


def draft_rows(kind: str, fields: Mapping[str, Any], data: RespondContent) -> list[tuple[str, str]]:
    library = data.indicators
    signs = "\n".join(
        library.indicators[c].text for c in fields.get("indicators", []) if c in library.indicators
    )
    types = ", ".join(TYPE_NAMES.get(t, t) for t in fields.get("exploitation_types", []))
    common_tail = [
        ("Type of exploitation", types or "Not recorded"),
        ("Signs noticed", signs or "None recorded"),
        ("First responder organisation", str(fields.get("first_responder", ""))),
        ("Were the police told?", _choice(POLICE_TOLD_CHOICES, fields.get("police_told"))),
    ]
    if kind == "dtn":
        return [
            ("Gender", _choice(GENDER_CHOICES, fields.get("gender"))),
            ("Age band", _choice(AGE_BANDS, fields.get("age_band"))),
            ("Nationality", fields.get("nationality") or "Not recorded"),
            ("Where", fields.get("where") or "Not recorded"),
            ("When", fields.get("when") or "Not recorded"),
            *common_tail,
        ]

    def yes_no(key: str) -> str:
        return "Yes" if fields.get(key) else "No"

    return [
        ("Name or initials they use", fields.get("known_as") or "Not recorded"),
        ("Age or age range", fields.get("age") or "Not recorded"),
        ("Gender", _choice(GENDER_CHOICES, fields.get("gender"))),
        ("Nationality", fields.get("nationality") or "Not recorded"),
        ("Languages", fields.get("languages") or "Not recorded"),
        ("Needs an interpreter", yes_no("interpreter_needed")),
        ("A child (no consent needed)", yes_no("is_child")),
        ("Informed consent given", yes_no("consent_given")),
        ("Date of consent", long_date(str(fields.get("consent_date") or "")) or "Not recorded"),
        ("Your observations", fields.get("observations") or "None recorded"),
        ("The person's own words", fields.get("own_words") or "None recorded"),
        ("Needs emergency housing", yes_no("emergency_housing")),
        ("Urgent medical needs", yes_no("medical_needs")),
        *common_tail,
    ]
