"""Dates of things that have happened cannot be in the future: a pure rule that the forms and
the services both apply, so no write path (a script, a later view) can store one."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lantern.support import rules, services
from lantern.support.models import (
    ActionToDate,
    ConsentRecord,
    PersonAccount,
    Review,
    RightsInformation,
    SupportPlan,
)
from tests.support.conftest import World

TODAY = date(2026, 11, 10)


@pytest.mark.parametrize(
    ("model_name", "values", "problems"),
    [
        ("actiontodate", {"action_date": TODAY}, set()),
        ("actiontodate", {"action_date": TODAY + timedelta(days=1)}, {"action_date"}),
        ("rightsinformation", {"given_on": date(2099, 1, 1)}, {"given_on"}),
        ("review", {"due_on": date(2099, 1, 1)}, set()),
        ("review", {"due_on": TODAY, "completed_on": date(2099, 1, 1)}, {"completed_on"}),
        ("supportplan", {"agreed_on": None}, set()),
        ("supportplan", {"agreed_on": date(2099, 1, 1)}, {"agreed_on"}),
        ("plangoal", {"target_date": date(2099, 1, 1)}, set()),
        ("placeofsafety", {"to_date": date(2099, 1, 1)}, set()),
    ],
)
def test_future_date_problems(model_name: str, values: dict[str, Any], problems: set[str]) -> None:
    found = rules.future_date_problems(model_name=model_name, values=values, today=TODAY)
    assert set(found) == problems
    assert all(m == "The date must be today or in the past" for m in found.values())


TOMORROW = timezone.localdate() + timedelta(days=1)

ENTRIES: list[tuple[str, Any, dict[str, Any], str]] = [
    (
        "actions",
        ActionToDate,
        {"source_organisation": "Police", "action_date": TOMORROW, "summary": "Rescued"},
        "action_date",
    ),
    (
        "rights",
        RightsInformation,
        {
            "language": "tir",
            "format": "written",
            "interpreter": "none",
            "topics": ["nrm"],
            "given_on": TOMORROW,
        },
        "given_on",
    ),
    (
        "account",
        PersonAccount,
        {"recorded_on": TOMORROW, "account": "In their words"},
        "recorded_on",
    ),
    (
        "consent",
        ConsentRecord,
        {"scope": "share", "decision": "given", "explained_limits": True, "recorded_on": TOMORROW},
        "recorded_on",
    ),
    (
        "reviews",
        Review,
        {"due_on": TOMORROW, "completed_on": TOMORROW, "outcome": "Going well"},
        "completed_on",
    ),
]


@pytest.mark.parametrize(("section", "model", "data", "field"), ENTRIES)
def test_the_section_service_refuses_a_future_date_of_a_past_event(
    world: World, section: str, model: Any, data: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.section_entry_create(
            actor=world.caseworker, case=world.case, model=model, section=section, data=data
        )
    assert refused.value.message_dict == {field: ["The date must be today or in the past"]}
    assert not model.objects.filter(case=world.case).exists()

    if model is ConsentRecord:
        return  # append-only: never edited
    # Saved with today's date, an edit to a future date is refused too, and nothing changes.
    today = timezone.localdate()
    entry = services.section_entry_create(
        actor=world.caseworker,
        case=world.case,
        model=model,
        section=section,
        data={**data, field: today},
    )
    with pytest.raises(ValidationError) as refused:
        services.section_entry_update(
            actor=world.caseworker,
            entry=entry,
            section=section,
            data={field: TOMORROW},
            expected_version=entry.version,
        )
    assert field in refused.value.message_dict
    entry.refresh_from_db()
    assert getattr(entry, field) == today
    assert entry.version == 1


def test_a_review_can_still_be_due_in_the_future(world: World) -> None:
    review = services.section_entry_create(
        actor=world.caseworker,
        case=world.case,
        model=Review,
        section="reviews",
        data={"due_on": TOMORROW},
    )
    assert review.due_on == TOMORROW


def test_the_plan_service_refuses_a_future_date_agreed(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.plan_save(
            actor=world.caseworker,
            case=world.case,
            expected_version=0,
            in_their_words="To be safe",
            safety_plan="",
            agreed_with_person=True,
            agreed_on=TOMORROW,
        )
    assert refused.value.message_dict == {"agreed_on": ["The date must be today or in the past"]}
    assert not SupportPlan.objects.filter(case=world.case).exists()
