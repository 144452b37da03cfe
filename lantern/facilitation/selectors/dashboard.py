"""The programme dashboard and the reach CSV export."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from lantern.accounts.models import OrganisationType
from lantern.core.spreadsheet import safe_cell
from lantern.facilitation import rules
from lantern.facilitation.models import (
    ActionStatus,
    AwarenessSession,
    Booking,
    Cohort,
    Facilitator,
    FollowUpAction,
    JobRole,
    Programme,
)
from lantern.facilitation.selectors._common import Group, _n
from lantern.facilitation.selectors.evaluation import EvaluationSummary, evaluation_rows, summarise
from lantern.facilitation.selectors.sessions import session_queryset


@dataclass(frozen=True)
class Mix:
    session: AwarenessSession
    by_org_type: list[Group]

    @property
    def agencies(self) -> int:
        return len(self.by_org_type)


@dataclass(frozen=True)
class FacilitatorRow:
    facilitator: Facilitator
    sessions: int
    reached: int
    target: int
    evaluation: EvaluationSummary


@dataclass(frozen=True)
class Dashboard:
    programme: Programme
    sessions_scheduled: int
    sessions_delivered: int
    sessions_awaiting_register: int
    staff_reached: int
    by_borough: list[Group]
    by_org_type: list[Group]
    by_role: list[Group]
    mixes: list[Mix]
    facilitators: list[FacilitatorRow]
    evaluation: EvaluationSummary
    overdue: list[FollowUpAction]
    cohorts: list[Cohort]


ORG_LABELS = dict(OrganisationType.choices)
ROLE_LABELS = dict(JobRole.choices)


def _grouped(qs: QuerySet[Booking], key: str, labels: dict[str, Any] | None = None) -> list[Group]:
    """People by one field, largest group first; each shown to a lead with suppression."""
    rows = qs.values(key).annotate(n=Count("id")).order_by("-n", key)
    return [
        Group(str(labels.get(r[key], r[key]) if labels else (r[key] or "Not given")), r["n"])
        for r in rows
    ]


def programme_dashboard(programme: Programme) -> Dashboard:
    now = timezone.now()
    # Reach counts sessions that have ended (check-in opens before the start).
    attended = Booking.objects.filter(
        session__programme=programme, attended_at__isnull=False, session__ends_at__lte=now
    )
    sessions = list(session_queryset().filter(programme=programme).order_by("-starts_at"))
    ended = [s for s in sessions if s.status == "scheduled" and s.has_ended(now)]
    mix: dict[Any, list[Group]] = defaultdict(list)
    for group in (
        attended.values("session_id", "org_type")
        .annotate(n=Count("id"))
        .order_by("session_id", "-n")
    ):
        mix[group["session_id"]].append(
            Group(str(ORG_LABELS.get(group["org_type"], group["org_type"])), group["n"])
        )
    rows = evaluation_rows(session__programme=programme)
    by_facilitator: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    facilitator_of = {s.pk: s.facilitator_id for s in sessions}
    for row in rows:
        by_facilitator[facilitator_of.get(row["session_id"])].append(row)
    facilitators = (
        Facilitator.objects.filter(programme=programme)
        .select_related("user", "organisation")
        .annotate(
            session_total=Count("sessions", distinct=True),
            reached=Count(
                "sessions__bookings",
                filter=Q(sessions__bookings__attended_at__isnull=False),
                distinct=True,
            ),
            target=Max("commitments__staff_target"),
        )
    )
    today = timezone.localdate()
    overdue = list(
        FollowUpAction.objects.filter(
            commitment__facilitator__programme=programme, due_on__lt=today
        )
        .exclude(status=ActionStatus.DONE)
        .select_related("commitment__facilitator__user", "commitment__facilitator__organisation")
        .order_by("due_on")
    )
    return Dashboard(
        programme=programme,
        sessions_scheduled=len([s for s in sessions if s.status == "scheduled"]),
        sessions_delivered=len([s for s in ended if _n(s, "attended_count")]),
        sessions_awaiting_register=len([s for s in ended if not _n(s, "attended_count")]),
        staff_reached=sum(_n(s, "attended_count") for s in ended),
        by_borough=_grouped(attended, "session__borough"),
        by_org_type=_grouped(attended, "org_type", ORG_LABELS),
        by_role=_grouped(attended, "job_role", ROLE_LABELS),
        mixes=[Mix(s, mix.get(s.pk, [])) for s in sessions],
        facilitators=[
            FacilitatorRow(
                f,
                f.session_total,
                f.reached,
                f.target or 0,
                summarise(by_facilitator.get(f.pk, [])),
            )
            for f in facilitators
        ],
        evaluation=summarise(rows),
        overdue=overdue,
        cohorts=list(programme.cohorts.annotate(trainee_count=Count("trainees"))),
    )


def reach_csv_rows(programme: Programme) -> Iterable[list[str]]:
    """One row per session: the multi-agency mix and evaluation results, small groups shown
    as "fewer than 5" as on the pages.

    Headers and values are words a reader understands; every free-text cell goes through
    ``safe_cell`` (a title or name starting with = would otherwise run as a formula).
    """
    org_types = list(OrganisationType)
    yield [
        "Date",
        "Session",
        "Facilitator",
        "Borough",
        "In borough or cross-borough",
        "Where held",
        "Places",
        "Booked",
        "Attended",
        *[f"Attended: {t.label}" for t in org_types],
        "Answers before",
        "Answers after",
        "Knowledge before (%)",
        "Knowledge after (%)",
    ]
    sessions = list(session_queryset().filter(programme=programme).order_by("starts_at"))
    mix: dict[Any, dict[str, int]] = defaultdict(dict)
    for group in (
        Booking.objects.filter(session__programme=programme, attended_at__isnull=False)
        .values("session_id", "org_type")
        .annotate(n=Count("id"))
    ):
        mix[group["session_id"]][group["org_type"]] = group["n"]
    by_session: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in evaluation_rows(session__programme=programme):
        by_session[row["session_id"]].append(row)
    for s in sessions:
        summary = summarise(by_session.get(s.pk, []))
        yield [
            timezone.localtime(s.starts_at).date().isoformat(),
            safe_cell(s.title),
            safe_cell(s.facilitator.user.full_name),
            safe_cell(s.borough or "Not given"),
            safe_cell(s.get_scope_display()),
            safe_cell(s.get_mode_display()),
            str(s.capacity),
            str(_n(s, "confirmed_count")),
            str(_n(s, "attended_count")),
            *[rules.shown_count(mix[s.pk].get(t.value, 0)) for t in org_types],
            summary.before.shown,
            summary.after.shown,
            ""
            if summary.before.knowledge_percent is None
            else str(summary.before.knowledge_percent),
            "" if summary.after.knowledge_percent is None else str(summary.after.knowledge_percent),
        ]
