"""The content file parser: faithful reading of SFJBMS05 and refusal of bad numbering."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lantern.standards.importing import ContentError, parse_standard, parse_suite

CONTENT = Path(__file__).resolve().parents[2] / "content" / "standards"
TEXT = (CONTENT / "sfjbms05.yaml").read_text(encoding="utf-8")


def test_sfjbms05_is_read_in_full() -> None:
    parsed = parse_standard(TEXT, "sfjbms05.yaml")
    assert parsed.urn == "SFJBMS05"
    assert parsed.version == 1
    assert parsed.title == "Plan support for potential victims of modern slavery"
    assert [i.number for i in parsed.criteria] == [str(n) for n in range(1, 21)]
    assert [i.number for i in parsed.knowledge] == [str(n) for n in range(1, 25)]
    pc6 = parsed.criteria[5]
    assert [c.number for c in pc6.children] == ["6.1", "6.2"]
    assert pc6.children[1].text == "whilst being mindful not to 'lead' any potential witnesses"
    assert [c.text for c in parsed.knowledge[0].children] == [
        "modern slavery",
        "safeguarding and protection",
        "health and safety",
    ]
    assert sum(len(i.children) for i in parsed.criteria) == 2
    assert sum(len(i.children) for i in parsed.knowledge) == 3
    assert parsed.criteria[13].text == (
        "prepare and agree victim-centred support and safety plans in line with potential "
        "victims' needs"
    )
    assert parsed.knowledge[15].text == (
        "control mechanisms used by traffickers and the associated pressures these place on "
        "potential victims"
    )
    assert parsed.knowledge[23].text == (
        "how to report information to relevant partner organisations nationally and locally"
    )
    assert parsed.pc_intro == "You must be able to:"
    assert parsed.k_intro == "You need to know and understand:"
    assert parsed.overview.startswith("This standard is for workers who may be in contact")
    assert parsed.overview.endswith("may be adults, children or young people.")
    assert parsed.approved_on == date(2014, 11, 1)
    assert parsed.indicative_review_on == date(2019, 11, 1)
    assert (parsed.validity, parsed.nos_status) == ("Current", "Original")
    assert parsed.originating_organisation == "Skills for Justice"
    assert len(parsed.relevant_occupations) == 25
    assert "Independent Domestic Violence Advisor (IDVA)" in parsed.relevant_occupations
    assert parsed.keywords[:2] == ("First responder", "1st responder")
    assert len(parsed.keywords) == 8
    assert parsed.reviewed_on == date(2026, 11, 30)
    assert "Skills for Justice" in parsed.source
    (term,) = parsed.glossary
    assert term.term == "Modern slavery"
    assert "  - Securing services from children and vulnerable persons." in term.definition


def test_the_suite_lists_only_the_standard_we_hold() -> None:
    suite = parse_suite((CONTENT / "suite.yaml").read_text(encoding="utf-8"), "suite.yaml")
    assert suite.urns == ("SFJBMS05",)
    assert "to be confirmed" in suite.unconfirmed_note
    assert suite.planned == "up to six standards"


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return text[:index].count("\n") + 1


def _problems(text: str) -> list[str]:
    with pytest.raises(ContentError) as caught:
        parse_standard(text, "bad.yaml")
    assert str(caught.value).startswith("bad.yaml was not imported")
    return [str(p) for p in caught.value.problems]


def test_a_gap_in_the_numbering_is_refused_naming_the_line() -> None:
    text = TEXT.replace("    - number: 8\n      text: keep", "    - number: 9\n      text: keep")
    problems = _problems(text)
    line = _line_of(text, "    - number: 9\n      text: keep")
    assert problems[0] == (
        f"line {line}: performance criterion 9 comes after 7: performance criterion 8 is missing"
    )


def test_a_duplicate_number_is_refused_naming_both_lines() -> None:
    text = TEXT.replace("number: 16\n      text: control", "number: 15\n      text: control")
    problems = _problems(text)
    first = _line_of(text, "number: 15\n", 2)  # knowledge 15 (criteria 15 comes first)
    second = _line_of(text, "number: 15\n", 3)
    assert f"line {second}: knowledge item 15 is numbered twice (it is also on line {first})" in (
        problems
    )


def test_sub_items_must_follow_their_parent_number() -> None:
    text = TEXT.replace('number: "6.2"', 'number: "6.3"')
    (problem,) = _problems(text)
    assert problem.endswith(
        "performance criterion 6.3 comes after 6.1: performance criterion 6.2 is missing"
    )
    text = TEXT.replace('number: "1.2"', 'number: "2.2"')
    problems = _problems(text)
    assert any("must be numbered 1.1, 1.2 and so on (found '2.2')" in p for p in problems)


def test_out_of_order_and_unknown_fields_are_reported_together() -> None:
    text = TEXT.replace("- number: 3\n      text: confirm", "- number: 2\n      txt: confirm")
    problems = _problems(text)
    assert any("'txt' is not a field of a performance criterion" in p for p in problems)
    assert any("performance criterion 2 is numbered twice" in p for p in problems)
    assert any("a performance criterion needs 'text'" in p for p in problems)


def test_missing_metadata_and_bad_dates_are_refused() -> None:
    text = TEXT.replace("approved: 2014-11 ", "approved: November 2014 ").replace(
        "reviewed: 2026-11-30", "reviewed: soon"
    )
    problems = _problems(text)
    assert any("'approved' must be a year and month, like 2014-11" in p for p in problems)
    assert any("'reviewed' must be a date, like 2026-11-30" in p for p in problems)


def test_invalid_yaml_names_the_line() -> None:
    text = TEXT.replace("title: Plan support", "title: [Plan support", 1)
    (problem,) = _problems(text)
    assert problem.startswith("line ") and "not valid YAML" in problem


def test_the_suite_refuses_guessed_codes() -> None:
    text = (
        (CONTENT / "suite.yaml")
        .read_text(encoding="utf-8")
        .replace("urn: to be confirmed", "urn: sfjbms0x")
    )
    with pytest.raises(ContentError, match="is not a URN like SFJBMS05"):
        parse_suite(text, "suite.yaml")
