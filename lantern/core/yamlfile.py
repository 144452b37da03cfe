"""One YAML file as plain data plus the line of every mapping key and list item (pure, no ORM).

Content loaders use it so that every problem they report can name the file and the line
(``file:line: message``), and a file that is not valid YAML fails the same way. The values are
what ``yaml.safe_load`` gives, except that dates and times stay the strings written in the file
(YAML 1.1 would turn 2026-11-30 into a date): a loader checks and converts them itself, so a
date like 2026-02-30 is a problem it reports, not a crash. Mapping keys are always strings.

    doc = read_yaml(path, name="awareness/course.yaml")
    doc.data["modules"][0]             # plain data
    doc.line(("modules", 0))           # the line of that list item
    doc.line(("modules", 0, "nope"))   # no such key: the line of its nearest parent
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

YamlPath = tuple[str | int, ...]
"""Where a value sits: the mapping keys and list indexes leading to it, e.g. ("units", 2, "id")."""


class YamlFileError(ValueError):
    """A file that cannot be read as YAML. ``str()`` gives ``name:line: message``."""

    def __init__(self, name: str, line: int, message: str) -> None:
        self.name = name
        self.line = line
        self.message = message
        super().__init__(f"{name}:{line}: {message}")


@dataclass(frozen=True)
class YamlFile:
    name: str
    data: Any
    lines: Mapping[YamlPath, int]

    def line(self, path: YamlPath = ()) -> int:
        """The line of ``path``; for a key or item that is not there, its nearest parent's line
        (1 for an empty file)."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


class _Loader(yaml.SafeLoader):
    """``SafeLoader`` that does not recognise timestamps, so dates stay strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path, *, name: str | None = None) -> YamlFile:
    """Read a UTF-8 YAML file. ``name`` is how problems refer to it (default: the file name).

    Raises ``FileNotFoundError`` for a missing file and ``YamlFileError`` for one that is not
    UTF-8 text or not valid YAML."""
    name = path.name if name is None else name
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlFileError(name, line, "not UTF-8 text (save the file as UTF-8)") from exc
    # As Path.read_text would: Windows and old Mac line endings become "\n".
    return parse_yaml(text.replace("\r\n", "\n").replace("\r", "\n"), name=name)


def parse_yaml(text: str, *, name: str) -> YamlFile:
    """Parse YAML text (one document); ``name`` is used in errors. Raises ``YamlFileError``."""
    try:
        loader = _Loader(text)  # checks for unprintable characters first
    except yaml.reader.ReaderError as exc:
        raise YamlFileError(name, *_unprintable(text, exc)) from exc
    builder = _Builder(name, loader)
    try:
        node = loader.get_single_node()
        data = builder.build(node, ()) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise YamlFileError(name, *_where_and_what(exc)) from exc
    except yaml.reader.ReaderError as exc:
        raise YamlFileError(name, *_unprintable(text, exc)) from exc
    except yaml.YAMLError as exc:
        raise YamlFileError(name, 1, f"not valid YAML: {exc}") from exc
    finally:
        loader.dispose()
    return YamlFile(name=name, data=data, lines=builder.lines)


def _where_and_what(exc: yaml.MarkedYAMLError) -> tuple[int, str]:
    """The line of a parse error and PyYAML's message without its '<unicode string>' marks."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    parts = []
    if exc.context:
        started = exc.context_mark.line + 1 if exc.context_mark is not None else line
        parts.append(exc.context + (f" (line {started})" if started != line else ""))
    if exc.problem:
        parts.append(exc.problem)
    return line, "not valid YAML: " + (", ".join(parts) or "cannot be read")


def _unprintable(text: str, exc: yaml.reader.ReaderError) -> tuple[int, str]:
    line = text.count("\n", 0, exc.position) + 1
    return line, f"not valid YAML: character #x{exc.character:04x}: {exc.reason}"


class _Builder:
    """Constructs plain data from the node tree, noting the line of each key and item."""

    def __init__(self, name: str, loader: _Loader) -> None:
        self.name = name
        self.loader = loader
        self.lines: dict[YamlPath, int] = {}

    def build(self, node: yaml.Node, path: YamlPath) -> Any:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            self._refuse_duplicate_keys(node)
            self.loader.flatten_mapping(node)  # merge keys (<<: *defaults), as safe_load does
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(self.loader.construct_object(key_node, deep=True))
                result[key] = self.build(value_node, (*path, key))
                # A key's line is where the key is written, even when its value starts lower.
                self.lines[(*path, key)] = key_node.start_mark.line + 1
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _refuse_duplicate_keys(self, node: yaml.MappingNode) -> None:
        """A key written twice in one mapping is a mistake (safe_load keeps the last silently).
        Keys brought in by a merge (<<: *defaults) may be overridden: that is what merges are
        for."""
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise YamlFileError(
                    self.name, line, f"'{key}' is written twice here (first on line {seen[key]})"
                )
            seen[key] = line

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError as exc:  # an explicit tag with a value it cannot hold: !!int abc
            line = node.start_mark.line + 1
            raise YamlFileError(self.name, line, f"not valid YAML: {exc}") from exc
