"""The case-record forms: what they offer and how they word their errors."""

from __future__ import annotations

import re

import pytest

from lantern.support.sections import SECTIONS
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
