"""Loading one course folder: course.yaml, the question bank and the modules, checked together."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from lantern.core.yamlfile import YamlFile, YamlPath
from lantern.learning import rules
from lantern.learning.content.parts import _question, _unit
from lantern.learning.content.validation import (
    Checker,
    CourseInvalid,
    Problem,
    read_doc,
    standards_checker,
)


def load_course(folder: Path) -> dict[str, Any]:
    """Validate one course folder. Returns the JSON-safe course dict or raises CourseInvalid."""
    c = Checker(standards=standards_checker())
    root = folder.parent
    try:
        course_doc = read_doc(folder / "course.yaml", root)
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

    # The pathway ids, read first: questions name the pathways they suit.
    pathway_ids = [
        str(pw["id"]) for pw in d["pathways"] or [] if isinstance(pw, dict) and "id" in pw
    ]

    # Question bank
    bank: list[dict[str, Any]] = []
    qfile = folder / str(d.get("questions", "questions.yaml"))
    if qfile.is_file():
        qdoc = read_doc(qfile, root)
        for i, q in enumerate(qdoc.data or []):
            built = _question(c, qdoc, (i,), q, sources, pathway_ids)
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
    check_items = int(checks.get("items", 0)) if isinstance(checks, dict) else 0
    refresher_items = int(checks.get("refresher_items", 0)) if isinstance(checks, dict) else 0

    # Modules
    modules: list[dict[str, Any]] = []
    unit_ids: set[str] = set()
    # module id -> where each question its checks ask is named (file, path, question id)
    asked: dict[str, list[tuple[YamlFile, YamlPath, str]]] = {}
    images = folder / "images"
    for i, entry in enumerate(d["modules"] or []):
        mpath = folder / str(entry)
        if not mpath.is_file():
            c.add(course_doc, ("modules", i), f"module file '{entry}' does not exist")
            continue
        mdoc = read_doc(mpath, root)
        m = mdoc.data
        if not c.keys(mdoc, (), m, {"id", "title", "outcomes", "units"}, {"summary", "optional"}):
            continue
        units = []
        for j, u in enumerate(m["units"] or []):
            built_unit = _unit(c, mdoc, ("units", j), u, sources, bank_ids, images)
            if built_unit is None:
                continue
            for k, item in enumerate(built_unit.get("items", [])):
                asked.setdefault(str(m["id"]), []).append((mdoc, ("units", j, "items", k), item))
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
        _pathway_checks(c, course_doc, pp, str(pw["id"]), bank, check_items, refresher_items)
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
    _module_checks_suit(c, pathways, bank, asked)
    if rules.GENERAL_PATHWAY not in {p["id"] for p in pathways}:
        c.add(course_doc, ("pathways",), "a course needs a 'general' pathway for everyone else")
    if len(topics) < 2 and bank:
        c.add(course_doc, ("questions",), "the question bank needs at least two topics")
    # The course's own fields are checked before anything is returned, like every other part.
    course_id = c.slug(course_doc, ("id",), d["id"])
    title = c.text(course_doc, ("title",), d["title"])
    reviewed = c.date(course_doc, ("reviewed",), d["reviewed"])
    version = d["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        c.add(course_doc, ("version",), "expected a whole number, 1 or more")
    cpd_hours = d["cpd_hours"]
    if isinstance(cpd_hours, bool) or not isinstance(cpd_hours, int | float) or cpd_hours <= 0:
        c.add(course_doc, ("cpd_hours",), "expected a number of hours, more than 0 (e.g. 1.5)")
    if c.problems:
        raise CourseInvalid(c.problems)
    for m in modules:
        m.pop("_doc")
    data = {
        "id": course_id,
        "title": title,
        "version": int(version),
        "cpd_hours": str(cpd_hours),
        "summary": str(d.get("summary", "")).strip(),
        "reviewed": reviewed,
        "sources": sources,
        "checks": {k: int(v) for k, v in checks.items()},
        "pathways": pathways,
        "modules": modules,
        "bank": bank,
    }
    return data


def _pathway_checks(
    c: Checker,
    doc: YamlFile,
    pp: YamlPath,
    pathway: str,
    bank: list[dict[str, Any]],
    check_items: int,
    refresher_items: int,
) -> None:
    """The questions that suit a pathway can fill its checks: the check before the course and
    the final check (different items), and a refresher."""
    suits = [q for q in bank if not q["pathways"] or pathway in q["pathways"]]
    if len(suits) < 2 * check_items:
        c.add(
            doc,
            pp,
            f"pathway '{pathway}' has {len(suits)} questions that suit it; its check before the "
            f"course and its final check need {2 * check_items} (they use different items)",
        )
    refreshers = sum(1 for q in suits if q["refresher"])
    if refreshers < refresher_items:
        c.add(
            doc,
            pp,
            f"pathway '{pathway}' has {refreshers} refresher questions that suit it; "
            f"a refresher asks {refresher_items}",
        )


def _module_checks_suit(
    c: Checker,
    pathways: list[dict[str, Any]],
    bank: list[dict[str, Any]],
    asked: dict[str, list[tuple[YamlFile, YamlPath, str]]],
) -> None:
    """A module's check asks only questions that suit every pathway that takes the module (a
    core module's check is asked on every pathway)."""
    tags = {q["id"]: q["pathways"] for q in bank}
    for module_id, places in asked.items():
        taking = [p["id"] for p in pathways if module_id in p["modules"]]
        for mdoc, path, item in places:
            suited = tags.get(item) or []
            left_out = [p for p in taking if suited and p not in suited]
            if left_out:
                c.add(
                    mdoc,
                    path,
                    f"question '{item}' suits only {', '.join(suited)}, but pathway "
                    f"{', '.join(repr(p) for p in left_out)} takes this module too: a "
                    "module's check asks questions that suit every pathway that takes it",
                )


def content_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
