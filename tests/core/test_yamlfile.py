"""The YAML reader: plain data, the line of every key and list item, dates left as strings, and
errors that name the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from lantern.core.yamlfile import YamlFileError, parse_yaml, read_yaml

COURSE = """\
id: awareness
reviewed: 2026-11-30
modules:
  - 01-what-it-is.yaml
  - 02-spotting-signs.yaml
units:
  - id: what-it-is
    kind: page
    facts:
      - claim: Anyone can be a victim
        reviewed: 2026-11-30
  -
    id: check
    items: [q1, q2,
            q3]
summary: >
  Folded text
  over two lines
"""


def test_every_key_and_list_item_has_its_line() -> None:
    doc = parse_yaml(COURSE, name="awareness/course.yaml")
    assert doc.line(()) == 1
    assert doc.line(("id",)) == 1
    assert doc.line(("modules",)) == 3
    assert doc.line(("modules", 0)) == 4
    assert doc.line(("modules", 1)) == 5
    assert doc.line(("units", 0)) == 7
    assert doc.line(("units", 0, "kind")) == 8
    assert doc.line(("units", 0, "facts", 0)) == 10
    assert doc.line(("units", 0, "facts", 0, "reviewed")) == 11
    # An item whose content starts on the line after its "-" is where its content starts.
    assert doc.line(("units", 1)) == 13
    assert doc.line(("units", 1, "items", 2)) == 15
    # A key is on its own line even when its value starts further down.
    assert doc.line(("summary",)) == 16


def test_a_missing_key_or_item_falls_back_to_its_nearest_parent() -> None:
    doc = parse_yaml(COURSE, name="course.yaml")
    assert doc.line(("units", 0, "facts", 0, "source")) == 10
    assert doc.line(("units", 7, "id")) == 6
    assert doc.line(("nowhere", "at", "all")) == 1
    assert parse_yaml("", name="empty.yaml").line(("id",)) == 1


def test_the_data_is_plain_and_dates_stay_as_written() -> None:
    doc = parse_yaml(COURSE, name="course.yaml")
    assert doc.data["reviewed"] == "2026-11-30"
    assert doc.data["units"][0]["facts"][0] == {
        "claim": "Anyone can be a victim",
        "reviewed": "2026-11-30",
    }
    assert doc.data["units"][1] == {"id": "check", "items": ["q1", "q2", "q3"]}
    assert doc.data["summary"] == "Folded text over two lines\n"
    assert parse_yaml("", name="empty.yaml").data is None


def test_only_dates_are_left_unparsed() -> None:
    data = parse_yaml(
        "day: 2026-11-30\n"
        "at: 2026-11-30 10:15:00\n"
        "quoted: '2026-11-30'\n"
        "count: 3\n"
        "hours: 2.5\n"
        "current: yes\n"
        "empty: null\n"
        "1: numeric key\n",
        name="x.yaml",
    ).data
    assert data == {
        "day": "2026-11-30",
        "at": "2026-11-30 10:15:00",
        "quoted": "2026-11-30",
        "count": 3,
        "hours": 2.5,
        "current": True,
        "empty": None,
        "1": "numeric key",
    }


def test_anchors_aliases_and_merge_keys_work_as_in_safe_load() -> None:
    doc = parse_yaml(
        "defaults: &defaults\n"
        "  source: &src FACTS.md\n"
        "  reviewed: 2026-11-30\n"
        "items:\n"
        "  - <<: *defaults\n"
        "    code: a\n"
        "  - source: *src\n",
        name="x.yaml",
    )
    assert doc.data["items"] == [
        {"source": "FACTS.md", "reviewed": "2026-11-30", "code": "a"},
        {"source": "FACTS.md"},
    ]
    assert doc.line(("items", 0, "code")) == 6
    assert doc.line(("items", 1, "source")) == 7


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("id: a\ntitle: b\n  kind: page\n", 3, "mapping values are not allowed here"),
        ("units:\n  - id: a\n - id: b\n", 3, "expected <block end>"),
        ("items: [q1, q2\n", 2, "while parsing a flow sequence (line 1)"),
        ("title: 'unclosed\nnext: 1\n", 3, "while scanning a quoted scalar (line 1)"),
        ("a: 1\nb:\n\t- 2\n", 3, "found character '\\t' that cannot start any token"),
        ("a: 1\nb: *missing\n", 2, "found undefined alias 'missing'"),
        ("a: 1\nb: !!python/name:os.system\n", 2, "could not determine a constructor"),
        ("a: 1\nb: !!int many\n", 2, "invalid literal for int()"),
        ("a: 1\nb: \x07\n", 2, "character #x0007: special characters are not allowed"),
        ("--- 1\n--- 2\n", 2, "expected a single document in the stream (line 1)"),
    ],
)
def test_invalid_yaml_names_the_file_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlFileError) as caught:
        parse_yaml(text, name="modules/01.yaml")
    error = caught.value
    assert (error.name, error.line) == ("modules/01.yaml", line)
    assert error.message.startswith("not valid YAML: ")
    assert message in error.message
    assert str(error).startswith(f"modules/01.yaml:{line}: not valid YAML: ")
    assert "<unicode string>" not in str(error)
    assert isinstance(error, ValueError)


def test_read_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text("a: 1\nb: [2\n", encoding="utf-8")
    with pytest.raises(YamlFileError, match=r"^settings\.yaml:3: not valid YAML"):
        read_yaml(path)
    with pytest.raises(YamlFileError, match=r"^indicators/settings\.yaml:3: "):
        read_yaml(path, name="indicators/settings.yaml")


def test_read_yaml_counts_windows_line_endings_once(tmp_path: Path) -> None:
    path = tmp_path / "crlf.yaml"
    path.write_bytes(b"a: 1\r\nb:\r\n  - x\r\n  - y\r\ntext: |\r\n  one\r\n  two\r\n")
    doc = read_yaml(path)
    assert doc.data == {"a": 1, "b": ["x", "y"], "text": "one\ntwo\n"}
    assert doc.line(("b", 1)) == 4


def test_a_file_that_is_not_utf8_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\nb: caf\xe9\n".encode("latin-1"))
    with pytest.raises(YamlFileError, match=r"^latin1\.yaml:2: not UTF-8 text"):
        read_yaml(path)


def test_a_missing_file_is_not_a_yaml_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_yaml(tmp_path / "nope.yaml")


def test_a_key_written_twice_is_refused_with_both_lines() -> None:
    with pytest.raises(YamlFileError) as caught:
        parse_yaml("id: a\ntitle: b\nsource: FACTS.md\ntitle: c\n", name="x.yaml")
    assert str(caught.value) == "x.yaml:4: 'title' is written twice here (first on line 2)"
    nested = "units:\n  - id: a\n    kind: page\n    kind: questions\n"
    with pytest.raises(YamlFileError, match=r"x.yaml:4: 'kind' is written twice"):
        parse_yaml(nested, name="x.yaml")


def test_a_merged_key_may_be_overridden() -> None:
    doc = parse_yaml("d: &d\n  kind: page\nu:\n  <<: *d\n  kind: questions\n", name="x.yaml")
    assert doc.data["u"] == {"kind": "questions"}
