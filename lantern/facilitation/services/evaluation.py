"""Evaluation answers: anonymous sheets, with a separate receipt per booking and phase."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone

from lantern.facilitation import rules
from lantern.facilitation.kit import instrument
from lantern.facilitation.models import (
    Booking,
    BookingStatus,
    EvaluationPhase,
    EvaluationReceipt,
    EvaluationResponse,
)
from lantern.facilitation.services.errors import FacilitationError


@transaction.atomic
def evaluation_submit(
    *,
    booking: Booking,
    phase: str,
    answers: Mapping[str, str],
    confidence: Mapping[str, int],
    reaction: Mapping[str, int] | None = None,
    comments: str = "",
) -> EvaluationResponse:
    """Store one anonymous answer sheet and, separately, a receipt that this booking answered."""
    if booking.status != BookingStatus.CONFIRMED:
        raise FacilitationError("Only people with a place on the session can answer")
    if phase == EvaluationPhase.BEFORE and booking.session.starts_at <= timezone.now():
        raise FacilitationError("The before-session questions closed when the session started")
    if phase == EvaluationPhase.AFTER and booking.attended_at is None:
        raise FacilitationError("The after-session questions open when you have checked in")
    if phase == EvaluationPhase.AFTER and not booking.session.has_ended():
        raise FacilitationError("The after-session questions open when the session has ended")
    try:
        with transaction.atomic():
            EvaluationReceipt.objects.create(booking=booking, phase=phase)
    except IntegrityError as error:
        raise FacilitationError("You have already answered these questions. Thank you") from error
    inst = instrument()
    correct = {q.id: q.correct for q in inst.knowledge}
    chosen = {qid: str(answers.get(qid, "")) for qid in correct}
    reaction = reaction or {}
    response = EvaluationResponse.objects.create(
        session_id=booking.session_id,
        phase=phase,
        instrument=inst.key,
        knowledge_score=rules.knowledge_score(correct=correct, answers=chosen),
        knowledge_max=len(correct),
        confidence_identify=int(confidence["identify"]),
        confidence_respond=int(confidence["respond"]),
        confidence_refer=int(confidence["refer"]),
        reaction_relevant=reaction.get("relevant") if phase == EvaluationPhase.AFTER else None,
        reaction_delivery=reaction.get("delivery") if phase == EvaluationPhase.AFTER else None,
        reaction_recommend=reaction.get("recommend") if phase == EvaluationPhase.AFTER else None,
        comments=comments.strip() if phase == EvaluationPhase.AFTER else "",
        answers=chosen,
    )
    return response
