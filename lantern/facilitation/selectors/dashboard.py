"""The programme dashboard and the reach CSV export."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, QuerySet
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
    SessionStatus,
)
from lantern.facilitation.selectors._common import Group, _n
from lantern.facilitation.selectors.delivery import (
    delivered_evaluation_rows,
    in_commitment_period,
    reached_bookings,
    tally,
)
from lantern.facilitation.selectors.evaluation import EvaluationSummary, summarise
from lantern.facilitation.selectors.sessions import session_queryset


@dataclass(frozen=True)
class Mix:
    session: AwarenessSession
    by_org_type: list[Group]
    # The mix counts people at a delivered session: before the end there is nothing to show.
    ended: bool = True

    @property
    def agencies(self) -> int:
        return len(self.by_org_type)


@dataclass(frozen=True)
class FacilitatorRow:
    """A facilitator's delivered sessions and staff reached in their commitment period (led or
    co-facilitated), counted as on their own home page."""

    facilitator: Facilitator
    sessions: int
    reached: int
    target: int
    evaluation: EvaluationSummary


@dataclass(frozen=True)
class Dashboard:
    programme: Programme
    # Not yet ended (the delivered ones are counted apart).
    sessions_upcoming: int
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
    attended = reached_bookings(now).filter(session__programme=programme)
    sessions = list(
        session_queryset()
        .filter(programme=programme)
        .prefetch_related("co_facilitators")
        .order_by("-starts_at")
    )
    scheduled = [s for s in sessions if s.status == SessionStatus.SCHEDULED]
    counts = tally(((_n(s, "attended_count"), s.ends_at) for s in scheduled), now)
    mix: dict[Any, list[Group]] = defaultdict(list)
    for group in (
        attended.values("session_id", "org_type")
        .annotate(n=Count("id"))
        .order_by("session_id", "-n")
    ):
        mix[group["session_id"]].append(
            Group(str(ORG_LABELS.get(group["org_type"], group["org_type"])), group["n"])
        )
    rows = delivered_evaluation_rows(now, session__programme=programme)
    by_facilitator: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    facilitator_of = {s.pk: s.facilitator_id for s in sessions}
    for row in rows:
        by_facilitator[facilitator_of.get(row["session_id"])].append(row)
    facilitators = list(
        Facilitator.objects.filter(programme=programme)
        .select_related("user", "organisation")
        .prefetch_related("commitments")
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
        sessions_upcoming=counts.upcoming,
        sessions_delivered=counts.delivered,
        sessions_awaiting_register=counts.awaiting_register,
        staff_reached=counts.reached,
        by_borough=_grouped(attended, "session__borough"),
        by_org_type=_grouped(attended, "org_type", ORG_LABELS),
        by_role=_grouped(attended, "job_role", ROLE_LABELS),
        mixes=[Mix(s, mix.get(s.pk, []), s.has_ended(now)) for s in sessions],
        facilitators=[_facilitator_row(f, scheduled, now, by_facilitator) for f in facilitators],
        evaluation=summarise(rows),
        overdue=overdue,
        cohorts=list(programme.cohorts.annotate(trainee_count=Count("trainees"))),
    )


def _facilitator_row(
    facilitator: Facilitator,
    scheduled: list[AwarenessSession],
    now: datetime,
    rows: dict[Any, list[dict[str, Any]]],
) -> FacilitatorRow:
    """As facilitator_reach counts it: led or co-facilitated, in the latest commitment period."""
    commitments = sorted(facilitator.commitments.all(), key=lambda c: c.starts_on, reverse=True)
    commitment = commitments[0] if commitments else None
    theirs = [
        s
        for s in scheduled
        if (
            s.facilitator_id == facilitator.pk
            or any(c.pk == facilitator.pk for c in s.co_facilitators.all())
        )
        and in_commitment_period(s.starts_at, commitment)
    ]
    counts = tally(((_n(s, "attended_count"), s.ends_at) for s in theirs), now)
    return FacilitatorRow(
        facilitator,
        counts.delivered,
        counts.reached,
        commitment.staff_target if commitment else 0,
        summarise(rows.get(facilitator.pk, [])),
    )


def _csv_status(session: AwarenessSession, now: datetime) -> str:
    if session.status != SessionStatus.SCHEDULED:
        return "Cancelled"
    if not session.has_ended(now):
        return "Coming up"
    return "Delivered" if _n(session, "attended_count") else "Awaiting the register"


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
        "Status",
        "Places",
        "Booked",
        "Attended",
        *[f"Attended: {t.label}" for t in org_types],
        "Answers before",
        "Answers after",
        "Knowledge before (%)",
        "Knowledge after (%)",
    ]
    now = timezone.now()
    sessions = list(session_queryset().filter(programme=programme).order_by("starts_at"))
    mix: dict[Any, dict[str, int]] = defaultdict(dict)
    # Attendance and answers of delivered sessions only, as on the pages (selectors.delivery).
    for group in (
        reached_bookings(now)
        .filter(session__programme=programme)
        .values("session_id", "org_type")
        .annotate(n=Count("id"))
    ):
        mix[group["session_id"]][group["org_type"]] = group["n"]
    by_session: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in delivered_evaluation_rows(now, session__programme=programme):
        by_session[row["session_id"]].append(row)
    for s in sessions:
        summary = summarise(by_session.get(s.pk, []))
        status = _csv_status(s, now)
        counted = status in ("Delivered", "Awaiting the register")
        yield [
            timezone.localtime(s.starts_at).date().isoformat(),
            safe_cell(s.title),
            safe_cell(s.facilitator.user.full_name),
            safe_cell(s.borough or "Not given"),
            safe_cell(s.get_scope_display()),
            safe_cell(s.get_mode_display()),
            status,
            str(s.capacity),
            str(_n(s, "confirmed_count")),
            str(_n(s, "attended_count")) if counted else "",
            *[rules.shown_count(mix[s.pk].get(t.value, 0)) if counted else "" for t in org_types],
            summary.before.shown if counted else "",
            summary.after.shown if counted else "",
            ""
            if summary.before.knowledge_percent is None
            else str(summary.before.knowledge_percent),
            "" if summary.after.knowledge_percent is None else str(summary.after.knowledge_percent),
        ]
