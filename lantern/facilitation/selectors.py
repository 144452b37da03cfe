"""Reads for facilitation. Every list and dashboard runs a fixed number of queries (tested)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from lantern.accounts.models import OrganisationType, User
from lantern.facilitation import rules
from lantern.facilitation.models import (
    ActionStatus,
    Announcement,
    AwarenessSession,
    Booking,
    BookingStatus,
    Cohort,
    CohortAttendance,
    Commitment,
    EvaluationPhase,
    EvaluationResponse,
    Facilitator,
    FacilitatorStatus,
    FollowUpAction,
    JobRole,
    Post,
    Programme,
    ResourceDocument,
    ResourceDownload,
    ResourceVersion,
    Thread,
)

ATTENDED = Q(bookings__attended_at__isnull=False)


def _n(obj: Any, name: str) -> int:
    """An annotated count (the annotations of session_queryset() are not in the model's type)."""
    return int(getattr(obj, name, 0) or 0)


# --- Who is where ------------------------------------------------------------------------------


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


def session_queryset() -> QuerySet[AwarenessSession]:
    return AwarenessSession.objects.select_related(
        "facilitator__user", "facilitator__organisation", "programme"
    ).annotate(
        confirmed_count=Count(
            "bookings", filter=Q(bookings__status=BookingStatus.CONFIRMED), distinct=True
        ),
        waitlist_count=Count(
            "bookings", filter=Q(bookings__status=BookingStatus.WAITLISTED), distinct=True
        ),
        attended_count=Count("bookings", filter=ATTENDED, distinct=True),
    )


def sessions_for_user(user: User) -> QuerySet[AwarenessSession]:
    return (
        session_queryset()
        .filter(Q(facilitator__user=user) | Q(co_facilitators__user=user))
        .distinct()
        .order_by("-starts_at")
    )


def session_bookings(session: AwarenessSession) -> list[Booking]:
    return list(session.bookings.exclude(status=BookingStatus.CANCELLED).order_by("created_at"))


def session_for_booking_page(token: str) -> AwarenessSession | None:
    return session_queryset().filter(booking_token=token).first()


# --- Cohorts -----------------------------------------------------------------------------------


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


# --- Reach -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    facilitator: Facilitator
    commitment: Commitment | None
    sessions_delivered: int
    sessions_upcoming: int
    staff_reached: int
    sessions_target: int
    staff_target: int

    @property
    def staff_percent(self) -> int:
        return rules.progress_percent(self.staff_reached, self.staff_target)

    @property
    def sessions_percent(self) -> int:
        return rules.progress_percent(self.sessions_delivered, self.sessions_target)


def facilitator_reach(facilitator: Facilitator) -> Reach:
    """Sessions (led or co-facilitated) in the current commitment period, and people reached."""
    commitment = (
        Commitment.objects.filter(facilitator=facilitator)
        .prefetch_related("actions")
        .order_by("-starts_on")
        .first()
    )
    sessions = AwarenessSession.objects.filter(
        Q(facilitator=facilitator) | Q(co_facilitators=facilitator), status="scheduled"
    )
    if commitment is not None:
        sessions = sessions.filter(
            starts_at__date__gte=commitment.starts_on, starts_at__date__lt=commitment.ends_on
        )
    counted = (
        AwarenessSession.objects.filter(pk__in=sessions.values("pk"))
        .annotate(attended=Count("bookings", filter=ATTENDED))
        .values_list("attended", "starts_at")
    )
    now = timezone.now()
    delivered = upcoming = reached = 0
    for attended, starts_at in counted:
        if attended:
            delivered += 1
            reached += attended
        elif starts_at > now:
            upcoming += 1
    return Reach(
        facilitator=facilitator,
        commitment=commitment,
        sessions_delivered=delivered,
        sessions_upcoming=upcoming,
        staff_reached=reached,
        sessions_target=commitment.sessions_max if commitment else 0,
        staff_target=commitment.staff_target if commitment else 0,
    )


# --- Evaluation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseSummary:
    count: int
    suppressed: bool
    knowledge_percent: float | None = None
    confidence: dict[str, float | None] = field(default_factory=dict)
    reaction: dict[str, float | None] = field(default_factory=dict)


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


def facilitator_evaluation(facilitator: Facilitator) -> EvaluationSummary:
    return summarise(evaluation_rows(session__facilitator=facilitator))


# --- Programme dashboard -----------------------------------------------------------------------


@dataclass(frozen=True)
class Mix:
    session: AwarenessSession
    by_org_type: list[tuple[str, int]]

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
    staff_reached: int
    by_borough: list[tuple[str, int]]
    by_org_type: list[tuple[str, int]]
    by_role: list[tuple[str, int]]
    mixes: list[Mix]
    facilitators: list[FacilitatorRow]
    evaluation: EvaluationSummary
    overdue: list[FollowUpAction]
    cohorts: list[Cohort]


ORG_LABELS = dict(OrganisationType.choices)
ROLE_LABELS = dict(JobRole.choices)


def _grouped(
    qs: QuerySet[Booking], key: str, labels: dict[str, Any] | None = None
) -> list[tuple[str, int]]:
    rows = qs.values(key).annotate(n=Count("id")).order_by("-n", key)
    return [
        (str(labels.get(r[key], r[key]) if labels else (r[key] or "Not given")), r["n"])
        for r in rows
    ]


def programme_dashboard(programme: Programme) -> Dashboard:
    attended = Booking.objects.filter(session__programme=programme, attended_at__isnull=False)
    sessions = list(session_queryset().filter(programme=programme).order_by("-starts_at"))
    mix: dict[Any, list[tuple[str, int]]] = defaultdict(list)
    for group in (
        attended.values("session_id", "org_type")
        .annotate(n=Count("id"))
        .order_by("session_id", "-n")
    ):
        mix[group["session_id"]].append(
            (str(ORG_LABELS.get(group["org_type"], group["org_type"])), group["n"])
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
        sessions_delivered=len([s for s in sessions if _n(s, "attended_count")]),
        staff_reached=sum(_n(s, "attended_count") for s in sessions),
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
    """One row per session: the multi-agency mix and suppressed evaluation results."""
    org_types = list(OrganisationType)
    yield [
        "session_date",
        "title",
        "facilitator",
        "borough",
        "scope",
        "mode",
        "capacity",
        "booked",
        "attended",
        *[f"attended_{t.value}" for t in org_types],
        "evaluations_before",
        "evaluations_after",
        "knowledge_before_percent",
        "knowledge_after_percent",
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
            s.title,
            s.facilitator.user.full_name,
            s.borough,
            s.scope,
            s.mode,
            str(s.capacity),
            str(_n(s, "confirmed_count")),
            str(_n(s, "attended_count")),
            *[str(mix[s.pk].get(t.value, 0)) for t in org_types],
            str(summary.before.count),
            str(summary.after.count),
            ""
            if summary.before.knowledge_percent is None
            else str(summary.before.knowledge_percent),
            "" if summary.after.knowledge_percent is None else str(summary.after.knowledge_percent),
        ]


# --- Library and support space -----------------------------------------------------------------


@dataclass(frozen=True)
class LibraryRow:
    document: ResourceDocument
    latest: ResourceVersion | None
    up_to_date: list[User]
    behind: list[User]


def library(programme: Programme) -> list[LibraryRow]:
    documents = list(
        programme.resources.prefetch_related(
            Prefetch("versions", queryset=ResourceVersion.objects.select_related("uploaded_by"))
        )
    )
    members = [
        f.user
        for f in Facilitator.objects.filter(
            programme=programme, status=FacilitatorStatus.ACCREDITED
        ).select_related("user")
    ]
    latest_ids = {}
    for document in documents:
        versions = list(document.versions.all())
        latest_ids[document.pk] = versions[0].pk if versions else None
    have = set(
        ResourceDownload.objects.filter(
            version_id__in=[v for v in latest_ids.values() if v]
        ).values_list("version_id", "user_id")
    )
    out = []
    for document in documents:
        versions = list(document.versions.all())
        latest = versions[0] if versions else None
        up = [m for m in members if latest and (latest.pk, m.pk) in have]
        out.append(LibraryRow(document, latest, up, [m for m in members if m not in up]))
    return out


def announcements(programme: Programme) -> QuerySet[Announcement]:
    return programme.announcements.select_related("author")[:10]


def threads(programme: Programme) -> QuerySet[Thread]:
    return programme.threads.select_related("author").annotate(
        post_count=Count("posts", filter=Q(posts__hidden_at__isnull=True))
    )


def thread_posts(thread: Thread) -> QuerySet[Post]:
    return thread.posts.select_related("author")


def overdue_count(actions: Iterable[FollowUpAction], today: date | None = None) -> int:
    today = today or timezone.localdate()
    return sum(1 for a in actions if a.status != ActionStatus.DONE and a.due_on < today)
