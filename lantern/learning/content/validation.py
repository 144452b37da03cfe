"""Problems found in a course folder, and the checker that collects them with file and line."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lantern.core.yamlfile import YamlFile, YamlFileError, YamlPath, read_yaml
from lantern.learning import rules


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class CourseInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def read_doc(path: Path, root: Path) -> YamlFile:
    """One YAML file of a course, named relative to the courses folder (awareness/course.yaml).
    Invalid YAML is a CourseInvalid problem with its line; a missing file is FileNotFoundError."""
    name = str(path.relative_to(root)) if root in path.parents else path.name
    try:
        return read_yaml(path, name=name)
    except YamlFileError as exc:
        raise CourseInvalid([Problem(exc.name, exc.line, exc.message)]) from exc


@dataclass
class Checker:
    problems: list[Problem] = field(default_factory=list)
    standards: Any = None

    def add(self, doc: YamlFile, path: YamlPath, message: str) -> None:
        self.problems.append(Problem(doc.name, doc.line(path), message))

    def keys(
        self, doc: YamlFile, path: YamlPath, value: Any, required: set[str], optional: set[str]
    ) -> bool:
        if not isinstance(value, dict):
            self.add(doc, path, "expected a mapping (key: value lines)")
            return False
        for key in sorted(required - value.keys()):
            self.add(doc, path, f"'{key}' is required")
        for key in sorted(value.keys() - required - optional):
            self.add(doc, (*path, key), f"unknown field '{key}'")
        return required <= value.keys()

    def text(self, doc: YamlFile, path: YamlPath, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            self.add(doc, path, "expected some text")
            return ""
        return value.strip()

    def slug(self, doc: YamlFile, path: YamlPath, value: Any) -> str:
        if not isinstance(value, str) or not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", value):
            self.add(doc, path, f"'{value}' is not a valid id (lower case, digits, . _ -)")
            return str(value)
        return value

    def date(self, doc: YamlFile, path: YamlPath, value: Any) -> str:
        # The YAML reader leaves dates as the text in the file; check it is a real date.
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                return dt.date.fromisoformat(value).isoformat()
            except ValueError:
                pass
        self.add(doc, path, "expected a date written as YYYY-MM-DD")
        return ""

    def covers(self, doc: YamlFile, path: YamlPath, value: Any) -> list[str]:
        if not isinstance(value, list) or not value:
            self.add(doc, path, "'covers' must list at least one standards item, e.g. SFJBMS05.K16")
            return []
        refs = [str(v) for v in value]
        for index, message in self.standards(refs):
            self.add(doc, (*path, index), message)
        return refs


def standards_checker() -> Any:
    """A function refs -> [(index, message)] for unknown standards ids.

    When the standards app is installed it decides (``validate_refs``, against the loaded
    standards or its content files); the set of known references is fetched once per import.
    Without it, a pure fallback knows the identifiers of SFJBMS05 (rules.standard_ref_problems).
    """
    from django.apps import apps

    if apps.is_installed("lantern.standards"):
        from lantern.standards.coverage import known_refs, validate_refs

        known = known_refs()

        def check(refs: list[str]) -> list[tuple[int, str]]:
            problems = validate_refs(refs, known=known)
            out: list[tuple[int, str]] = []
            for problem in problems:
                index = refs.index(problem.ref) if problem.ref in refs else 0
                out.append((index, str(problem)))
            return out

        return check

    def fallback(refs: list[str]) -> list[tuple[int, str]]:
        return [(i, m) for i, ref in enumerate(refs) for m in rules.standard_ref_problems([ref])]

    return fallback
