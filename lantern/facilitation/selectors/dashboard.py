"""The programme dashboard and the reach CSV export."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
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
from lantern.facilitation.selectors._common import Group, _n, in_order, protected
from lantern.facilitation.selectors.delivery import (
    delivered_evaluation_rows,
    in_commitment_period,
    reached_bookings,
    tally,
)
from lantern.facilitation.selectors.evaluation import EvaluationSummary, PhaseSummary, summarise
from lantern.facilitation.selectors.sessions import session_queryset


@dataclass(frozen=True)
class Mix:
    session: AwarenessSession
    by_org_type: list[Group]
    # The mix counts people at a delivered session: before the end there is nothing to show.
    ended: bool = True


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

    @property
    def suppression_note(self) -> str:
        return rules.SUPPRESSION_SENTENCE


ORG_LABELS = dict(OrganisationType.choices)
ROLE_LABELS = dict(JobRole.choices)


def _grouped(
    qs: QuerySet[Booking],
    key: str,
    labels: dict[str, Any] | None = None,
    every: Sequence[str] = (),
) -> list[Group]:
    """People by one field, largest group first, with small groups (and any that could be
    worked out from the total) hidden. ``every`` lists each value the field can take, so that
    a group of nobody can be hidden with a small one when nothing else is left to hide."""
    counts = {r[key]: r["n"] for r in qs.values(key).annotate(n=Count("id")).order_by(key)}
    for value in every:
        counts.setdefault(value, 0)

    def label(value: Any) -> str:
        return str(labels.get(value, value)) if labels else str(value or "Not given")

    return protected([Group(label(value), n) for value, n in counts.items()])


@dataclass(frozen=True)
class MixTable:
    """People at each delivered session by type of organisation, and the programme's totals by
    type, hidden together: the sessions' totals and the programme's total are shown, so a
    number is hidden with another in its session and in its type (``rules.hidden_in_table``).
    The programme page and the reach CSV both read it, so they hide the same numbers."""

    counts: dict[Any, dict[str, int]]
    hidden: frozenset[tuple[Any, str]]
    by_org_type: list[Group]

    def groups(self, session_id: Any) -> list[Group]:
        return in_order(
            [
                Group(str(ORG_LABELS[t]), n, (session_id, t) in self.hidden)
                for t in OrganisationType.values
                if (n := self.counts.get(session_id, {}).get(t, 0))
                or (session_id, t) in self.hidden
            ]
        )

    def cell(self, session_id: Any, org_type: str) -> int | str:
        if (session_id, org_type) in self.hidden:
            return rules.CSV_MARKER
        return self.counts.get(session_id, {}).get(org_type, 0)


def mix_table(attended: QuerySet[Booking]) -> MixTable:
    counts: dict[Any, dict[str, int]] = defaultdict(dict)
    for group in attended.values("session_id", "org_type").annotate(n=Count("id")).order_by():
        counts[group["session_id"]][group["org_type"]] = group["n"]
    types = list(OrganisationType.values)
    sessions = sorted(counts, key=str)
    rows = [[counts[s].get(t, 0) for t in types] for s in sessions]
    body, columns = rules.hidden_in_table(rows)
    totals = [
        Group(str(ORG_LABELS[t]), sum(row[c] for row in rows), c in columns)
        for c, t in enumerate(types)
    ]
    return MixTable(
        counts=dict(counts),
        hidden=frozenset((sessions[r], types[c]) for r, c in body),
        by_org_type=in_order([g for g in totals if g.count or g.hidden]),
    )


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
    mix = mix_table(attended)
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
        by_org_type=mix.by_org_type,
        by_role=_grouped(attended, "job_role", ROLE_LABELS, JobRole.values),
        mixes=[Mix(s, mix.groups(s.pk), s.has_ended(now)) for s in sessions],
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


def reach_csv_rows(programme: Programme) -> Iterable[list[object]]:
    """One row per session: the multi-agency mix and evaluation results. Counts are numbers;
    a hidden one is the ONS marker "[c]", and the row's Notes cell says what it means. The
    people by type hide the same numbers as the programme page (``MixTable``), and the answers
    hide a second session's count where one could be worked out from the page's total.

    Headers and values are words a reader understands; every free-text cell goes through
    ``safe_cell`` (a title or name starting with = would otherwise run as a formula).
    """
    org_types = list(OrganisationType.values)
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
        *[f"Attended: {ORG_LABELS[t]}" for t in org_types],
        "Answers before",
        "Answers after",
        "Knowledge before (%)",
        "Knowledge after (%)",
        "Notes",
    ]
    now = timezone.now()
    sessions = list(session_queryset().filter(programme=programme).order_by("starts_at"))
    # Attendance and answers of delivered sessions only, as on the pages (selectors.delivery).
    mix = mix_table(reached_bookings(now).filter(session__programme=programme))
    by_session: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for answer in delivered_evaluation_rows(now, session__programme=programme):
        by_session[answer["session_id"]].append(answer)
    counted = [s for s in sessions if _csv_status(s, now) in ("Delivered", "Awaiting the register")]
    summaries = {s.pk: summarise(by_session.get(s.pk, [])) for s in counted}
    answers: dict[str, dict[Any, int | str]] = {}
    for phase in ("before", "after"):
        numbers = [getattr(summaries[s.pk], phase).count for s in counted]
        hidden = rules.hidden_in_list(numbers)
        answers[phase] = {
            s.pk: rules.CSV_MARKER if i in hidden else numbers[i] for i, s in enumerate(counted)
        }
    for s in sessions:
        if s.pk not in summaries:
            row: list[object] = ["" for _ in range(len(org_types) + 5)]
        else:
            summary = summaries[s.pk]
            row = [
                _n(s, "attended_count"),
                *[mix.cell(s.pk, t) for t in org_types],
                answers["before"][s.pk],
                answers["after"][s.pk],
                _knowledge(summary.before),
                _knowledge(summary.after),
            ]
        yield [
            timezone.localtime(s.starts_at).date().isoformat(),
            safe_cell(s.title),
            safe_cell(s.facilitator.user.full_name),
            safe_cell(s.borough or "Not given"),
            safe_cell(s.get_scope_display()),
            safe_cell(s.get_mode_display()),
            _csv_status(s, now),
            s.capacity,
            _n(s, "confirmed_count"),
            *row,
            rules.CSV_NOTE if rules.CSV_MARKER in row else "",
        ]


def _knowledge(phase: PhaseSummary) -> object:
    """An average of at least 5 answers; "[c]" for fewer, blank for none."""
    if phase.knowledge_percent is not None:
        return phase.knowledge_percent
    return rules.CSV_MARKER if phase.count else ""
