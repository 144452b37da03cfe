"""Loading and validating the respond content: indicators and decision rules (pure, no ORM).

content/indicators/*.yaml holds the indicator library and the settings; content/rules/*.yaml
holds versioned decision rules. Both are validated on load; a problem raises ContentError naming
the file, the line and what is wrong (``general.yaml:12: ...``), so a bad edit fails
`bin/lantern load_content` and the tests, never a worker's result page.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from lantern.core.phones import tel_href
from lantern.core.yamlfile import YamlFile, YamlFileError, YamlPath, read_yaml
from lantern.respond.schemas import INDICATOR_FILE_SCHEMA, RULES_SCHEMA
from lantern.respond.vocabulary import FACT_VALUES


class ContentError(ValueError):
    """Respond content that does not validate. The message names the file, the line where that
    is known, and the problem."""


# --- Indicators --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    text: str
    types: tuple[str, ...]
    settings: tuple[str, ...]
    source: str
    reviewed: dt.date

    def seen_in(self, setting: str | None) -> bool:
        return setting in (None, "other") or "any" in self.settings or setting in self.settings


@dataclass(frozen=True)
class Advice:
    text: str
    source: str
    # Its own review date, where it has one (the file's `reviewed` covers the rest).
    reviewed: dt.date | None = None


@dataclass(frozen=True)
class Setting:
    code: str
    label: str
    advice: tuple[Advice, ...]


@dataclass(frozen=True)
class IndicatorGroup:
    code: str
    title: str
    indicators: tuple[Indicator, ...]
    setting_specific: bool = False


@dataclass(frozen=True)
class IndicatorLibrary:
    indicators: Mapping[str, Indicator]
    groups: tuple[IndicatorGroup, ...]
    settings: Mapping[str, Setting]

    def sections_for(
        self, setting: str | None
    ) -> tuple[tuple[Indicator, ...], tuple[IndicatorGroup, ...]]:
        """Every sign, for the signs page in ``setting``: first the signs that name the setting
        (its own group's, then those of a kind of exploitation often seen there), then every other
        sign in its group, general groups first. Somewhere else (or no setting) names none."""
        ordered = sorted(self.groups, key=lambda g: g.setting_specific)
        featured: tuple[Indicator, ...] = ()
        if setting not in (None, "other"):
            featured = tuple(
                i
                for g in sorted(self.groups, key=lambda g: not g.setting_specific)
                for i in g.indicators
                if setting in i.settings
            )
        rest = []
        for group in ordered:
            shown = tuple(i for i in group.indicators if i not in featured)
            if shown:
                rest.append(IndicatorGroup(group.code, group.title, shown, group.setting_specific))
        return featured, tuple(rest)


def _read_yaml(path: Path) -> YamlFile:
    # Dates stay strings until the schema has checked them (the reader leaves them as written).
    try:
        return read_yaml(path)
    except YamlFileError as exc:
        raise ContentError(str(exc)) from exc


def _error(doc: YamlFile, where: YamlPath, message: str) -> ContentError:
    """A problem at a place in a file: ``name:line: message``."""
    return ContentError(f"{doc.name}:{doc.line(where)}: {message}")


def _validate(doc: YamlFile, schema: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(doc.data), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        where = error.json_path.replace("$", "", 1) or "(top level)"
        raise _error(doc, tuple(error.absolute_path), f"{where}: {error.message}")


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _setting_advice(
    doc: YamlFile, index: int, number: int, setting: str, item: Mapping[str, str]
) -> Advice:
    """Advice item ``number`` of setting ``index``, with its own source (or the file's) and, where
    it has one, its own review date. A problem names the file, the line and the item."""
    where: YamlPath = ("settings", index, "advice", number)
    words = item["text"].split()
    excerpt = " ".join(words[:6]) + ("..." if len(words) > 6 else "")
    name = f"setting '{setting}', advice {number + 1} (\"{excerpt}\")"
    source = item.get("source") or doc.data.get("source")
    if not source:
        raise _error(doc, where, f"{name} has no source: give it a `source`, or the file one")
    reviewed = None
    if "reviewed" in item:
        try:
            reviewed = _date(item["reviewed"])
        except (TypeError, ValueError):
            raise _error(
                doc,
                (*where, "reviewed"),
                f"{name}: reviewed {item['reviewed']!r} is not a date (write it as 2026-12-01)",
            ) from None
    return Advice(item["text"], source, reviewed)


def load_indicators(directory: Path) -> IndicatorLibrary:
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise ContentError(f"{directory}: no indicator files (*.yaml)")
    indicators: dict[str, Indicator] = {}
    settings: dict[str, Setting] = {}
    group_titles: dict[str, str] = {}
    group_members: dict[str, list[Indicator]] = {}
    specific_groups: set[str] = set()
    pending_settings: list[tuple[YamlFile, YamlPath, str, str]] = []
    for path in files:
        doc = _read_yaml(path)
        _validate(doc, INDICATOR_FILE_SCHEMA)
        data = doc.data
        for i, spec in enumerate(data.get("settings", [])):
            if spec["code"] in settings:
                raise _error(
                    doc, ("settings", i, "code"), f"setting '{spec['code']}' is defined twice"
                )
            settings[spec["code"]] = Setting(
                spec["code"],
                spec["label"],
                tuple(
                    _setting_advice(doc, i, j, spec["code"], item)
                    for j, item in enumerate(spec["advice"])
                ),
            )
        for i, group in enumerate(data["groups"]):
            if group["code"] in group_titles:
                raise _error(
                    doc, ("groups", i, "code"), f"group '{group['code']}' is defined twice"
                )
            group_titles[group["code"]] = group["title"]
            if data.get("settings"):
                specific_groups.add(group["code"])
            group_members[group["code"]] = []
        for i, spec in enumerate(data["indicators"]):
            code = spec["code"]
            if code in indicators:
                raise _error(doc, ("indicators", i, "code"), f"indicator '{code}' is defined twice")
            if spec["group"] not in group_titles:
                raise _error(
                    doc,
                    ("indicators", i, "group"),
                    f"indicator '{code}' is in group '{spec['group']}', "
                    f"which this file does not define",
                )
            indicator = Indicator(
                code=code,
                group=spec["group"],
                text=spec["text"],
                types=tuple(spec["types"]),
                settings=tuple(spec["settings"]),
                source=spec["source"],
                reviewed=_date(spec["reviewed"]),
            )
            indicators[code] = indicator
            group_members[spec["group"]].append(indicator)
            pending_settings.extend(
                (doc, ("indicators", i, "settings", j), code, s)
                for j, s in enumerate(indicator.settings)
            )
    for doc, where, code, setting in pending_settings:
        if setting != "any" and setting not in settings:
            raise _error(
                doc,
                where,
                f"indicator '{code}' names setting '{setting}'; "
                f"allowed: any, {', '.join(settings)}",
            )
    groups = tuple(
        IndicatorGroup(code, title, tuple(group_members[code]), code in specific_groups)
        for code, title in group_titles.items()
    )
    return IndicatorLibrary(indicators=indicators, groups=groups, settings=settings)


# --- Rules ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    code: str
    name: str
    phone: str
    hours: str
    source: str
    reviewed: dt.date
    check_current_guidance: bool

    @property
    def tel(self) -> str:
        return tel_href(self.phone)


@dataclass(frozen=True)
class Rule:
    id: str
    action: str
    when: Mapping[str, frozenset[Any]]
    reason: str
    source: str
    contacts: tuple[str, ...]
    check_current_guidance: bool
    uncertain: bool
    if_not_asked: str
    fallback: bool = False

    def matches(self, facts: Mapping[str, Any]) -> bool:
        return all(facts[key] in allowed for key, allowed in self.when.items())


@dataclass(frozen=True)
class ConcernLevel:
    level: str
    min_score: int
    title: str
    message: str


@dataclass(frozen=True)
class RuleSet:
    version: str
    reviewed: dt.date
    contacts: Mapping[str, Contact]
    first_responders: Mapping[str, frozenset[str]]
    first_responders_source: str
    public_authorities: frozenset[str]
    dtn_organisations: frozenset[str]
    dtn_jurisdictions: frozenset[str]
    action_titles: Mapping[str, str]
    rules: tuple[Rule, ...]
    say: tuple[Advice, ...]
    avoid: tuple[Advice, ...]
    default_weight: int
    weights: Mapping[str, int]
    levels: tuple[ConcernLevel, ...]
    # Public documents named in sources, by the words used, and their addresses.
    source_links: Mapping[str, str] = field(default_factory=dict)

    def source_parts(self, source: str) -> list[tuple[str, str]]:
        """``source`` cut into (text, url) pieces; url is "" where there is no link."""
        if not self.source_links:
            return [(source, "")]
        titles = sorted(self.source_links, key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(t) for t in titles))
        parts: list[tuple[str, str]] = []
        end = 0
        for match in pattern.finditer(source):
            if match.start() > end:
                parts.append((source[end : match.start()], ""))
            parts.append((match.group(0), self.source_links[match.group(0)]))
            end = match.end()
        if end < len(source):
            parts.append((source[end:], ""))
        return parts


def _when(
    doc: YamlFile, where: YamlPath, rule_id: str, raw: Mapping[str, Any]
) -> dict[str, frozenset[Any]]:
    when: dict[str, frozenset[Any]] = {}
    for key, value in raw.items():
        if key not in FACT_VALUES:
            raise _error(
                doc,
                (*where, key),
                f"rule '{rule_id}' tests unknown fact '{key}'; allowed: {', '.join(FACT_VALUES)}",
            )
        values = value if isinstance(value, list) else [value]
        for j, v in enumerate(values):
            if v not in FACT_VALUES[key] or type(v) is not type(FACT_VALUES[key][0]):
                raise _error(
                    doc,
                    (*where, key, j) if isinstance(value, list) else (*where, key),
                    f"rule '{rule_id}': {key} cannot be {v!r}; "
                    f"allowed: {', '.join(str(a).lower() for a in FACT_VALUES[key])}",
                )
        when[key] = frozenset(values)
    return when


def load_rules(path: Path, indicators: IndicatorLibrary) -> RuleSet:
    doc = _read_yaml(path)
    _validate(doc, RULES_SCHEMA)
    data = doc.data
    contacts = {
        c["code"]: Contact(
            c["code"],
            c["name"],
            c["phone"],
            c["hours"],
            c["source"],
            _date(c["reviewed"]),
            c["check_current_guidance"],
        )
        for c in data["contacts"]
    }
    titles: dict[str, str] = data["actions"]
    rules = []
    seen_ids: set[str] = set()
    for i, spec in enumerate(data["rules"]):
        rule_id = spec["id"]
        if rule_id in seen_ids:
            raise _error(doc, ("rules", i, "id"), f"rule id '{rule_id}' is used twice")
        seen_ids.add(rule_id)
        if spec["action"] not in titles:
            raise _error(
                doc,
                ("rules", i, "action"),
                f"rule '{rule_id}' adds action '{spec['action']}', which `actions` does not define",
            )
        for j, contact in enumerate(spec.get("contacts", [])):
            if contact not in contacts:
                raise _error(
                    doc,
                    ("rules", i, "contacts", j),
                    f"rule '{rule_id}' names contact '{contact}'; allowed: {', '.join(contacts)}",
                )
        rules.append(
            Rule(
                id=rule_id,
                action=spec["action"],
                when=_when(doc, ("rules", i, "when"), rule_id, spec["when"]),
                reason=" ".join(spec["reason"].split()),
                source=spec["source"],
                contacts=tuple(spec.get("contacts", [])),
                check_current_guidance=bool(spec.get("check_current_guidance", False)),
                uncertain=bool(spec.get("uncertain", False)),
                if_not_asked=spec.get("if_not_asked", "now"),
                fallback=bool(spec.get("fallback", False)),
            )
        )
    concern = data["concern"]
    for code in concern["weights"]:
        if code not in indicators.indicators:
            raise _error(
                doc, ("concern", "weights", code), f"concern weight for unknown indicator '{code}'"
            )
    levels = tuple(ConcernLevel(**level) for level in concern["levels"])
    if levels[0].min_score != 0 or any(
        a.min_score >= b.min_score for a, b in itertools.pairwise(levels)
    ):
        raise _error(
            doc,
            ("concern", "levels"),
            "concern levels must start at min_score 0 and strictly increase",
        )
    orgs = data["organisations"]
    conversation = data["conversation"]
    source_links: dict[str, str] = data.get("source_links", {})
    sources = [r.source for r in rules] + [c.source for c in contacts.values()]
    for title in source_links:
        if not any(title in source for source in sources):
            raise _error(
                doc, ("source_links", title), f"source link '{title}' is named by no source"
            )
    return RuleSet(
        version=data["version"],
        reviewed=_date(data["reviewed"]),
        contacts=contacts,
        first_responders={j: frozenset(v) for j, v in orgs["first_responders"].items()},
        first_responders_source=orgs["first_responders_source"],
        public_authorities=frozenset(orgs["public_authorities"]),
        dtn_organisations=frozenset(orgs["duty_to_notify"]["organisations"]),
        dtn_jurisdictions=frozenset(orgs["duty_to_notify"]["jurisdictions"]),
        action_titles=titles,
        rules=tuple(rules),
        say=tuple(Advice(a["text"], a["source"]) for a in conversation["say"]),
        avoid=tuple(Advice(a["text"], a["source"]) for a in conversation["avoid"]),
        default_weight=concern["default_weight"],
        weights=concern["weights"],
        levels=levels,
        source_links=source_links,
    )


def _version_key(path: Path) -> tuple[int, ...]:
    version = path.stem.removeprefix("respond-")
    try:
        return tuple(int(p) for p in version.split("."))
    except ValueError as exc:
        raise ContentError(
            f"{path.name}: file name must be respond-<year>.<month>.<n>.yaml"
        ) from exc


def rules_files(directory: Path) -> list[Path]:
    """Every version of the rules, oldest first."""
    return sorted(directory.glob("respond-*.yaml"), key=_version_key)


@dataclass(frozen=True)
class RespondContent:
    indicators: IndicatorLibrary
    rules: RuleSet


def load_content(content_dir: Path) -> RespondContent:
    """Validate and load the indicator library and the newest rules version."""
    library = load_indicators(content_dir / "indicators")
    files = rules_files(content_dir / "rules")
    if not files:
        raise ContentError(f"{content_dir / 'rules'}: no rules file (respond-<version>.yaml)")
    for path in files[:-1]:
        load_rules(path, library)  # older versions must still validate: drafts cite them
    rules = load_rules(files[-1], library)
    if rules.version != files[-1].stem.removeprefix("respond-"):
        raise ContentError(f"{files[-1].name}: `version` {rules.version} does not match the name")
    return RespondContent(indicators=library, rules=rules)


@cache
def _cached(content_dir: str) -> RespondContent:
    return load_content(Path(content_dir))


def content(content_dir: Path | None = None) -> RespondContent:
    """The loaded content, cached per process (content changes ship with a deploy)."""
    if content_dir is None:
        from django.conf import settings

        content_dir = Path(settings.CONTENT_DIR)
    return _cached(str(content_dir))
