"""Reading and checking standards content files (content/standards/*.yaml). Pure: no ORM.

The parser works on PyYAML's node tree (``yaml.compose``) rather than on plain values so that
every problem names the line it is on. A file with any problem is refused as a whole: the
report lists every problem at once, so an author can fix them in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from lantern.standards.refs import CODE_PREFIX, KNOWLEDGE, PERFORMANCE, URN_PATTERN

KIND_NAMES = {PERFORMANCE: "performance criterion", KNOWLEDGE: "knowledge item"}
SECTION_KEYS = {PERFORMANCE: "performance_criteria", KNOWLEDGE: "knowledge"}
STANDARD_KEYS = {
    "urn",
    "suite",
    "version",
    "title",
    "developed_by",
    "overview",
    "performance_criteria",
    "knowledge",
    "glossary",
    "metadata",
    "source",
    "reviewed",
}
METADATA_KEYS = {
    "approved",
    "indicative_review",
    "validity",
    "nos_status",
    "originating_organisation",
    "relevant_occupations",
    "keywords",
}
SUITE_KEYS = {
    "slug",
    "title",
    "developed_by",
    "description",
    "planned",
    "standards",
    "source",
    "reviewed",
}
ITEM_KEYS = {"number", "text", "items"}
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URN_RE = re.compile(rf"^{URN_PATTERN}$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class ContentProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class ContentError(ValueError):
    """A content file that cannot be imported; ``problems`` says where and why."""

    def __init__(self, source: str, problems: list[ContentProblem]) -> None:
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  {source}, {p}" for p in problems)
        super().__init__(f"{source} was not imported ({len(problems)} problem(s)):\n{lines}")


@dataclass(frozen=True)
class ParsedItem:
    kind: str
    number: str
    text: str
    line: int
    children: tuple[ParsedItem, ...] = ()

    @property
    def code(self) -> str:
        return f"{CODE_PREFIX[self.kind]}{self.number}"


@dataclass(frozen=True)
class ParsedGlossaryTerm:
    term: str
    definition: str


@dataclass(frozen=True)
class ParsedStandard:
    urn: str
    suite: str
    version: int
    title: str
    developed_by: str
    overview: str
    pc_intro: str
    k_intro: str
    criteria: tuple[ParsedItem, ...]
    knowledge: tuple[ParsedItem, ...]
    glossary: tuple[ParsedGlossaryTerm, ...]
    approved_on: date | None
    indicative_review_on: date | None
    validity: str
    nos_status: str
    originating_organisation: str
    relevant_occupations: tuple[str, ...]
    keywords: tuple[str, ...]
    source: str
    reviewed_on: date

    def flat_items(self) -> list[ParsedItem]:
        out: list[ParsedItem] = []
        for item in (*self.criteria, *self.knowledge):
            out.append(item)
            out.extend(item.children)
        return out


@dataclass(frozen=True)
class ParsedSuite:
    slug: str
    title: str
    developed_by: str
    description: str
    planned: str
    urns: tuple[str, ...]
    unconfirmed_note: str
    source: str
    reviewed_on: date


@dataclass
class _Reader:
    """Collects problems while turning nodes into values."""

    problems: list[ContentProblem] = field(default_factory=list)

    def problem(self, node: yaml.Node | None, message: str) -> None:
        self.problems.append(ContentProblem(_line(node), message))

    def mapping(self, node: yaml.Node | None, what: str, allowed: set[str]) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a set of 'key: value' lines")
            return {}
        out: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in out:
                self.problem(key_node, f"'{key}' appears twice in {what}")
            elif key not in allowed:
                self.problem(
                    key_node,
                    f"'{key}' is not a field of {what} (expected one of: "
                    + ", ".join(sorted(allowed))
                    + ")",
                )
            out[key] = value_node
        return out

    def text(
        self, fields: dict[str, yaml.Node], key: str, what: str, parent: yaml.Node | None
    ) -> str:
        node = fields.get(key)
        if node is None:
            self.problem(parent, f"{what} needs '{key}'")
            return ""
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            self.problem(node, f"'{key}' in {what} must be some text")
            return ""
        return str(node.value).strip()

    def optional_text(self, fields: dict[str, yaml.Node], key: str, what: str) -> str:
        if key not in fields:
            return ""
        return self.text(fields, key, what, None)

    def text_list(self, node: yaml.Node | None, what: str) -> tuple[str, ...]:
        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{what} must be a list")
            return ()
        out: list[str] = []
        for entry in node.value:
            if not isinstance(entry, yaml.ScalarNode) or not str(entry.value).strip():
                self.problem(entry, f"each entry of {what} must be some text")
                continue
            out.append(str(entry.value).strip())
        return tuple(out)

    def month(self, node: yaml.Node | None, what: str) -> date | None:
        if node is None:
            return None
        value = str(getattr(node, "value", ""))
        match = MONTH_RE.match(value)
        if match and 1 <= int(match[2]) <= 12:
            return date(int(match[1]), int(match[2]), 1)
        self.problem(node, f"{what} must be a year and month, like 2014-11")
        return None

    def day(self, node: yaml.Node | None, what: str, parent: yaml.Node | None) -> date:
        if node is None:
            self.problem(parent, f"the file needs '{what}' (the date it was last checked)")
            return date.min
        value = str(getattr(node, "value", ""))
        if DATE_RE.match(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(node, f"'{what}' must be a date, like 2026-11-30")
        return date.min


def _line(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 0


def _compose(text: str, source: str) -> yaml.Node:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise ContentError(
            source, [ContentProblem(line, f"this is not valid YAML ({error})")]
        ) from error
    if root is None:
        raise ContentError(source, [ContentProblem(0, "the file is empty")])
    return root


def _items(
    reader: _Reader, node: yaml.Node | None, kind: str, parent_number: str = ""
) -> tuple[ParsedItem, ...]:
    """Read a numbered list, refusing gaps, repeats and numbers out of order."""
    name = KIND_NAMES[kind]
    where = f"the sub-items of {CODE_PREFIX[kind]}{parent_number}" if parent_number else name
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        reader.problem(node, f"{where} must be a list with at least one entry")
        return ()
    items: list[ParsedItem] = []
    seen: dict[int, int] = {}
    previous = 0
    for entry in node.value:
        fields = reader.mapping(entry, f"a {name}", ITEM_KEYS)
        if not fields:
            continue
        number_node = fields.get("number")
        raw = str(number_node.value).strip() if isinstance(number_node, yaml.ScalarNode) else ""
        position = _position(reader, number_node or entry, raw, parent_number, name)
        text = reader.text(fields, "text", f"a {name}", entry)
        if position is None:
            continue
        label = f"{parent_number}.{position}" if parent_number else str(position)
        line = _line(number_node)
        if position in seen:
            reader.problem(
                number_node,
                f"{name} {label} is numbered twice (it is also on line {seen[position]})",
            )
        elif position != previous + 1:
            if position > previous + 1:
                first = f"{parent_number}.{previous + 1}" if parent_number else previous + 1
                last = f"{parent_number}.{position - 1}" if parent_number else position - 1
                missing = str(first) if position == previous + 2 else f"{first} to {last}"
                reader.problem(
                    number_node,
                    f"{name} {label} comes after {_label(parent_number, previous)}: "
                    f"{name} {missing} is missing",
                )
            else:
                reader.problem(
                    number_node,
                    f"{name} {label} is out of order "
                    f"(it comes after {_label(parent_number, previous)})",
                )
        seen.setdefault(position, line)
        previous = max(previous, position)
        children: tuple[ParsedItem, ...] = ()
        if "items" in fields:
            if parent_number:
                reader.problem(fields["items"], "sub-items cannot have sub-items of their own")
            else:
                children = _items(reader, fields["items"], kind, label)
        items.append(ParsedItem(kind, label, text, line, children))
    return tuple(items)


def _label(parent_number: str, position: int) -> str:
    if not position:
        return "the start of the list"
    return f"{parent_number}.{position}" if parent_number else str(position)


def _position(
    reader: _Reader, node: yaml.Node, raw: str, parent_number: str, name: str
) -> int | None:
    if parent_number:
        match = re.match(rf"^{re.escape(parent_number)}\.([1-9][0-9]*)$", raw)
        if match is None:
            reader.problem(
                node,
                f"the sub-items of {parent_number} must be numbered {parent_number}.1, "
                f"{parent_number}.2 and so on (found '{raw or 'no number'}')",
            )
            return None
        return int(match[1])
    if not re.match(r"^[1-9][0-9]*$", raw):
        reader.problem(node, f"each {name} needs a whole number, like 'number: 7'")
        return None
    return int(raw)


def _section(
    reader: _Reader, fields: dict[str, yaml.Node], kind: str, root: yaml.Node
) -> tuple[str, tuple[ParsedItem, ...]]:
    key = SECTION_KEYS[kind]
    node = fields.get(key)
    if node is None:
        reader.problem(root, f"the file needs '{key}'")
        return "", ()
    section = reader.mapping(node, f"'{key}'", {"intro", "items"})
    intro = reader.text(section, "intro", f"'{key}'", node)
    return intro, _items(reader, section.get("items"), kind)


def _glossary(reader: _Reader, node: yaml.Node | None) -> tuple[ParsedGlossaryTerm, ...]:
    if node is None:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        reader.problem(node, "'glossary' must be a list of terms")
        return ()
    terms: list[ParsedGlossaryTerm] = []
    seen: dict[str, int] = {}
    for entry in node.value:
        fields = reader.mapping(entry, "a glossary term", {"term", "definition"})
        term = reader.text(fields, "term", "a glossary term", entry)
        definition = reader.text(fields, "definition", "a glossary term", entry)
        if term.lower() in seen:
            reader.problem(
                entry, f"the glossary defines '{term}' twice (also on line {seen[term.lower()]})"
            )
        seen.setdefault(term.lower(), _line(entry))
        terms.append(ParsedGlossaryTerm(term, definition))
    return tuple(terms)


def parse_standard(text: str, source: str = "standard") -> ParsedStandard:
    """Parse and check one standard; raise ContentError naming every problem and its line."""
    root = _compose(text, source)
    reader = _Reader()
    fields = reader.mapping(root, "the standard", STANDARD_KEYS)
    urn = reader.text(fields, "urn", "the standard", root)
    if urn and not URN_RE.match(urn):
        reader.problem(fields.get("urn"), f"'{urn}' is not a URN like SFJBMS05")
    version_node = fields.get("version")
    version = 0
    if version_node is None:
        reader.problem(root, "the standard needs 'version'")
    elif not re.match(r"^[1-9][0-9]*$", str(getattr(version_node, "value", ""))):
        reader.problem(version_node, "'version' must be a whole number, like 1")
    else:
        version = int(version_node.value)
    suite = reader.text(fields, "suite", "the standard", root)
    if suite and not SLUG_RE.match(suite):
        reader.problem(fields.get("suite"), "'suite' must be the suite's slug, like my-suite")
    title = reader.text(fields, "title", "the standard", root)
    developed_by = reader.text(fields, "developed_by", "the standard", root)
    overview = reader.text(fields, "overview", "the standard", root)
    pc_intro, criteria = _section(reader, fields, PERFORMANCE, root)
    k_intro, knowledge = _section(reader, fields, KNOWLEDGE, root)
    glossary = _glossary(reader, fields.get("glossary"))
    meta_node = fields.get("metadata")
    meta = reader.mapping(meta_node, "'metadata'", METADATA_KEYS) if meta_node else {}
    if meta_node is None:
        reader.problem(root, "the file needs 'metadata'")
    source_text = reader.text(fields, "source", "the standard", root)
    reviewed = reader.day(fields.get("reviewed"), "reviewed", root)
    parsed = ParsedStandard(
        urn=urn,
        suite=suite,
        version=version,
        title=title,
        developed_by=developed_by,
        overview=overview,
        pc_intro=pc_intro,
        k_intro=k_intro,
        criteria=criteria,
        knowledge=knowledge,
        glossary=glossary,
        approved_on=reader.month(meta.get("approved"), "'approved'"),
        indicative_review_on=reader.month(meta.get("indicative_review"), "'indicative_review'"),
        validity=reader.optional_text(meta, "validity", "'metadata'"),
        nos_status=reader.optional_text(meta, "nos_status", "'metadata'"),
        originating_organisation=reader.optional_text(
            meta, "originating_organisation", "'metadata'"
        ),
        relevant_occupations=reader.text_list(
            meta.get("relevant_occupations"), "'relevant_occupations'"
        ),
        keywords=reader.text_list(meta.get("keywords"), "'keywords'"),
        source=source_text,
        reviewed_on=reviewed,
    )
    if reader.problems:
        raise ContentError(source, reader.problems)
    return parsed


def parse_suite(text: str, source: str = "suite") -> ParsedSuite:
    root = _compose(text, source)
    reader = _Reader()
    fields = reader.mapping(root, "the suite", SUITE_KEYS)
    slug = reader.text(fields, "slug", "the suite", root)
    if slug and not SLUG_RE.match(slug):
        reader.problem(fields.get("slug"), "'slug' must be lower case words joined by hyphens")
    urns: list[str] = []
    notes: list[str] = []
    standards_node = fields.get("standards")
    if not isinstance(standards_node, yaml.SequenceNode):
        reader.problem(standards_node or root, "'standards' must be a list")
    else:
        for entry in standards_node.value:
            entry_fields = reader.mapping(entry, "a suite entry", {"urn", "note"})
            urn = reader.text(entry_fields, "urn", "a suite entry", entry)
            if urn == "to be confirmed":
                notes.append(reader.text(entry_fields, "note", "a 'to be confirmed' entry", entry))
            elif urn and not URN_RE.match(urn):
                reader.problem(
                    entry_fields.get("urn"),
                    f"'{urn}' is not a URN like SFJBMS05 (write 'to be confirmed' if unknown)",
                )
            elif urn in urns:
                reader.problem(entry_fields.get("urn"), f"{urn} is listed twice")
            elif urn:
                urns.append(urn)
    parsed = ParsedSuite(
        slug=slug,
        title=reader.text(fields, "title", "the suite", root),
        developed_by=reader.text(fields, "developed_by", "the suite", root),
        description=reader.text(fields, "description", "the suite", root),
        planned=reader.optional_text(fields, "planned", "the suite"),
        urns=tuple(urns),
        unconfirmed_note=" ".join(notes),
        source=reader.text(fields, "source", "the suite", root),
        reviewed_on=reader.day(fields.get("reviewed"), "reviewed", root),
    )
    if reader.problems:
        raise ContentError(source, reader.problems)
    return parsed


def as_plain(value: Any) -> Any:
    """Dataclass trees to plain values (used to compare content with the database)."""
    if isinstance(value, tuple | list):
        return [as_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {k: as_plain(getattr(value, k)) for k in value.__dataclass_fields__}
    return value
