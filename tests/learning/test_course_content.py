"""The awareness course says what FACTS.md supports (content review of 2026-12-01)."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string

from lantern.learning import rules, services
from lantern.learning.content import load_course
from lantern.learning.spec import CourseSpec, Question, Unit, build_spec

REAL = services.courses_dir() / "awareness"


pytestmark = pytest.mark.django_db  # the importer checks standards ids in the database


@pytest.fixture
def spec() -> CourseSpec:
    return build_spec(load_course(REAL))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _unit_text(unit: Unit) -> str:
    parts = [unit.html]
    if unit.scenario:
        for node in unit.scenario.nodes.values():
            parts += [node.html, node.debrief_html]
            parts += [f"{c.text} {c.feedback}" for c in node.choices]
    return _text(" ".join(parts))


def _path_score(spec: CourseSpec, unit_id: str, choice_ids: list[str]) -> tuple[str, int]:
    scenario = spec.units[unit_id].scenario
    assert scenario is not None
    node = scenario.nodes[scenario.start]
    steps = []
    for choice_id in choice_ids:
        choice = node.choice(choice_id)
        assert choice is not None, (node.id, choice_id)
        steps.append((choice.points, node.best_points))
        node = scenario.nodes[choice.to]
    assert node.ending
    return node.outcome, rules.scenario_score(ending_score=node.score, steps=steps)


def test_the_nail_bar_best_path_leaves_neutrally_and_safeguards_the_child(spec: CourseSpec) -> None:
    assert _path_score(spec, "case-nail-bar.visit", ["young", "leave-report"]) == ("good", 100)
    outcome, score = _path_score(spec, "case-nail-bar.visit", ["young", "interpreter"])
    assert outcome == "mixed" and score < 100
    scenario = spec.units["case-nail-bar.visit"].scenario
    assert scenario is not None
    best = scenario.nodes["ages"].choice("leave-report")
    assert best is not None and "children's services" in best.text


def test_every_duty_to_notify_statement_is_limited_to_england_and_wales(spec: CourseSpec) -> None:
    for unit in spec.units.values():
        text = _unit_text(unit)
        if re.search(r"Duty to Notify|notify the Home Office|notifies the Home Office", text):
            assert "England and Wales" in text, unit.id


def test_hsc_trust_and_glaa_staff_are_told_they_are_first_responders(spec: CourseSpec) -> None:
    pathway = {p.id: p for p in spec.pathways}
    assert "hsc_trust" in pathway["health"].org_types
    health = _text(spec.units["health.setting"].html)
    assert "Health and Social Care (HSC) Trusts are first responders" in health
    assert "In England, Wales and Scotland, the NHS is not a first responder" in health
    assert "glaa" in pathway["regulatory"].org_types
    regulatory = _text(spec.units["regulatory.setting"].html)
    assert "If you work for the GLAA" in regulatory
    assert "You work for a local authority" not in regulatory


VISIBLE_CHECK = re.compile(
    r"check current guidance|check the current list|check (it|them) before you use", re.I
)


def test_a_unit_with_a_check_current_fact_says_so_in_its_text(spec: CourseSpec) -> None:
    # FACTS.md: [R] facts ship only with a visible "check current guidance" note, not only
    # inside the collapsed "Sources and review date" block.
    for unit in spec.units.values():
        if any(f.check_current for f in unit.facts):
            assert VISIBLE_CHECK.search(_unit_text(unit)), unit.id


def test_every_question_rests_on_sourced_facts(spec: CourseSpec) -> None:
    # Content review of 2026-12-01: every question in the bank (the checks draw from all of
    # them) lists the facts it rests on, each with a public source and a review date.
    for question in spec.bank.values():
        assert question.facts, question.id
        for fact in question.facts:
            assert fact.source.url.startswith("https://"), question.id
            assert fact.reviewed in {"2026-11-30", "2026-12-01"}, question.id
        assert all(o.feedback for o in question.options), question.id
    helpline = spec.bank["helpline-number"]
    assert all(f.check_current for f in helpline.facts)


def _question_text(question: Question) -> str:
    return " ".join(
        [question.stem, question.explanation] + [f"{o.text} {o.feedback}" for o in question.options]
    )


def test_a_question_that_gives_a_phone_number_says_to_check_it(spec: CourseSpec) -> None:
    for question in spec.bank.values():
        if re.search(r"\b0800\d? ?\d", _question_text(question)):
            assert any(f.source.key == "helpline" and f.check_current for f in question.facts)
            text = _question_text(question)
            assert VISIBLE_CHECK.search(text) or "heck the number before" in text, question.id


def test_every_duty_to_notify_question_is_limited_to_england_and_wales(spec: CourseSpec) -> None:
    for question in spec.bank.values():
        text = _question_text(question)
        if re.search(r"Duty to Notify|notify the Home Office|section 52", text):
            assert re.search(r"England and Wales|in England\b", text), question.id


def test_a_question_s_sources_are_shown_with_its_feedback(spec: CourseSpec) -> None:
    question = spec.bank["helpline-number"]
    html = render_to_string(
        "learning/_results.html",
        {"results": [{"question": question, "correct": True, "options": []}]},
    )
    fact = question.facts[0]
    assert fact.source.url in html
    assert f"Reviewed {fact.reviewed_text}." in html
    assert "Check current guidance" in html
