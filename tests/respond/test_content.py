"""The content loader: the shipped content validates, and a broken file is named with its problem."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings

from lantern.accounts.models import OrganisationType
from lantern.respond import api
from lantern.respond.content import ContentError, content, load_content
from lantern.respond.vocabulary import AGES, EXPLOITATION_TYPES, JURISDICTIONS, ORGANISATIONS

CONTENT = Path(settings.CONTENT_DIR)
FACTS_PHONE_NUMBERS = {"999", "08000 121 700", "0800 808 3733", "0800 043 4303"}


def test_the_shipped_content_loads() -> None:
    loaded = content()
    assert len(loaded.indicators.indicators) >= 50
    assert loaded.rules.version == "2026.12.2"
    groups = {g.code for g in loaded.indicators.groups}
    assert {"physical", "psychological", "situational", *EXPLOITATION_TYPES} - {
        "domestic_servitude",
        "organ_removal",
    } <= groups | {"labour", "sexual", "criminal"}
    assert {"health_appointment", "housing_inspection", "car_wash", "nail_bar", "takeaway"} <= set(
        loaded.indicators.settings
    )
    for setting in ("farm_or_factory", "police_stop", "school", "homelessness_service"):
        assert loaded.indicators.sections_for(setting)[0], setting


def test_the_signs_page_offers_every_sign_once_with_the_setting_s_own_first() -> None:
    library = content().indicators
    for setting in [*library.settings, None]:
        featured, groups = library.sections_for(setting)
        offered = [i.code for i in featured] + [i.code for g in groups for i in g.indicators]
        assert sorted(offered) == sorted(library.indicators), setting  # none lost, none twice
        assert all(setting in i.settings for i in featured)
    featured, groups = library.sections_for("housing_inspection")
    assert [i.code for i in featured][:5] == [
        "housing.beds_every_room",
        "housing.overcrowding",
        "housing.subletting",
        "housing.moved_at_night",
        "housing.boarded_windows",
    ]
    assert "domestic.no_private_space" in {i.code for i in featured}
    # The general groups lead the rest; other settings' own groups come last.
    assert [g.code for g in groups][:3] == ["physical", "psychological", "situational"]
    assert groups[-1].code == "premises"
    assert library.sections_for("other")[0] == ()


def test_every_indicator_has_a_source_and_review_date() -> None:
    for indicator in content().indicators.indicators.values():
        assert "FACTS.md" in indicator.source
        assert indicator.reviewed.isoformat() in {"2026-11-30", "2026-12-01"}
        assert indicator.types


def test_vocabulary_matches_the_organisation_types_and_the_api() -> None:
    assert set(ORGANISATIONS) == set(OrganisationType.values) | {"public"}
    assert set(api.Organisation.__args__) == set(ORGANISATIONS)  # type: ignore[attr-defined]
    assert set(api.Jurisdiction.__args__) == set(JURISDICTIONS)  # type: ignore[attr-defined]
    assert set(api.Age.__args__) == set(AGES)  # type: ignore[attr-defined]


def test_no_phone_number_in_content_that_is_not_in_the_facts() -> None:
    pattern = re.compile(r"\b0\d{3,4} ?\d{3} ?\d{3,4}\b|\b999\b")
    for path in [*CONTENT.glob("indicators/*.yaml"), *CONTENT.glob("rules/*.yaml")]:
        for number in pattern.findall(path.read_text()):
            assert number in FACTS_PHONE_NUMBERS, f"{path.name}: {number}"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copytree(CONTENT / "indicators", tmp_path / "indicators")
    shutil.copytree(CONTENT / "rules", tmp_path / "rules")
    return tmp_path


def _edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, sort_keys=False))


RULES = "rules/respond-2026.12.2.yaml"


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


# Each case: the file to break, how, the message, and text on the line the message must name.
@pytest.mark.parametrize(
    ("file", "change", "message", "at"),
    [
        (
            "indicators/general.yaml",
            lambda d: d["indicators"][0].pop("source"),
            ".indicators[0]: 'source' is a required property",
            "code: general.untreated_injuries",
        ),
        (
            "indicators/general.yaml",
            lambda d: d["indicators"][0].update(settings=["moon_base"]),
            "indicator 'general.untreated_injuries' names setting 'moon_base'",
            "- moon_base",
        ),
        (
            "indicators/settings.yaml",
            lambda d: d["settings"][1]["advice"][0].update(reviewed="2026-13-01"),
            "setting 'housing_inspection', advice 1 (\"An overcrowded or unlicensed house can...\"): "
            "reviewed '2026-13-01' is not a date",
            "reviewed: '2026-13-01'",
        ),
        (
            "indicators/settings.yaml",
            lambda d: d["settings"][0]["advice"][0].pop("source"),
            "setting 'health_appointment', advice 1 (\"See the person on their own...\") "
            "has no source",
            "- text: See the person on their own",
        ),
        (
            "indicators/types.yaml",
            lambda d: d["indicators"][0].update(types=["smuggling"]),
            ".indicators[0].types[0]: 'smuggling' is not one of",
            "- smuggling",
        ),
        (
            RULES,
            lambda d: d["rules"][0]["when"].update(danger=True),
            "rule 'danger' tests unknown fact 'danger'",
            " danger: true",
        ),
        (
            RULES,
            lambda d: d["rules"][0]["when"].update(age="elderly"),
            "rule 'danger': age cannot be 'elderly'; allowed: adult, child, unknown",
            "age: elderly",
        ),
        (
            RULES,
            lambda d: d["rules"][0].update(contacts=["hotline"]),
            "rule 'danger' names contact 'hotline'",
            "- hotline",
        ),
        (
            RULES,
            lambda d: d["rules"][0].update(source=""),
            ".rules[0].source: '' should be non-empty",
            "source: ''",
        ),
        (
            RULES,
            lambda d: d["concern"]["weights"].update({"general.made_up": 2}),
            "concern weight for unknown indicator 'general.made_up'",
            "general.made_up: 2",
        ),
        (
            RULES,
            lambda d: d["contacts"][1].update(phone="0800 HELP"),
            ".contacts[1].phone",
            "phone: 0800 HELP",
        ),
    ],
)
def test_a_broken_file_is_named_with_its_line_and_problem(
    copy: Path, file: str, change: object, message: str, at: str
) -> None:
    _edit(copy / file, change)
    with pytest.raises(ContentError) as error:
        load_content(copy)
    line = _line_of(copy / file, at)
    assert f"{Path(file).name}:{line}: {message}" in str(error.value)


def test_invalid_yaml_is_named_with_its_line(copy: Path) -> None:
    (copy / "indicators" / "general.yaml").write_text("indicators: [unclosed\n")
    with pytest.raises(ContentError, match=r"^general\.yaml:2: not valid YAML: .*\(line 1\)"):
        load_content(copy)
    (copy / "indicators" / "general.yaml").write_text("groups:\n  - code: a\n   title: b\n")
    with pytest.raises(ContentError, match=r"^general\.yaml:3: not valid YAML"):
        load_content(copy)


def test_the_ilo_group_and_the_child_sign_say_only_what_is_true() -> None:
    loaded = content()
    ilo = next(g for g in loaded.indicators.groups if g.code == "ilo")
    in_group = [i for i in loaded.indicators.indicators.values() if i.group == "ilo"]
    # FACTS.md lists 11 ILO indicators; a title that says "The ILO's indicators" must list them all
    assert len(in_group) == 11 or not ilo.title.startswith("The ILO's")
    under_age = loaded.indicators.indicators["sexual.under_age"].text
    assert "selling" not in under_age and "sexually exploited" in under_age


def test_no_user_visible_source_mentions_facts_md() -> None:
    """Users cannot open FACTS.md: every source in the current rules names the public document
    FACTS.md cites for the fact (the NRM guidance, the Act, the helpline...)."""
    rules = content().rules
    sources = [
        *(r.source for r in rules.rules),
        *(c.source for c in rules.contacts.values()),
        *(a.source for a in (*rules.say, *rules.avoid)),
        rules.first_responders_source,
    ]
    doc = yaml.safe_load((CONTENT / f"rules/respond-{rules.version}.yaml").read_text())
    sources.append(doc["organisations"]["duty_to_notify"]["source"])
    assert len(sources) >= 37
    assert [s for s in sources if "FACTS" in s or not s.strip()] == []


def test_sources_link_the_documents_the_course_links() -> None:
    """Where the awareness course cites the same document with an address, the rules link it."""
    rules = content().rules
    course = yaml.safe_load((CONTENT / "courses/awareness/course.yaml").read_text())
    course_urls = {s["url"] for s in course["sources"].values()}
    assert rules.source_links
    assert set(rules.source_links.values()) <= course_urls
    for url in (
        "https://www.legislation.gov.uk/ukpga/2015/30/contents",
        "https://www.gov.uk/government/publications/modern-slavery-how-to-identify-and-support-victims",
        "https://www.modernslaveryhelpline.org/",
    ):
        assert url in rules.source_links.values()
    parts = rules.source_parts("Modern Slavery Act 2015 s52 (England and Wales only); x")
    assert parts == [
        ("Modern Slavery Act 2015", "https://www.legislation.gov.uk/ukpga/2015/30/contents"),
        (" s52 (England and Wales only); x", ""),
    ]


def test_a_source_link_no_source_names_is_refused(copy: Path) -> None:
    path = copy / "rules" / f"respond-{content().rules.version}.yaml"
    text = path.read_text().replace(
        "source_links:\n", "source_links:\n  A made-up report: https://example.org/\n", 1
    )
    path.write_text(text)
    with pytest.raises(ContentError, match="source link 'A made-up report' is named by no source"):
        load_content(copy)


def test_advice_items_carry_their_own_review_date_and_source_where_they_have_them() -> None:
    settings = content().indicators.settings
    (housing,) = settings["housing_inspection"].advice
    assert housing.reviewed == dt.date(2026, 12, 1) and "STOP THE TRAFFIK" in housing.source
    assert all(a.reviewed is None and a.source for a in settings["health_appointment"].advice)


def test_an_advice_item_without_a_source_takes_the_file_s(copy: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["source"] = "Modern slavery statutory guidance"
        d["settings"][0]["advice"][0].pop("source")

    _edit(copy / "indicators/settings.yaml", change)
    advice = load_content(copy).indicators.settings["health_appointment"].advice
    assert advice[0].source == "Modern slavery statutory guidance"
    assert advice[1].source != advice[0].source  # the others keep their own
