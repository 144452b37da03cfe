"""The directory's pure rules: what an entry may hold and how a search finds it."""

from __future__ import annotations

import datetime as dt

import pytest

from lantern.directory import rules

CLINIC = rules.Listing(
    name="Migrant health clinic",
    description="GP-led clinic for people not registered with a GP",
    organisation="North London Hospitals",
    categories=("health", "mental_health"),
    areas=("Islington", "Camden"),
    languages=("ara", "por"),
)
HELPLINE = rules.Listing(
    name="Helpline", description="Advice at any time", organisation="", categories=("helpline",),
    areas=(), languages=(), national=True,
)  # fmt: skip


ENGLAND_AND_WALES = rules.Listing(
    name="Victim care referrals",
    description="Support",
    organisation="",
    categories=("nrm_support",),
    areas=("England", "Wales"),
    languages=(),
    national=True,
)
INTERPRETERS = rules.Listing(
    name="Borough Language Line", description="Phone and face to face, 40 languages",
    organisation="Camden", categories=("interpreting",), areas=("Camden",), languages=(),
)  # fmt: skip


@pytest.mark.parametrize(
    ("listing", "search", "found"),
    [
        (CLINIC, rules.Search(), True),
        (CLINIC, rules.Search(category="health"), True),
        (CLINIC, rules.Search(category="legal"), False),
        (CLINIC, rules.Search(area="camden"), True),  # any case
        (CLINIC, rules.Search(area="Camd"), True),  # part of a name
        (CLINIC, rules.Search(area="Hackney"), False),
        (CLINIC, rules.Search(language="ara"), True),
        (CLINIC, rules.Search(language="pol"), False),
        (CLINIC, rules.Search(text="gp clinic"), True),  # every word, anywhere
        (CLINIC, rules.Search(text="north london"), True),  # the organisation's name counts
        (CLINIC, rules.Search(text="clinic solicitor"), False),
        (CLINIC, rules.Search(text="clinic", category="health", area="Islington"), True),
        (HELPLINE, rules.Search(area="Hackney"), True),  # a national line serves every area
        (HELPLINE, rules.Search(category="health"), False),
        (HELPLINE, rules.Search(area="Scotland"), True),  # no coverage named: every area
        (ENGLAND_AND_WALES, rules.Search(area="Scotland"), False),
        (ENGLAND_AND_WALES, rules.Search(area="northern ireland"), False),
        (ENGLAND_AND_WALES, rules.Search(area="Wales"), True),
        (ENGLAND_AND_WALES, rules.Search(area="Camden"), True),  # a borough: cannot tell
        (CLINIC, rules.Search(text="mental health"), True),  # a category's name counts
        (INTERPRETERS, rules.Search(text="interpreter"), True),
    ],
)
def test_a_search_matches(listing: rules.Listing, search: rules.Search, found: bool) -> None:
    assert rules.matches(listing, search) is found


@pytest.mark.parametrize(
    ("categories", "address", "allowed"),
    [
        (["accommodation"], "1 Safe Street", False),
        (["advocacy", "accommodation"], "1 Safe Street", False),
        (["accommodation"], "   ", True),
        (["esol"], "Community hall, 1 Example Street", True),
    ],
)
def test_safe_accommodation_is_never_listed_with_its_address(
    categories: list[str], address: str, allowed: bool
) -> None:
    assert rules.address_allowed(categories, address) is allowed


def test_areas_are_one_a_line_without_blanks_or_repeats() -> None:
    assert rules.area_lines(" Camden \n\n  north   London\nCAMDEN\n") == ["Camden", "north London"]


def test_an_entry_is_flagged_a_year_after_it_was_last_checked() -> None:
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    assert not rules.needs_review(now - dt.timedelta(days=365), now)
    assert rules.needs_review(now - dt.timedelta(days=366), now)


def test_an_entry_needs_a_way_to_reach_it() -> None:
    assert not rules.has_contact(" ", "", "")
    assert rules.has_contact("", "", "https://example.org")


def test_a_search_with_nothing_in_it_is_empty() -> None:
    assert rules.Search().is_empty and not rules.Search(area="x").is_empty


@pytest.mark.parametrize(
    ("categories", "fields", "found"),
    [
        (["accommodation"], {"how_to_refer": "Bring them to 12 Acacia Avenue"}, ["how_to_refer"]),
        (["accommodation"], {"description": "Beds near NW1 2DB."}, ["description"]),
        (["accommodation"], {"hours": "Door at 3a Mill Lane, 24 hours"}, ["hours"]),
        (["accommodation"], {"name": "Flat 2, 5 Mill Lane house"}, ["name"]),
        (["accommodation"], {"how_to_refer": "Call first; we meet you at a safe place"}, []),
        (["accommodation"], {"hours": "24 hours, 7 days a week"}, []),
        (["housing"], {"how_to_refer": "Drop in at 12 Acacia Avenue, NW1 2DB"}, []),
    ],
)
def test_safe_accommodation_gives_no_address_in_any_free_text(
    categories: list[str], fields: dict[str, str], found: list[str]
) -> None:
    assert rules.addresses_in_free_text(categories, fields) == found
