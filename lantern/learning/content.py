"""Course importer: YAML + Markdown in content/courses/<course>/ -> a validated, JSON-safe dict.

Every problem names the file and line it comes from (PyYAML's ``compose`` keeps the position of
every node). Nothing is written to the database here; ``lantern.learning.services`` stores the
result only when there are no problems at all.

Layout of a course folder::

    course.yaml        id, title, version, cpd_hours, reviewed, sources, checks, pathways, modules
    questions.yaml     the question bank (module quizzes, pre/post checks and refreshers)
    modules/*.yaml     one module each: outcomes and units (page, questions, scenario)
    images/*.svg       illustrations referenced from Markdown as ![alt text](images/x.svg)
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nh3
import yaml
from markdown_it import MarkdownIt

from lantern.learning import rules

Path_ = tuple[str | int, ...]

UNIT_KINDS = ("page", "questions", "scenario")
OUTCOMES = ("good", "mixed", "poor")


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


# --- YAML with line numbers -------------------------------------------------------------------


class Located:
    """Plain data from one YAML file plus the line of every mapping key and list item."""

    def __init__(self, path: Path, root: Path):
        self.name = str(path.relative_to(root)) if root in path.parents else path.name
        text = path.read_text(encoding="utf-8")
        self.lines: dict[Path_, int] = {}
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            self.data: Any = self._build(node, (), loader) if node is not None else None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            raise CourseInvalid([Problem(self.name, line, f"not valid YAML: {exc}")]) from exc
        finally:
            loader.dispose()

    def _build(self, node: yaml.Node, path: Path_, loader: yaml.SafeLoader) -> Any:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(loader.construct_object(key_node, deep=True))
                self.lines[(*path, key)] = key_node.start_mark.line + 1
                result[key] = self._build(value_node, (*path, key), loader)
                self.lines[(*path, key)] = key_node.start_mark.line + 1
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self._build(v, (*path, i), loader) for i, v in enumerate(node.value)]
        return loader.construct_object(node, deep=True)

    def line(self, path: Path_) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


# --- Markdown --------------------------------------------------------------------------------

_CLASSES = {
    "paragraph_open": "govuk-body",
    "heading_open": "",
    "bullet_list_open": "govuk-list govuk-list--bullet",
    "ordered_list_open": "govuk-list govuk-list--number",
    "link_open": "govuk-link",
    "table_open": "govuk-table",
    "thead_open": "govuk-table__head",
    "tbody_open": "govuk-table__body",
    "tr_open": "govuk-table__row",
    "th_open": "govuk-table__header",
    "td_open": "govuk-table__cell",
    "blockquote_open": "govuk-inset-text",
}
_HEADINGS = {"h2": "govuk-heading-m", "h3": "govuk-heading-s", "h4": "govuk-heading-s"}
_md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
_ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "table", "thead", "tbody",
    "tr", "th", "td", "blockquote", "img", "br", "code", "abbr",
}  # fmt: skip
_IMAGE = re.compile(r"^images/[a-z0-9][a-z0-9-]*\.svg$")
_BAD_IMAGE_WORDS = re.compile(r"chain|shackle|barcode|bound hands|despair", re.IGNORECASE)


def render_markdown(text: str, *, images_dir: Path | None = None, problem: Any = None) -> str:
    """Markdown -> sanitised HTML with GOV.UK classes. Images become data: URIs (strict CSP)."""
    tokens = _md.parse(text or "")
    for token in tokens:
        if token.type in _CLASSES:
            cls = (
                _HEADINGS.get(token.tag, "")
                if token.type == "heading_open"
                else _CLASSES[token.type]
            )
            if cls:
                token.attrSet("class", cls)
        for child in token.children or []:
            if child.type == "link_open":
                child.attrSet("class", "govuk-link")
            if child.type == "image":
                alt = "".join(c.content for c in child.children or []).strip()
                src = str(child.attrGet("src") or "")
                if not alt:
                    if problem:
                        problem(f"the image '{src}' has no alt text: describe it in ![...]")
                elif _BAD_IMAGE_WORDS.search(alt + " " + src) and problem:
                    problem(f"the image '{src}' looks like a prohibited image (CONTENT.md)")
                if not _IMAGE.match(src):
                    if problem:
                        problem(f"image '{src}' must be an SVG in the course's images/ folder")
                    continue
                file = images_dir / src.removeprefix("images/") if images_dir else None
                if file is None or not file.is_file():
                    if problem:
                        problem(f"image '{src}' does not exist")
                    continue
                encoded = base64.b64encode(file.read_bytes()).decode()
                child.attrSet("src", "data:image/svg+xml;base64," + encoded)
                child.attrSet("class", "lantern-illustration")
    html = _md.renderer.render(tokens, _md.options, {})
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"*": {"class"}, "a": {"href", "title"}, "img": {"src", "alt"}, "th": {"scope"}},
        url_schemes={"https", "mailto", "tel", "data"},
        link_rel="noopener noreferrer",
    )


# --- Validation --------------------------------------------------------------------------------


@dataclass
class Checker:
    problems: list[Problem] = field(default_factory=list)
    standards: Any = None

    def add(self, doc: Located, path: Path_, message: str) -> None:
        self.problems.append(Problem(doc.name, doc.line(path), message))

    def keys(
        self, doc: Located, path: Path_, value: Any, required: set[str], optional: set[str]
    ) -> bool:
        if not isinstance(value, dict):
            self.add(doc, path, "expected a mapping (key: value lines)")
            return False
        for key in sorted(required - value.keys()):
            self.add(doc, path, f"'{key}' is required")
        for key in sorted(value.keys() - required - optional):
            self.add(doc, (*path, key), f"unknown field '{key}'")
        return required <= value.keys()

    def text(self, doc: Located, path: Path_, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            self.add(doc, path, "expected some text")
            return ""
        return value.strip()

    def slug(self, doc: Located, path: Path_, value: Any) -> str:
        if not isinstance(value, str) or not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", value):
            self.add(doc, path, f"'{value}' is not a valid id (lower case, digits, . _ -)")
            return str(value)
        return value

    def date(self, doc: Located, path: Path_, value: Any) -> str:
        if isinstance(value, dt.date):
            return value.isoformat()
        self.add(doc, path, "expected a date written as YYYY-MM-DD")
        return ""

    def covers(self, doc: Located, path: Path_, value: Any) -> list[str]:
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


def _facts(
    c: Checker, doc: Located, path: Path_, value: Any, sources: dict[str, Any]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if not isinstance(value, list) or not value:
        c.add(doc, path, "list the facts this unit states, each with its source and reviewed date")
        return out
    for i, fact in enumerate(value):
        p = (*path, i)
        if not c.keys(doc, p, fact, {"claim", "source", "reviewed"}, {"check_current"}):
            continue
        if fact["source"] not in sources:
            c.add(
                doc,
                (*p, "source"),
                f"unknown source '{fact['source']}' (add it to course.yaml sources)",
            )
        out.append(
            {
                "claim": c.text(doc, (*p, "claim"), fact["claim"]),
                "source": str(fact["source"]),
                "reviewed": c.date(doc, (*p, "reviewed"), fact["reviewed"]),
                "check_current": bool(fact.get("check_current", False)),
            }
        )
    return out


def _question(c: Checker, doc: Located, p: Path_, q: Any) -> dict[str, Any] | None:
    if not c.keys(
        doc, p, q, {"id", "topic", "kind", "stem", "options"},
        {"explanation", "covers", "refresher", "source", "reviewed"},
    ):  # fmt: skip
        return None
    kind = q["kind"]
    if kind not in ("single", "multiple"):
        c.add(doc, (*p, "kind"), "kind must be 'single' or 'multiple'")
    options = []
    for j, o in enumerate(q["options"] if isinstance(q["options"], list) else []):
        op = (*p, "options", j)
        if not c.keys(doc, op, o, {"id", "text", "feedback"}, {"correct"}):
            continue
        options.append(
            {
                "id": c.slug(doc, (*op, "id"), o["id"]),
                "text": c.text(doc, (*op, "text"), o["text"]),
                "correct": bool(o.get("correct", False)),
                "feedback": c.text(doc, (*op, "feedback"), o["feedback"]),
            }
        )
    correct = sum(1 for o in options if o["correct"])
    if len(options) < 2:
        c.add(doc, (*p, "options"), "a question needs at least two options")
    if kind == "single" and correct != 1:
        c.add(
            doc,
            (*p, "options"),
            f"a single-choice question needs exactly one correct option (found {correct})",
        )
    if kind == "multiple" and correct < 1:
        c.add(doc, (*p, "options"), "a multiple-choice question needs at least one correct option")
    if len({o["id"] for o in options}) != len(options):
        c.add(doc, (*p, "options"), "option ids must be unique within a question")
    return {
        "id": c.slug(doc, (*p, "id"), q["id"]),
        "topic": c.slug(doc, (*p, "topic"), q["topic"]),
        "kind": kind,
        "stem": c.text(doc, (*p, "stem"), q["stem"]),
        "options": options,
        "explanation": str(q.get("explanation", "")).strip(),
        "covers": c.covers(doc, (*p, "covers"), q.get("covers", ["SFJBMS05.K2"])),
        "refresher": bool(q.get("refresher", True)),
    }


def _scenario(
    c: Checker, doc: Located, p: Path_, u: dict[str, Any], images: Path
) -> dict[str, Any]:
    nodes_raw = u.get("nodes")
    start = str(u.get("start", ""))
    if not isinstance(nodes_raw, dict) or not nodes_raw:
        c.add(doc, p, "a scenario needs 'start' and 'nodes'")
        return {"start": start, "nodes": {}}
    nodes: dict[str, Any] = {}
    edges: dict[str, list[str]] = {}
    endings = []
    for key, n in nodes_raw.items():
        np_ = (*p, "nodes", key)
        if not c.keys(doc, np_, n, {"text"}, {"choices", "ending", "outcome", "score", "debrief"}):
            edges[key] = []
            continue

        def problem(msg: str, path: Path_ = (*np_, "text")) -> None:
            c.add(doc, path, msg)

        node: dict[str, Any] = {
            "html": render_markdown(str(n["text"]), images_dir=images, problem=problem)
        }
        if n.get("ending"):
            endings.append(key)
            node["ending"] = True
            if n.get("outcome") not in OUTCOMES:
                c.add(doc, np_, f"an ending needs 'outcome': one of {', '.join(OUTCOMES)}")
            score = n.get("score")
            if not isinstance(score, int) or not 0 <= score <= 100:
                c.add(doc, np_, "an ending needs 'score': a whole number from 0 to 100")
                score = 0
            node.update(
                outcome=str(n.get("outcome", "")),
                score=score,
                debrief_html=render_markdown(
                    c.text(doc, (*np_, "debrief"), n.get("debrief")),
                    images_dir=images,
                    problem=problem,
                ),
            )
        choices = []
        for j, ch in enumerate(n.get("choices") or []):
            cp = (*np_, "choices", j)
            if not c.keys(doc, cp, ch, {"id", "text", "to", "feedback"}, {"points"}):
                continue
            choices.append(
                {
                    "id": c.slug(doc, (*cp, "id"), ch["id"]),
                    "text": c.text(doc, (*cp, "text"), ch["text"]),
                    "to": str(ch["to"]),
                    "feedback": c.text(doc, (*cp, "feedback"), ch["feedback"]),
                    "points": int(ch.get("points", 0)),
                }
            )
        node["choices"] = choices
        edges[key] = [str(ch["to"]) for ch in choices]
        nodes[key] = node
    for gp in rules.scenario_graph_problems(start=start, edges=edges, endings=endings):
        path = (*p, "nodes", gp.node) if gp.node in nodes_raw else (*p, "start")
        c.add(doc, path, gp.message)
    return {"start": start, "setting": str(u.get("setting", "")), "nodes": nodes}


def _unit(
    c: Checker,
    doc: Located,
    p: Path_,
    u: Any,
    sources: dict[str, Any],
    bank_ids: set[str],
    images: Path,
) -> dict[str, Any] | None:
    base = {"id", "kind", "title", "minutes", "covers"}
    if not isinstance(u, dict) or u.get("kind") not in UNIT_KINDS:
        c.add(doc, p, f"a unit needs 'kind': one of {', '.join(UNIT_KINDS)}")
        return None
    kind = u["kind"]
    extra = {
        "page": ({"body", "facts"}, set()),
        "questions": ({"items"}, {"intro"}),
        "scenario": ({"start", "nodes", "facts"}, {"setting"}),
    }[kind]
    if not c.keys(doc, p, u, base | extra[0], extra[1]):
        return None
    minutes = u["minutes"]
    if not isinstance(minutes, int) or not 1 <= minutes <= 10:
        c.add(doc, (*p, "minutes"), "minutes must be a whole number from 1 to 10")
        minutes = 0
    out: dict[str, Any] = {
        "id": c.slug(doc, (*p, "id"), u["id"]),
        "kind": kind,
        "title": c.text(doc, (*p, "title"), u["title"]),
        "minutes": minutes,
        "covers": c.covers(doc, (*p, "covers"), u["covers"]),
    }
    if kind == "page":

        def problem(msg: str) -> None:
            c.add(doc, (*p, "body"), msg)

        out["html"] = render_markdown(
            c.text(doc, (*p, "body"), u["body"]), images_dir=images, problem=problem
        )
        out["facts"] = _facts(c, doc, (*p, "facts"), u["facts"], sources)
    elif kind == "questions":
        items = u["items"] if isinstance(u["items"], list) else []
        if not items:
            c.add(doc, (*p, "items"), "list the question ids (from questions.yaml) this unit asks")
        for j, item in enumerate(items):
            if item not in bank_ids:
                c.add(doc, (*p, "items", j), f"unknown question '{item}' (not in questions.yaml)")
        out["items"] = [str(i) for i in items]
        out["html"] = render_markdown(str(u.get("intro", "")))
    else:
        out["scenario"] = _scenario(c, doc, p, u, images)
        out["facts"] = _facts(c, doc, (*p, "facts"), u["facts"], sources)
    return out


def load_course(folder: Path) -> dict[str, Any]:
    """Validate one course folder. Returns the JSON-safe course dict or raises CourseInvalid."""
    c = Checker(standards=standards_checker())
    root = folder.parent
    try:
        course_doc = Located(folder / "course.yaml", root)
    except FileNotFoundError as exc:
        raise CourseInvalid([Problem(str(folder), 1, "course.yaml is missing")]) from exc
    d = course_doc.data
    required = {"id", "title", "version", "cpd_hours", "reviewed", "sources", "checks"}
    if not c.keys(course_doc, (), d, required | {"pathways", "modules"}, {"summary", "questions"}):
        raise CourseInvalid(c.problems)
    sources: dict[str, Any] = {}
    for key, s in (d["sources"] or {}).items():
        if c.keys(course_doc, ("sources", key), s, {"title", "url"}, set()):
            if not str(s["url"]).startswith("https://"):
                c.add(
                    course_doc, ("sources", key, "url"), "a source needs a public https:// address"
                )
            sources[key] = {"title": str(s["title"]), "url": str(s["url"])}
    checks = d["checks"]
    c.keys(course_doc, ("checks",), checks, {"items", "minutes", "refresher_items"}, set())

    # Question bank
    bank: list[dict[str, Any]] = []
    qfile = folder / str(d.get("questions", "questions.yaml"))
    if qfile.is_file():
        qdoc = Located(qfile, root)
        for i, q in enumerate(qdoc.data or []):
            built = _question(c, qdoc, (i,), q)
            if built:
                bank.append(built)
        seen: set[str] = set()
        for i, q in enumerate(bank):
            if q["id"] in seen:
                c.add(qdoc, (i, "id"), f"question id '{q['id']}' is used twice")
            seen.add(q["id"])
    else:
        c.add(course_doc, ("questions",), f"{qfile.name} is missing")
    bank_ids = {q["id"] for q in bank}
    topics = {q["topic"] for q in bank}
    if isinstance(checks, dict) and len(bank) < 2 * int(checks.get("items", 0)):
        c.add(
            course_doc,
            ("checks", "items"),
            "the bank needs twice as many questions as a check asks "
            "(pre and post use different items)",
        )

    # Modules
    modules: list[dict[str, Any]] = []
    unit_ids: set[str] = set()
    images = folder / "images"
    for i, entry in enumerate(d["modules"] or []):
        mpath = folder / str(entry)
        if not mpath.is_file():
            c.add(course_doc, ("modules", i), f"module file '{entry}' does not exist")
            continue
        mdoc = Located(mpath, root)
        m = mdoc.data
        if not c.keys(mdoc, (), m, {"id", "title", "outcomes", "units"}, {"summary", "optional"}):
            continue
        units = []
        for j, u in enumerate(m["units"] or []):
            built_unit = _unit(c, mdoc, ("units", j), u, sources, bank_ids, images)
            if built_unit is None:
                continue
            if built_unit["id"] in unit_ids:
                c.add(mdoc, ("units", j, "id"), f"unit id '{built_unit['id']}' is used twice")
            unit_ids.add(built_unit["id"])
            units.append(built_unit)
        if not m["outcomes"]:
            c.add(mdoc, ("outcomes",), "a module needs learning outcomes")
        modules.append(
            {
                "id": c.slug(mdoc, ("id",), m["id"]),
                "title": c.text(mdoc, ("title",), m["title"]),
                "summary": str(m.get("summary", "")).strip(),
                "outcomes": [str(o) for o in m["outcomes"] or []],
                "units": units,
                "optional": bool(m.get("optional", False)),
                "_doc": mdoc.name,
            }
        )
    module_ids = {m["id"] for m in modules}
    minutes_of = {m["id"]: sum(u["minutes"] for u in m["units"]) for m in modules}

    # Pathways
    pathways = []
    for i, pw in enumerate(d["pathways"] or []):
        pp = ("pathways", i)
        if not c.keys(
            course_doc, pp, pw, {"id", "title", "modules"}, {"description", "org_types", "practice"}
        ):
            continue
        for key in ("modules", "practice"):
            for j, mid in enumerate(pw.get(key) or []):
                if mid not in module_ids:
                    c.add(course_doc, (*pp, key, j), f"unknown module '{mid}'")
        total = sum(minutes_of.get(m, 0) for m in pw["modules"]) + 2 * int(checks.get("minutes", 0))
        if total > 45:
            c.add(course_doc, pp, f"pathway '{pw['id']}' takes {total} minutes; the limit is 45")
        pathways.append(
            {
                "id": c.slug(course_doc, (*pp, "id"), pw["id"]),
                "title": str(pw["title"]),
                "description": str(pw.get("description", "")).strip(),
                "org_types": [str(t) for t in pw.get("org_types") or []],
                "modules": [str(m) for m in pw["modules"]],
                "practice": [str(m) for m in pw.get("practice") or []],
            }
        )
    if rules.GENERAL_PATHWAY not in {p["id"] for p in pathways}:
        c.add(course_doc, ("pathways",), "a course needs a 'general' pathway for everyone else")
    if len(topics) < 2 and bank:
        c.add(course_doc, ("questions",), "the question bank needs at least two topics")
    if c.problems:
        raise CourseInvalid(c.problems)
    for m in modules:
        m.pop("_doc")
    data = {
        "id": c.slug(course_doc, ("id",), d["id"]),
        "title": str(d["title"]),
        "version": int(d["version"]),
        "cpd_hours": str(d["cpd_hours"]),
        "summary": str(d.get("summary", "")).strip(),
        "reviewed": c.date(course_doc, ("reviewed",), d["reviewed"]),
        "sources": sources,
        "checks": {k: int(v) for k, v in checks.items()},
        "pathways": pathways,
        "modules": modules,
        "bank": bank,
    }
    return data


def content_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
