"""Validating the parts of a course: facts, questions, units and scenarios."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lantern.core.yamlfile import YamlFile, YamlPath
from lantern.learning import rules
from lantern.learning.content.markdown import render_markdown
from lantern.learning.content.validation import Checker

UNIT_KINDS = ("page", "questions", "scenario")
OUTCOMES = ("good", "mixed", "poor")


def _facts(
    c: Checker, doc: YamlFile, path: YamlPath, value: Any, sources: dict[str, Any]
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


def _pathway_tags(
    c: Checker, doc: YamlFile, p: YamlPath, value: Any, pathway_ids: list[str]
) -> list[str]:
    """A question's `pathways`: the pathways it suits (left out: every pathway)."""
    if not isinstance(value, list) or not value:
        c.add(doc, p, "'pathways' must list at least one pathway id, or be left out for all")
        return []
    tags = []
    for i, tag in enumerate(value):
        if tag not in pathway_ids:
            c.add(
                doc,
                (*p, i),
                f"unknown pathway '{tag}' (the pathways in course.yaml are "
                f"{', '.join(pathway_ids)})",
            )
        tags.append(str(tag))
    return tags


def _question(
    c: Checker,
    doc: YamlFile,
    p: YamlPath,
    q: Any,
    sources: dict[str, Any],
    pathway_ids: list[str],
) -> dict[str, Any] | None:
    # A question whose feedback states law, process, a number or a contact lists those claims
    # in `facts`, like a page (claim, source, reviewed, check_current); they are shown with the
    # feedback. (`source` and `reviewed` at the top of a question were once accepted and
    # dropped unchecked; they are now refused, so a claim cannot look sourced when it is not.)
    # `pathways` names the pathways a question suits, for one that only some learners should
    # meet in their checks (a council inspection, a nurse's route); left out, it suits everyone.
    if not c.keys(
        doc, p, q, {"id", "topic", "kind", "stem", "options"},
        {"explanation", "covers", "refresher", "facts", "pathways"},
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
        if o["id"] == rules.DONT_KNOW:
            c.add(
                doc,
                (*op, "id"),
                f"option id '{rules.DONT_KNOW}' is kept for the checks' "
                f"'{rules.DONT_KNOW_TEXT}' answer: use another id",
            )
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
        "facts": _facts(c, doc, (*p, "facts"), q["facts"], sources) if "facts" in q else [],
        "pathways": (
            _pathway_tags(c, doc, (*p, "pathways"), q["pathways"], pathway_ids)
            if "pathways" in q
            else []
        ),
    }


def _scenario(
    c: Checker, doc: YamlFile, p: YamlPath, u: dict[str, Any], images: Path
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

        def problem(msg: str, path: YamlPath = (*np_, "text")) -> None:
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
    doc: YamlFile,
    p: YamlPath,
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
