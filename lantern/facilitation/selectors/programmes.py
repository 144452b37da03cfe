"""Who is where: programmes a person leads or belongs to, and cohort trainees."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from lantern.accounts.models import User
from lantern.facilitation.models import (
    Cohort,
    CohortAttendance,
    Facilitator,
    FacilitatorStatus,
    Programme,
)


def programmes_led_by(user: User) -> QuerySet[Programme]:
    return Programme.objects.filter(leads=user).annotate(
        facilitator_count=Count(
            "facilitators",
            filter=Q(facilitators__status=FacilitatorStatus.ACCREDITED),
            distinct=True,
        )
    )


def facilitator_records(user: User) -> QuerySet[Facilitator]:
    return (
        Facilitator.objects.filter(user=user)
        .exclude(status=FacilitatorStatus.WITHDRAWN)
        .select_related("programme", "organisation", "cohort")
    )


def programmes_for_member(user: User) -> list[Programme]:
    led = list(Programme.objects.filter(leads=user))
    seen = {p.pk for p in led}
    member = [f.programme for f in facilitator_records(user) if f.programme_id not in seen]
    return led + member


@dataclass(frozen=True)
class TraineeRow:
    facilitator: Facilitator
    attended: frozenset[int]


def cohort_trainees(cohort: Cohort) -> list[TraineeRow]:
    trainees = (
        Facilitator.objects.filter(cohort=cohort)
        .select_related("user", "organisation")
        .prefetch_related(
            Prefetch(
                "training_attendance",
                queryset=CohortAttendance.objects.only("session_number", "facilitator_id"),
            )
        )
    )
    return [
        TraineeRow(t, frozenset(a.session_number for a in t.training_attendance.all()))
        for t in trainees
    ]
