"""The case-record forms: what they offer and how they word their errors."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lantern.support.sections import SECTIONS
from tests.helpers import sign_in
from tests.support.conftest import World

REQUIRED_RADIOS = [
    ("rights", "format"),
    ("risks", "likelihood"),
    ("places", "sourced_via"),
    ("consent", "scope"),
    ("consent", "decision"),
]


@pytest.mark.parametrize(("section", "field"), REQUIRED_RADIOS)
def test_required_radio_groups_offer_no_blank_answer_and_start_unanswered(
    world: World, section: str, field: str
) -> None:
    form = SECTIONS[section].form(initial={"version": 1}, case=world.case)
    html = str(form[field])
    radios = re.findall(r"<input[^>]*type=\"radio\"[^>]*>", html)
    assert radios, html
    assert not any('value=""' in r for r in radios), html
    assert not any(" checked" in r for r in radios), html
    assert "Select an option" not in html


@pytest.mark.parametrize(("section", "field"), REQUIRED_RADIOS)
def test_leaving_a_required_radio_group_unanswered_is_an_error(
    world: World, section: str, field: str
) -> None:
    form = SECTIONS[section].form({"version": "1"}, case=world.case)
    assert not form.is_valid()
    assert field in form.errors


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_an_empty_form_names_every_missing_answer(world: World, section: str) -> None:
    form = SECTIONS[section].form({"version": "1"}, case=world.case)
    assert not form.is_valid()
    assert "__all__" not in form.errors
    for name, errors in form.errors.items():
        for message in map(str, errors):
            assert "This field" not in message, (name, message)
            assert message.startswith(("Enter", "Select", "Describe")), (name, message)


def test_empty_rights_and_review_forms_say_what_to_enter(world: World) -> None:
    rights = SECTIONS["rights"].form({"version": "1"}, case=world.case)
    assert not rights.is_valid()
    assert rights.errors["given_on"] == ["Enter the date the rights information was given"]
    assert rights.errors["format"] == ["Select the format the information was given in"]
    # Rights covered is checked with the rest, not after everything else is fixed.
    assert rights.errors["topics"] == ["Select the rights you covered"]


def _rights(**changes: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": "1",
        "language": "tir",
        "format": "written",
        "interpreter": "none",
        "topics": ["nrm"],
        "given_on": "2026-11-02",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("section", "data", "field", "message"),
    [
        (
            "rights",
            _rights(format="interpreter"),
            "interpreter",
            "Select the professional interpreter who was used",
        ),
        (
            "places",
            {
                "version": "1",
                "kind": "refuge",
                "sourced_via": "local",
                "from_date": "2026-11-10",
                "to_date": "2026-11-01",
                "status": "sourced",
            },
            "to_date",
            "The end date must be the same as or after the start date",
        ),
        (
            "reviews",
            {"version": "1", "due_on": "2026-12-01", "completed_on": "2026-11-01"},
            "outcome",
            "Enter what the review found",
        ),
        (
            "needs",
            {"version": "1", "need_type": "food", "status": "met"},
            "met_on",
            "Enter the date the need was met",
        ),
    ],
)
def test_a_rule_about_one_answer_is_shown_beside_that_answer(
    world: World, section: str, data: dict[str, Any], field: str, message: str
) -> None:
    form = SECTIONS[section].form(data, case=world.case)
    assert not form.is_valid()
    assert form.errors.get(field) == [message], form.errors
    assert "__all__" not in form.errors


def test_the_error_summary_links_a_rule_to_its_answer(world: World) -> None:
    client = Client()
    sign_in(client, world.caseworker)
    url = reverse("support:case_section", kwargs={"case_id": world.case.pk, "section": "rights"})
    html = client.post(url, _rights(format="interpreter")).content.decode()
    assert 'href="#id_interpreter_0">Select the professional interpreter who was used' in html
    assert (
        '<p id="id_interpreter-error" class="govuk-error-message"><span class="govuk-visually-'
        'hidden">Error:</span> Select the professional interpreter who was used</p>'
    ) in html


@pytest.mark.django_db
def test_an_empty_case_details_form_names_every_missing_answer() -> None:
    from lantern.support.forms import CaseForm

    form = CaseForm({"version": "1"})
    assert not form.is_valid()
    assert form.errors["age_band"] == ["Select the person's age, or Not known"]
    assert form.errors["gender"] == ["Select the person's gender, or Not known"]


@pytest.mark.parametrize(
    ("section", "data", "field"),
    [
        ("rights", _rights(given_on="2099-01-01"), "given_on"),
        (
            "account",
            {"version": "1", "recorded_on": "2099-01-01", "account": "In their words"},
            "recorded_on",
        ),
        (
            "reviews",
            {"version": "1", "due_on": "2099-01-01", "completed_on": "2099-01-01", "outcome": "x"},
            "completed_on",
        ),
    ],
)
def test_a_past_event_cannot_be_dated_in_the_future(
    world: World, section: str, data: dict[str, Any], field: str
) -> None:
    form = SECTIONS[section].form(data, case=world.case)
    assert not form.is_valid()
    assert form.errors[field] == ["The date must be today or in the past"]
    # A review can still be due in the future.
    assert "due_on" not in form.errors


def _details(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"version": "1", "age_band": "55+", "gender": "unknown"}
    data.update(changes)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (_details(date_of_birth="31/02/2030"), "date_of_birth", "Date of birth must be a real"),
        (_details(date_of_birth="01/01/2099"), "date_of_birth", "Date of birth must be in the"),
        (_details(date_of_birth="14/03/2012"), "date_of_birth", "The date of birth and the age"),
        (
            _details(exploitation_types=["unknown", "labour"]),
            "exploitation_types",
            "Select 'Not known yet' on its own",
        ),
    ],
)
def test_case_details_that_contradict_themselves_are_refused(
    data: dict[str, Any], field: str, message: str
) -> None:
    from lantern.support.forms import CaseForm

    form = CaseForm(data)
    assert not form.is_valid()
    assert str(form.errors[field][0]).startswith(message), form.errors


def test_the_service_refuses_the_same_contradictions(world: World) -> None:
    from django.core.exceptions import ValidationError

    from lantern.support import services

    for changes in (
        {"date_of_birth": "31/02/2030"},
        {"exploitation_types": ["unknown", "labour"]},
    ):
        with pytest.raises(ValidationError):
            services.case_update(
                actor=world.caseworker, case=world.case, expected_version=1, **changes
            )
