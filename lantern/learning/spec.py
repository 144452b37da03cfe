"""The course as typed, read-only data, built from the validated dict the importer stores.

The importer (lantern.learning.content) turns YAML + Markdown into a plain, JSON-safe dict with
all Markdown already rendered and sanitised; ``build_spec`` turns that dict into these frozen
dataclasses. ``spec_for`` caches one CourseSpec per content hash, so a lesson page costs one
primary-key lookup and no parsing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    url: str


def long_date(iso: str) -> str:
    """A content date (YYYY-MM-DD) as GOV.UK writes dates: 30 November 2026."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Fact:
    claim: str
    source: str
    reviewed: str
    check_current: bool = False

    @property
    def reviewed_text(self) -> str:
        return long_date(self.reviewed)


@dataclass(frozen=True)
class SourcedFact:
    """A question's fact with its source resolved, for showing beside the feedback."""

    claim: str
    source: Source
    reviewed: str
    check_current: bool = False

    @property
    def reviewed_text(self) -> str:
        return long_date(self.reviewed)


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    kind: str  # "single" or "multiple"
    stem: str
    options: tuple[Option, ...]
    explanation: str
    covers: tuple[str, ...]
    refresher: bool
    facts: tuple[SourcedFact, ...] = ()
    # The pathways the question suits; none listed: every pathway (a general question).
    pathways: tuple[str, ...] = ()

    def suits(self, pathway_id: str) -> bool:
        return not self.pathways or pathway_id in self.pathways

    @property
    def correct_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options if o.correct)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    to: str
    feedback: str
    points: int


@dataclass(frozen=True)
class Node:
    id: str
    html: str
    choices: tuple[Choice, ...] = ()
    ending: bool = False
    outcome: str = ""
    score: int = 0
    debrief_html: str = ""

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    @property
    def best_points(self) -> int:
        """The most points any choice at this step is worth."""
        return max((c.points for c in self.choices), default=0)


@dataclass(frozen=True)
class Scenario:
    start: str
    setting: str
    nodes: dict[str, Node]


@dataclass(frozen=True)
class Unit:
    id: str
    kind: str  # "page", "questions" or "scenario"
    title: str
    minutes: int
    covers: tuple[str, ...]
    module_id: str
    html: str = ""
    items: tuple[str, ...] = ()
    scenario: Scenario | None = None
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    summary: str
    outcomes: tuple[str, ...]
    units: tuple[Unit, ...]
    optional: bool = False

    @property
    def minutes(self) -> int:
        return sum(u.minutes for u in self.units)

    def part_of(self, unit_id: str) -> int:
        """The unit's place in this module, counting from 1 (0 when it is not in it)."""
        ids = [u.id for u in self.units]
        return ids.index(unit_id) + 1 if unit_id in ids else 0


@dataclass(frozen=True)
class Pathway:
    id: str
    title: str
    description: str
    org_types: tuple[str, ...]
    modules: tuple[str, ...]
    practice: tuple[str, ...] = ()


@dataclass(frozen=True)
class CourseSpec:
    id: str
    title: str
    version: int
    cpd_hours: str
    summary: str
    reviewed: str
    check_items: int
    check_minutes: int
    refresher_items: int
    sources: dict[str, Source]
    pathways: tuple[Pathway, ...]
    modules: dict[str, Module]
    bank: dict[str, Question]
    units: dict[str, Unit] = field(default_factory=dict)

    @property
    def reviewed_text(self) -> str:
        return long_date(self.reviewed)

    # HTML made from this content alone, the same for every learner: built once per process
    # and course version (``selectors.unit_sources_html``).
    rendered: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def pathway(self, pathway_id: str) -> Pathway:
        for p in self.pathways:
            if p.id == pathway_id:
                return p
        return self.pathways[-1]

    def pathway_ids(self) -> list[str]:
        return [p.id for p in self.pathways]

    def modules_for(self, pathway_id: str) -> list[Module]:
        return [self.modules[m] for m in self.pathway(pathway_id).modules]

    def practice_for(self, pathway_id: str) -> list[Module]:
        return [self.modules[m] for m in self.pathway(pathway_id).practice]

    def required_units(self, pathway_id: str) -> list[Unit]:
        return [u for m in self.modules_for(pathway_id) for u in m.units]

    def minutes_for(self, pathway_id: str) -> int:
        return sum(m.minutes for m in self.modules_for(pathway_id)) + 2 * self.check_minutes

    def bank_pairs(self, pathway_id: str) -> list[tuple[str, str]]:
        """(item, topic) for the questions that suit the pathway: what its checks draw from."""
        return [(q.id, q.topic) for q in self.bank.values() if q.suits(pathway_id)]

    def refresher_pairs(self, pathway_id: str) -> list[tuple[str, str]]:
        return [(q.id, q.topic) for q in self.bank.values() if q.refresher and q.suits(pathway_id)]

    def module_check_items(self, pathway_id: str) -> set[str]:
        """The questions the pathway's modules ask in their checks (answers shown)."""
        return {
            i for u in self.required_units(pathway_id) if u.kind == "questions" for i in u.items
        }

    def next_unit(self, pathway_id: str, unit_id: str) -> Unit | None:
        units = self.required_units(pathway_id)
        ids = [u.id for u in units]
        if unit_id in ids:
            index = ids.index(unit_id)
            return units[index + 1] if index + 1 < len(units) else None
        return None


def build_spec(data: dict[str, Any]) -> CourseSpec:
    sources = {k: Source(key=k, **v) for k, v in data["sources"].items()}
    modules: dict[str, Module] = {}
    units: dict[str, Unit] = {}
    for m in data["modules"]:
        module_units = []
        for u in m["units"]:
            scenario = None
            if u["kind"] == "scenario":
                s = u["scenario"]
                nodes = {
                    key: Node(
                        id=key,
                        html=n["html"],
                        choices=tuple(Choice(**c) for c in n.get("choices", [])),
                        ending=n.get("ending", False),
                        outcome=n.get("outcome", ""),
                        score=n.get("score", 0),
                        debrief_html=n.get("debrief_html", ""),
                    )
                    for key, n in s["nodes"].items()
                }
                scenario = Scenario(start=s["start"], setting=s.get("setting", ""), nodes=nodes)
            unit = Unit(
                id=u["id"],
                kind=u["kind"],
                title=u["title"],
                minutes=u["minutes"],
                covers=tuple(u["covers"]),
                module_id=m["id"],
                html=u.get("html", ""),
                items=tuple(u.get("items", [])),
                scenario=scenario,
                facts=tuple(Fact(**f) for f in u.get("facts", [])),
            )
            module_units.append(unit)
            units[unit.id] = unit
        modules[m["id"]] = Module(
            id=m["id"],
            title=m["title"],
            summary=m.get("summary", ""),
            outcomes=tuple(m["outcomes"]),
            units=tuple(module_units),
            optional=m.get("optional", False),
        )
    bank = {
        q["id"]: Question(
            id=q["id"],
            topic=q["topic"],
            kind=q["kind"],
            stem=q["stem"],
            options=tuple(Option(**o) for o in q["options"]),
            explanation=q.get("explanation", ""),
            covers=tuple(q.get("covers", [])),
            refresher=q.get("refresher", True),
            facts=tuple(
                SourcedFact(
                    claim=f["claim"],
                    source=sources[f["source"]],
                    reviewed=f["reviewed"],
                    check_current=f.get("check_current", False),
                )
                for f in q.get("facts", [])
            ),
            pathways=tuple(q.get("pathways", [])),
        )
        for q in data["bank"]
    }
    return CourseSpec(
        id=data["id"],
        title=data["title"],
        version=data["version"],
        cpd_hours=str(data["cpd_hours"]),
        summary=data.get("summary", ""),
        reviewed=data["reviewed"],
        check_items=data["checks"]["items"],
        check_minutes=data["checks"]["minutes"],
        refresher_items=data["checks"]["refresher_items"],
        sources=sources,
        pathways=tuple(
            Pathway(
                id=p["id"],
                title=p["title"],
                description=p.get("description", ""),
                org_types=tuple(p.get("org_types", [])),
                modules=tuple(p["modules"]),
                practice=tuple(p.get("practice", [])),
            )
            for p in data["pathways"]
        ),
        modules=modules,
        bank=bank,
        units=units,
    )


_cache: dict[str, CourseSpec] = {}


def spec_for(content_hash: str, data: Any) -> CourseSpec:
    """The CourseSpec for stored course data, built once per content hash per process."""
    spec = _cache.get(content_hash)
    if spec is None:
        if callable(data):
            data = data()
        spec = build_spec(data)
        if len(_cache) > 32:
            _cache.clear()
        _cache[content_hash] = spec
    return spec
