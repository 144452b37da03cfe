"""Reads for the learning reports. Learner records are read through functions that take the user,
so a manager only ever sees organisations where they hold a reporting role."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from lantern.accounts.models import Membership, Organisation, User
from lantern.core.roles import Role
from lantern.learning import rules
from lantern.learning.models import (
    Attempt,
    AttemptKind,
    Certificate,
    ConfidenceRating,
    Enrolment,
    Refresher,
)
from lantern.learning.services import course_spec

REPORT_ROLES = (Role.ORG_ADMIN, Role.PROGRAMME_LEAD)


# --- Reports -----------------------------------------------------------------------------------


def report_organisations(*, user: User) -> QuerySet[Organisation]:
    """Organisations whose learning the user may report on."""
    if Role.PLATFORM_ADMIN in user.roles():
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role__in=REPORT_ROLES
    ).distinct()


def certificates_for_admin(*, user: User) -> QuerySet[Certificate]:
    orgs = report_organisations(user=user)
    return (
        Certificate.objects.filter(organisation__in=orgs)
        .select_related("organisation")
        .order_by("-issued_on")
    )


GROUPS = ("organisation", "team", "pathway")


def _checks_of(
    ids: list[Any],
) -> tuple[dict[tuple[Any, str], int], dict[tuple[Any, str], float]]:
    """Each enrolment's pre- and post-course check score (percent) and mean confidence (1-5)."""
    scores: dict[tuple[Any, str], int] = {}
    for a in Attempt.objects.filter(
        enrolment_id__in=ids,
        kind__in=[AttemptKind.PRE, AttemptKind.POST],
        submitted_at__isnull=False,
    ).values("enrolment_id", "kind", "score", "max_score"):
        scores[(a["enrolment_id"], a["kind"])] = rules.percent(a["score"], a["max_score"])
    confidence: dict[tuple[Any, str], float] = {}
    for c in ConfidenceRating.objects.filter(enrolment_id__in=ids).values(
        "enrolment_id", "phase", "identify", "respond", "refer"
    ):
        confidence[(c["enrolment_id"], c["phase"])] = (
            c["identify"] + c["respond"] + c["refer"]
        ) / 3
    return scores, confidence


def _gains(
    members: list[Enrolment],
    scores: dict[tuple[Any, str], int],
    confidence: dict[tuple[Any, str], float],
) -> dict[str, float | None]:
    """Knowledge and confidence before, after and gained. Every average counts the people
    behind it, and is hidden under rules.SMALL_NUMBER."""
    pre = [scores.get((e.pk, "pre")) for e in members]
    post = [scores.get((e.pk, "post")) for e in members]
    conf_pre = [confidence.get((e.pk, "pre")) for e in members]
    conf_post = [confidence.get((e.pk, "post")) for e in members]
    return {
        "knowledge_before": rules.group_mean(pre),
        "knowledge_after": rules.group_mean(post),
        "knowledge_gain": rules.group_gain(zip(pre, post, strict=True)),
        "confidence_before": rules.group_mean(conf_pre),
        "confidence_after": rules.group_mean(conf_post),
        "confidence_gain": rules.group_gain(zip(conf_pre, conf_post, strict=True)),
    }


def completions_summary(
    *, organisation_ids: list[Any], start: datetime, end: datetime
) -> dict[str, Any]:
    """E-learning completed between ``start`` and ``end`` by staff of these organisations:
    how many, and their knowledge and confidence before and after (hidden under
    rules.SMALL_NUMBER people), for reports such as the quarterly SAB report."""
    members = list(
        Enrolment.objects.filter(
            organisation_id__in=organisation_ids, completed_at__range=(start, end)
        ).only("pk")
    )
    scores, confidence = _checks_of([e.pk for e in members])
    return {"completed": len(members), **_gains(members, scores, confidence)}


def _group_label(group_by: str, organisation: str | None, team: str | None) -> str:
    org = organisation or "No organisation"
    if group_by == "organisation":
        return org
    return f"{org}: {team}" if team else f"{org}: no team"


def _not_started(
    *, orgs: QuerySet[Organisation], group_by: str, enrolments: list[Enrolment]
) -> dict[str, int]:
    """How many of each group's learners (active members with the learner role) have not
    started: the rest of the denominator for completion. By pathway there is none, since
    someone who has not started has no pathway yet."""
    if group_by == "pathway":
        return {}
    started = {(e.user_id, e.organisation_id) for e in enrolments}
    counts: dict[str, int] = defaultdict(int)
    for m in (
        Membership.objects.filter(organisation__in=orgs, role=Role.LEARNER, user__is_active=True)
        .values_list("user_id", "organisation_id", "organisation__name", "team__name")
        .order_by()
    ):
        user_id, org_id, org_name, team_name = m
        if (user_id, org_id) not in started:
            counts[_group_label(group_by, org_name, team_name)] += 1
    return counts


# Each measure compares two scores of the same people: (key, the row's keys for the number of
# people, the first score, the second, and the change from one to the other).
PAIRED_MEASURES: tuple[tuple[str, tuple[str, str, str, str]], ...] = (
    ("knowledge", ("knowledge_people", "knowledge_before", "knowledge_after", "knowledge_gain")),
    (
        "confidence",
        ("confidence_people", "confidence_before", "confidence_after", "confidence_gain"),
    ),
    *(
        (
            f"refresher_{m}m",
            (
                f"refresher_{m}m_people",
                f"refresher_{m}m_final",
                f"refresher_{m}m_score",
                f"refresher_{m}m_change",
            ),
        )
        for m in rules.REFRESHER_MONTHS
    ),
)


def _paired(pairs: list[tuple[float, float]]) -> tuple[float, float, float]:
    """The mean first score, the mean second score and the mean change, to one decimal place:
    one set of people behind all three, so the change is the second less the first."""
    first = sum(b for b, _ in pairs) / len(pairs)
    second = sum(a for _, a in pairs) / len(pairs)
    return round(first, 1), round(second, 1), round(second - first, 1)


@dataclass(frozen=True)
class Period:
    """The enrolments the report is about: those started from ``start`` to ``end`` (dates, both
    included). ``offered`` are all the periods (start, end) the report offers, this one among
    them: the all-time figure less theirs must not give this one's hidden figure away."""

    start: date
    end: date
    offered: tuple[tuple[date, date], ...] = ()

    def bucket(self, day: date) -> int:
        """Which offered period ``day`` is in (-1: none of them, so never shown on its own)."""
        offered = self.offered or ((self.start, self.end),)  # nothing else is ever shown
        return next((i for i, (a, b) in enumerate(offered) if a <= day <= b), -1)

    @property
    def index(self) -> int:
        return self.bucket(self.start)


def _hidden_in_time(
    period: Period, members: list[Enrolment], pairs: list[tuple[float, float] | None]
) -> bool:
    """Whether the period's figure for these people (one group, over all time; ``pairs`` the
    comparison of each, None without one) is to be hidden because the group's all-time figure
    less the other periods' would give it, or a small one of theirs, away."""
    counts: dict[int, int] = defaultdict(int)
    for e, pair in zip(members, pairs, strict=True):
        if pair is not None:
            counts[period.bucket(timezone.localdate(e.started_at))] += 1
    buckets = sorted(set(counts) | {period.index})
    children = [(None, counts.get(b, 0)) for b in buckets]
    hidden = rules.hidden_groups(children, forced=[buckets.index(-1)] if -1 in counts else [])
    return buckets.index(period.index) in hidden


def cohort_report(
    *, user: User, group_by: str, period: Period | None = None
) -> list[dict[str, Any]]:
    """Completion, knowledge and confidence before and after, and what people keep, per group.

    Completion is out of the group's learners: those who started, and (by organisation or
    team, over all time) the members with the learner role who have not. By pathway, or for
    a period, only those who started (in the period), since nobody's not starting has a date.

    Each comparison (before and after the course; the final check and a refresher) is over the
    people who have both scores, and shows how many they are: the first score, the second and
    the change all describe the same people. Showing the first check's average over everyone
    who took it beside a gain over fewer people would give away the score of whoever took only
    the first, by subtraction. A comparison is hidden under rules.SMALL_NUMBER people, and
    rules.hidden_groups hides more so that no hidden one can be worked out from the others:
    the other groups under the same total, and, for a period, the group's other periods, whose
    all-time figure less theirs would give the period's.

    A fixed number of queries whatever the cohort size.
    """
    if group_by not in GROUPS:
        group_by = "organisation"
    orgs = report_organisations(user=user)
    # every enrolment, for a period too: its figures are checked against all time's
    everyone = list(
        Enrolment.objects.filter(organisation__in=orgs)
        .select_related("organisation", "team", "course")
        .defer("course__spec")
        .order_by()
    )
    enrolments = (
        everyone
        if period is None
        else [e for e in everyone if period.start <= timezone.localdate(e.started_at) <= period.end]
    )
    ids = [e.pk for e in everyone]
    scores, confidence = _checks_of(ids)
    refreshed: dict[tuple[Any, int], int] = {}
    for r in Refresher.objects.filter(enrolment_id__in=ids, completed_at__isnull=False).values(
        "enrolment_id", "months", "score", "max_score"
    ):
        refreshed[(r["enrolment_id"], r["months"])] = rules.percent(r["score"], r["max_score"])

    pathway_titles: dict[str, str] = {}
    groups: dict[str, list[Enrolment]] = defaultdict(list)
    all_time: dict[str, list[Enrolment]] = defaultdict(list)
    parents: dict[str, Any] = {}
    chosen = {e.pk for e in enrolments}
    for e in everyone:
        if group_by == "pathway":
            if e.pathway not in pathway_titles:
                pathway_titles[e.pathway] = course_spec(e.course).pathway(e.pathway).title
            label = pathway_titles[e.pathway]
        else:
            label = _group_label(
                group_by,
                e.organisation.name if e.organisation else None,
                e.team.name if e.team else None,
            )
        all_time[label].append(e)
        if e.pk in chosen:
            groups[label].append(e)
            # a team's figures add up to its organisation's, shown in the report by organisation
            parents[label] = e.organisation_id if group_by == "team" else None
    not_started = (
        {}
        if period is not None
        else _not_started(orgs=orgs, group_by=group_by, enrolments=enrolments)
    )
    counts_waiting = group_by != "pathway" and period is None

    def each_pair(measure: str, members: list[Enrolment]) -> list[tuple[float, float] | None]:
        """Each person's comparison for ``measure``, None when they lack one of its scores."""
        got: list[tuple[float | None, float | None]]
        if measure == "knowledge":
            got = [(scores.get((e.pk, "pre")), scores.get((e.pk, "post"))) for e in members]
        elif measure == "confidence":
            got = [(confidence.get((e.pk, "pre")), confidence.get((e.pk, "post"))) for e in members]
        else:
            months = int(measure.removeprefix("refresher_").removesuffix("m"))
            got = [(scores.get((e.pk, "post")), refreshed.get((e.pk, months))) for e in members]
        return [(float(b), float(a)) if b is not None and a is not None else None for b, a in got]

    def pairs_of(measure: str, members: list[Enrolment]) -> list[tuple[float, float]]:
        return [p for p in each_pair(measure, members) if p is not None]

    rows: list[dict[str, Any]] = []
    paired: dict[str, list[list[tuple[float, float]]]] = {m: [] for m, _ in PAIRED_MEASURES}
    for label in sorted(set(groups) | set(not_started)):
        members = groups[label]
        n = len(members)
        waiting = not_started.get(label, 0) if counts_waiting else None
        learners = n + (waiting or 0)
        completed = sum(1 for e in members if e.completed_at)
        rows.append(
            {
                "group": label,
                "learners": learners,
                "enrolled": n,
                "not_started": waiting,
                "completed": completed,
                "completion_percent": rules.percent(completed, learners),
            }
        )
        for measure, _ in PAIRED_MEASURES:
            paired[measure].append(pairs_of(measure, members))
    for measure, (people, first, second, change) in PAIRED_MEASURES:
        in_time = (
            []
            if period is None
            else [
                i
                for i, row in enumerate(rows)
                if _hidden_in_time(
                    period, all_time[row["group"]], each_pair(measure, all_time[row["group"]])
                )
            ]
        )
        hidden = rules.hidden_groups(
            [
                (parents.get(row["group"]), len(p))
                for row, p in zip(rows, paired[measure], strict=True)
            ],
            forced=in_time,
        )
        for i, (row, pairs) in enumerate(zip(rows, paired[measure], strict=True)):
            row[people] = len(pairs)
            shown = pairs and i not in hidden
            row[first], row[second], row[change] = _paired(pairs) if shown else (None, None, None)
    return rows


# The report page shows the columns in tables of a few columns each, with the group first, so
# that none is too wide for a laptop; the CSV has them all in one row.
REPORT_TABLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "completion",
        "Completion",
        ("learners", "enrolled", "not_started", "completed", "completion_percent"),
    ),
    (
        "knowledge",
        "Knowledge: questions right in the first check and the final check",
        ("knowledge_people", "knowledge_before", "knowledge_after", "knowledge_gain"),
    ),
    (
        "confidence",
        "Confidence (1 to 5) before and after the course",
        ("confidence_people", "confidence_before", "confidence_after", "confidence_gain"),
    ),
    *(
        (
            "keep",
            f"What people keep after {m} month{'s' if m > 1 else ''}: "
            "the refresher beside their final check",
            (
                f"refresher_{m}m_people",
                f"refresher_{m}m_final",
                f"refresher_{m}m_score",
                f"refresher_{m}m_change",
            ),
        )
        for m in rules.REFRESHER_MONTHS
    ),
)


def report_tables(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The cohort report's rows as the page's tables (kind, caption, column labels, rows)."""
    labels = dict(REPORT_COLUMNS)
    return [
        {
            "kind": kind,
            "caption": caption,
            "labels": [labels[k] for k in keys],
            "rows": [(row["group"], [row[k] for k in keys]) for row in rows],
        }
        for kind, caption, keys in REPORT_TABLES
    ]


def _month_columns(m: int) -> tuple[tuple[str, str], ...]:
    when = f"{m}-month refresher"
    return (
        (f"refresher_{m}m_people", f"People who took the {when}"),
        (f"refresher_{m}m_final", f"Their final check % ({when})"),
        (f"refresher_{m}m_score", f"Their {when} %"),
        (f"refresher_{m}m_change", f"Change since the final check (points, {when})"),
    )


REPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("group", "Group"),
    ("learners", "Learners"),
    ("enrolled", "Started"),
    ("not_started", "Not started"),
    ("completed", "Completed"),
    ("completion_percent", "Completion % of learners"),
    ("knowledge_people", "People who took both checks"),
    ("knowledge_before", "Knowledge before %"),
    ("knowledge_after", "Knowledge after %"),
    ("knowledge_gain", "Knowledge gain (points)"),
    ("confidence_people", "People who rated their confidence before and after"),
    ("confidence_before", "Confidence before (1-5)"),
    ("confidence_after", "Confidence after (1-5)"),
    ("confidence_gain", "Confidence gain"),
    *(column for m in rules.REFRESHER_MONTHS for column in _month_columns(m)),
)


@dataclass(frozen=True)
class Change:
    label: str
    before: int | None
    after: int | None


@dataclass(frozen=True)
class LearnerGain:
    """What the course changed for one learner: their checks' scores (percent) and their
    confidence (1-5) to identify, respond and refer, before and after."""

    knowledge: Change
    confidence: list[Change]


CONFIDENCE_LABELS = (
    ("identify", "Spotting the signs"),
    ("respond", "Knowing what to do"),
    ("refer", "Referring someone or getting them help"),
)


def learner_gain(*, enrolment: Enrolment) -> LearnerGain:
    """Two queries: the submitted checks and the confidence ratings."""
    scores = {
        a.kind: rules.percent(a.score, a.max_score)
        for a in Attempt.objects.filter(
            enrolment=enrolment,
            kind__in=[AttemptKind.PRE, AttemptKind.POST],
            submitted_at__isnull=False,
        )
    }
    ratings = {c.phase: c for c in ConfidenceRating.objects.filter(enrolment=enrolment)}
    pre, post = ratings.get(AttemptKind.PRE), ratings.get(AttemptKind.POST)
    return LearnerGain(
        knowledge=Change(
            "Questions right (%)", scores.get(AttemptKind.PRE), scores.get(AttemptKind.POST)
        ),
        confidence=[
            Change(
                label,
                getattr(pre, key) if pre else None,
                getattr(post, key) if post else None,
            )
            for key, label in CONFIDENCE_LABELS
        ],
    )


def learner_retention(*, enrolment: Enrolment) -> list[dict[str, Any]]:
    """One learner's refresher scores beside their final check's, and the change in points
    (as the learning report shows them: a share of a share could read as over 100%)."""
    post = Attempt.objects.filter(
        enrolment=enrolment, kind=AttemptKind.POST, submitted_at__isnull=False
    ).first()
    post_percent = rules.percent(post.score or 0, post.max_score or 0) if post else None
    out = []
    for r in Refresher.objects.filter(enrolment=enrolment).order_by("months"):
        percent = rules.percent(r.score, r.max_score) if r.completed_at and r.max_score else None
        change = None
        if percent is not None and post_percent is not None:
            change = round(percent - post_percent)
        out.append(
            {
                "refresher": r,
                # whole numbers, as the scores beside them ("100%", not "100.0%")
                "percent": percent,
                "final": None if post_percent is None else round(post_percent),
                "change": change,
            }
        )
    return out
