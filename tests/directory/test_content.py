"""National lines: content/directory/national.yaml, joined to the respond rules' contacts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings

from lantern.directory.content import DirectoryContentError, load_national, national_services
from lantern.respond.content import Contact

CONTACTS = {
    "helpline": Contact("helpline", "Helpline", "08000 121 700", "24 hours", "s", dt.date(2026, 11, 30), True)
}  # fmt: skip

GOOD = """services:
  - contact: helpline
    description: Advice at any time.
    categories: [helpline]
    source: FACTS.md
    reviewed: 2026-12-01
"""


def _load(tmp_path: Path, text: str) -> list:  # type: ignore[type-arg]
    (tmp_path / "national.yaml").write_text(text)
    return load_national(tmp_path, CONTACTS)


def test_the_shipped_national_lines_take_their_numbers_from_the_rules() -> None:
    from lantern.respond.content import content

    contacts = content().rules.contacts
    lines = national_services()
    assert {n.code for n in lines} == {"helpline", "msvcc", "ictg"}
    for line in lines:
        assert line.phone == contacts[line.code].phone and line.name == contacts[line.code].name
        assert line.source and line.reviewed
    msvcc = next(n for n in lines if n.code == "msvcc")
    assert msvcc.areas == ("England", "Wales")
    # Where FACTS.md does not say who can call or where a line covers, nothing is guessed.
    helpline = next(n for n in lines if n.code == "helpline")
    assert helpline.access == "" and helpline.areas == ()


def test_a_good_file_loads(tmp_path: Path) -> None:
    [line] = _load(tmp_path, GOOD)
    assert line.phone == "08000 121 700" and line.reviewed == dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("contact: helpline", "contact: hotline"),
            "national.yaml:2: contact 'hotline' is not one",
        ),
        (("[helpline]", "[helpline, yoga]"), "national.yaml:4: unknown category 'yoga'"),
        (("    source: FACTS.md\n", ""), "national.yaml:2: service 1 has no 'source'"),
        (("2026-12-01", "2026-02-30"), "national.yaml:6: reviewed must be a date"),
        (("    reviewed", "    phone: 0800 000 0000\n    reviewed"), "unknown key 'phone'"),
    ],
)
def test_a_bad_file_names_the_line_and_the_problem(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    with pytest.raises(DirectoryContentError, match=re.escape(message)):
        _load(tmp_path, GOOD.replace(*change))


def test_a_contact_listed_twice_is_refused(tmp_path: Path) -> None:
    twice = GOOD + GOOD.removeprefix("services:\n")
    with pytest.raises(
        DirectoryContentError, match=r"national\.yaml:7: contact 'helpline' is listed twice"
    ):
        _load(tmp_path, twice)


def test_no_source_shown_to_users_names_a_project_file() -> None:
    # FACTS.md is where the project keeps its facts, not a document a user can open.
    text = (Path(settings.BASE_DIR) / "content" / "directory" / "national.yaml").read_text()
    sources = [line for line in text.splitlines() if line.strip().startswith("source:")]
    assert sources and not [s for s in sources if "FACTS" in s]
