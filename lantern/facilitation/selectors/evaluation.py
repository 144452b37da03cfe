"""Evaluation summaries, with small groups suppressed so that no one can be singled out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from lantern.facilitation import rules
from lantern.facilitation.models import (
    AwarenessSession,
    Booking,
    BookingStatus,
    EvaluationPhase,
    EvaluationReceipt,
    EvaluationResponse,
)


@dataclass(frozen=True)
class PhaseSummary:
    count: int
    suppressed: bool
    knowledge_percent: float | None = None
    confidence: dict[str, float | None] = field(default_factory=dict)
    reaction: dict[str, float | None] = field(default_factory=dict)

    @property
    def shown(self) -> str:
        """How many answered, as a lead may see it ("fewer than 5" for a small group)."""
        return rules.shown_count(self.count)


@dataclass(frozen=True)
class EvaluationSummary:
    before: PhaseSummary
    after: PhaseSummary
    comments: tuple[str, ...] = ()

    @property
    def knowledge_gain(self) -> float | None:
        if self.before.knowledge_percent is None or self.after.knowledge_percent is None:
            return None
        return round(self.after.knowledge_percent - self.before.knowledge_percent, 1)


EVAL_FIELDS = (
    "session_id",
    "phase",
    "knowledge_score",
    "knowledge_max",
    "confidence_identify",
    "confidence_respond",
    "confidence_refer",
    "reaction_relevant",
    "reaction_delivery",
    "reaction_recommend",
    "comments",
)


def _phase_summary(rows: list[dict[str, Any]]) -> PhaseSummary:
    count = len(rows)
    if rules.suppressed(count):
        return PhaseSummary(count=count, suppressed=True)
    return PhaseSummary(
        count=count,
        suppressed=False,
        knowledge_percent=rules.mean(
            rules.percent(r["knowledge_score"], r["knowledge_max"]) for r in rows
        ),
        confidence={
            k: rules.mean(r[f"confidence_{k}"] for r in rows)
            for k in ("identify", "respond", "refer")
        },
        reaction={
            k: rules.mean(r[f"reaction_{k}"] for r in rows)
            for k in ("relevant", "delivery", "recommend")
        },
    )


def summarise(rows: Iterable[dict[str, Any]], *, with_comments: bool = False) -> EvaluationSummary:
    before = [r for r in rows if r["phase"] == EvaluationPhase.BEFORE]
    after = [r for r in rows if r["phase"] == EvaluationPhase.AFTER]
    after_summary = _phase_summary(after)
    comments: tuple[str, ...] = ()
    if with_comments and not after_summary.suppressed:
        # Sorted, not in submission order, so that order cannot hint at who wrote what.
        comments = tuple(sorted(r["comments"] for r in after if r["comments"]))
    return EvaluationSummary(_phase_summary(before), after_summary, comments)


def evaluation_rows(**filters: Any) -> list[dict[str, Any]]:
    return list(EvaluationResponse.objects.filter(**filters).values(*EVAL_FIELDS))


def session_evaluation(session: AwarenessSession) -> EvaluationSummary:
    rows = evaluation_rows(session=session)
    return summarise(rows, with_comments=True)


def evaluation_closed_reason(booking: Booking, phase: str) -> str | None:
    """Why this booking cannot answer this phase's questions now, or None if it can.

    Asked before the form is shown, so that nobody fills in every question to have their
    answers refused (evaluation_submit checks the same again when they are sent).
    """
    if booking.status == BookingStatus.CANCELLED:
        return "Your booking is cancelled, so there are no questions for you to answer."
    if booking.status != BookingStatus.CONFIRMED:
        return "Only people with a place on the session can answer these questions."
    if EvaluationReceipt.objects.filter(booking=booking, phase=phase).exists():
        return "You have already answered these questions. Thank you."
    if phase == EvaluationPhase.BEFORE and booking.session.starts_at <= timezone.now():
        # Answers given during or after the session would not describe "before".
        start = timezone.localtime(booking.session.starts_at)
        return f"The before-session questions closed when the session started, at {start:%H:%M}."
    if phase == EvaluationPhase.AFTER:
        if booking.attended_at is None:
            return "The after-session questions open when you have checked in at the session."
        if not booking.session.has_ended():
            end = timezone.localtime(booking.session.ends_at)
            return f"The after-session questions open when the session ends, at {end:%H:%M}."
    return None
