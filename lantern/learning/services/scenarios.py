"""Scenarios (branching case studies): runs, choices and restarts."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from lantern.learning import rules, xapi
from lantern.learning.models import Enrolment, ScenarioChoice, ScenarioRun
from lantern.learning.services._shared import (
    LearningError,
    _touch,
    _unit_complete,
    statement_record,
)
from lantern.learning.services.progress import unit_open
from lantern.learning.spec import Unit


def scenario_run_current(*, enrolment: Enrolment, unit: Unit) -> ScenarioRun:
    if unit.scenario is None:
        raise LearningError("This part is not a case study")
    run = ScenarioRun.objects.filter(enrolment=enrolment, unit=unit.id).first()
    if run is None:
        run = ScenarioRun.objects.create(
            enrolment=enrolment, unit=unit.id, node=unit.scenario.start
        )
    return run


@transaction.atomic
def scenario_restart(*, enrolment: Enrolment, unit: Unit) -> ScenarioRun:
    if unit.scenario is None:
        raise LearningError("This part is not a case study")
    return ScenarioRun.objects.create(enrolment=enrolment, unit=unit.id, node=unit.scenario.start)


@transaction.atomic
def scenario_choose(
    *, enrolment: Enrolment, unit: Unit, run_id: uuid.UUID, node: str, choice: str
) -> ScenarioChoice:
    """Record a choice and move the run on. ``node`` guards against a stale page (back button)."""
    if unit.scenario is None:
        raise LearningError("This part is not a case study")
    run = ScenarioRun.objects.select_for_update().filter(pk=run_id, enrolment=enrolment).first()
    if run is None or run.unit != unit.id:
        raise LearningError("This case study has been restarted; carry on from here")
    if run.ended_at is not None or run.node != node:
        raise LearningError("You have already made that choice; carry on from here")
    current = unit.scenario.nodes[run.node]
    picked = current.choice(choice)
    if picked is None:
        raise LearningError("Choose one of the options")
    unit_open(enrolment=enrolment, unit=unit)  # a choice posted before the page was shown
    seq = run.choices.count() + 1
    made = ScenarioChoice.objects.create(
        run=run, seq=seq, node=current.id, choice=picked.id, to_node=picked.to, points=picked.points
    )
    statement_record(
        enrolment=enrolment,
        verb="chose",
        activity_type="scenario",
        parts=("unit", enrolment.course.slug, unit.id, current.id),
        name=f"{unit.title}: {picked.text}"[:200],
        result={
            "response": picked.id,
            "extensions": {xapi.homepage() + "/xapi/extensions/to": picked.to},
        },
    )
    run.node = picked.to
    target = unit.scenario.nodes[picked.to]
    fields = ["node"]
    if target.ending:
        nodes = unit.scenario.nodes
        score = rules.scenario_score(
            ending_score=target.score,
            steps=[
                (points, nodes[n].best_points if n in nodes else points)
                for n, points in run.choices.order_by("seq").values_list("node", "points")
            ],
        )
        run.ended_at, run.ending, run.score = timezone.now(), target.id, score
        fields += ["ended_at", "ending", "score"]
    run.save(update_fields=fields)
    _touch(enrolment, unit.id)
    if target.ending:
        _unit_complete(enrolment=enrolment, unit=unit, score=run.score, max_score=100)
    return made
