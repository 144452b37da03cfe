"""Loading and validating the respond content: indicators and decision rules (pure, no ORM).

content/indicators/*.yaml holds the indicator library and the settings; content/rules/*.yaml
holds versioned decision rules. Both are validated on load; a problem raises ContentError naming
the file and what is wrong, so a bad edit fails `bin/lantern load_content` and the tests, never
a worker's result page.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from lantern.respond.schemas import INDICATOR_FILE_SCHEMA, RULES_SCHEMA
from lantern.respond.vocabulary import FACT_VALUES


class ContentError(ValueError):
    """Respond content that does not validate. The message names the file and the problem."""


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

    def groups_for(self, setting: str | None) -> list[IndicatorGroup]:
        """Groups of signs to offer in a setting: that setting's own signs first."""
        found = []
        for group in self.groups:
            shown = tuple(i for i in group.indicators if i.seen_in(setting))
            if shown:
                found.append(IndicatorGroup(group.code, group.title, shown, group.setting_specific))
        return sorted(found, key=lambda g: not g.setting_specific)


def _read_yaml(path: Path) -> Any:
    try:
        # Dates stay strings until the schema has checked them (yaml would parse them itself).
        text = path.read_text(encoding="utf-8")
        return yaml.load(text, Loader=_NoDatesLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        raise ContentError(f"{path.name}: not valid YAML: {exc}") from exc


class _NoDatesLoader(yaml.SafeLoader):
    pass


_NoDatesLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _validate(path: Path, data: Any, schema: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        where = error.json_path.replace("$", "", 1) or "(top level)"
        raise ContentError(f"{path.name}: {where}: {error.message}")


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def load_indicators(directory: Path) -> IndicatorLibrary:
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise ContentError(f"{directory}: no indicator files (*.yaml)")
    indicators: dict[str, Indicator] = {}
    settings: dict[str, Setting] = {}
    group_titles: dict[str, str] = {}
    group_members: dict[str, list[Indicator]] = {}
    specific_groups: set[str] = set()
    pending_settings: list[tuple[Path, str, str]] = []
    for path in files:
        data = _read_yaml(path)
        _validate(path, data, INDICATOR_FILE_SCHEMA)
        for spec in data.get("settings", []):
            if spec["code"] in settings:
                raise ContentError(f"{path.name}: setting '{spec['code']}' is defined twice")
            settings[spec["code"]] = Setting(
                spec["code"],
                spec["label"],
                tuple(Advice(a["text"], a["source"]) for a in spec["advice"]),
            )
        for group in data["groups"]:
            if group["code"] in group_titles:
                raise ContentError(f"{path.name}: group '{group['code']}' is defined twice")
            group_titles[group["code"]] = group["title"]
            if data.get("settings"):
                specific_groups.add(group["code"])
            group_members[group["code"]] = []
        for spec in data["indicators"]:
            code = spec["code"]
            if code in indicators:
                raise ContentError(f"{path.name}: indicator '{code}' is defined twice")
            if spec["group"] not in group_titles:
                raise ContentError(
                    f"{path.name}: indicator '{code}' is in group '{spec['group']}', "
                    f"which this file does not define"
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
            pending_settings.extend((path, code, s) for s in indicator.settings)
    for path, code, setting in pending_settings:
        if setting != "any" and setting not in settings:
            raise ContentError(
                f"{path.name}: indicator '{code}' names setting '{setting}'; "
                f"allowed: any, {', '.join(settings)}"
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
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit())


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


def _when(path: Path, rule_id: str, raw: Mapping[str, Any]) -> dict[str, frozenset[Any]]:
    when: dict[str, frozenset[Any]] = {}
    for key, value in raw.items():
        if key not in FACT_VALUES:
            raise ContentError(
                f"{path.name}: rule '{rule_id}' tests unknown fact '{key}'; "
                f"allowed: {', '.join(FACT_VALUES)}"
            )
        values = value if isinstance(value, list) else [value]
        for v in values:
            if v not in FACT_VALUES[key] or type(v) is not type(FACT_VALUES[key][0]):
                raise ContentError(
                    f"{path.name}: rule '{rule_id}': {key} cannot be {v!r}; "
                    f"allowed: {', '.join(str(a).lower() for a in FACT_VALUES[key])}"
                )
        when[key] = frozenset(values)
    return when


def load_rules(path: Path, indicators: IndicatorLibrary) -> RuleSet:
    data = _read_yaml(path)
    _validate(path, data, RULES_SCHEMA)
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
    for spec in data["rules"]:
        rule_id = spec["id"]
        if rule_id in seen_ids:
            raise ContentError(f"{path.name}: rule id '{rule_id}' is used twice")
        seen_ids.add(rule_id)
        if spec["action"] not in titles:
            raise ContentError(
                f"{path.name}: rule '{rule_id}' adds action '{spec['action']}', "
                f"which `actions` does not define"
            )
        for contact in spec.get("contacts", []):
            if contact not in contacts:
                raise ContentError(
                    f"{path.name}: rule '{rule_id}' names contact '{contact}'; "
                    f"allowed: {', '.join(contacts)}"
                )
        rules.append(
            Rule(
                id=rule_id,
                action=spec["action"],
                when=_when(path, rule_id, spec["when"]),
                reason=" ".join(spec["reason"].split()),
                source=spec["source"],
                contacts=tuple(spec.get("contacts", [])),
                check_current_guidance=bool(spec.get("check_current_guidance", False)),
                uncertain=bool(spec.get("uncertain", False)),
                if_not_asked=spec.get("if_not_asked", "now"),
            )
        )
    concern = data["concern"]
    for code in concern["weights"]:
        if code not in indicators.indicators:
            raise ContentError(f"{path.name}: concern weight for unknown indicator '{code}'")
    levels = tuple(ConcernLevel(**level) for level in concern["levels"])
    if levels[0].min_score != 0 or any(
        a.min_score >= b.min_score for a, b in itertools.pairwise(levels)
    ):
        raise ContentError(
            f"{path.name}: concern levels must start at min_score 0 and strictly increase"
        )
    orgs = data["organisations"]
    conversation = data["conversation"]
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
