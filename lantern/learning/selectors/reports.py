"""Reads for the learning reports. Learner records are read through functions that take the user,
so a manager only ever sees organisations where they hold a reporting role."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

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


def cohort_report(*, user: User, group_by: str) -> list[dict[str, Any]]:
    """Completion, knowledge and confidence gain, and retention per group.

    Completion is out of the group's learners: those who started, and (by organisation or
    team) the members with the learner role who have not. By pathway, only those who started.

    A fixed number of queries whatever the cohort size. An average over fewer than
    rules.SMALL_NUMBER people (those with a value, not the group's size) is hidden, and a gain
    is averaged over the people with both a before and an after.
    """
    if group_by not in GROUPS:
        group_by = "organisation"
    orgs = report_organisations(user=user)
    enrolments = list(
        Enrolment.objects.filter(organisation__in=orgs)
        .select_related("organisation", "team", "course")
        .defer("course__spec")
        .order_by()
    )
    ids = [e.pk for e in enrolments]
    scores, confidence = _checks_of(ids)
    refreshed: dict[tuple[Any, int], int] = {}
    for r in Refresher.objects.filter(enrolment_id__in=ids, completed_at__isnull=False).values(
        "enrolment_id", "months", "score", "max_score"
    ):
        refreshed[(r["enrolment_id"], r["months"])] = rules.percent(r["score"], r["max_score"])

    pathway_titles: dict[str, str] = {}
    groups: dict[str, list[Enrolment]] = defaultdict(list)
    for e in enrolments:
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
        groups[label].append(e)
    not_started = _not_started(orgs=orgs, group_by=group_by, enrolments=enrolments)

    rows = []
    for label in sorted(set(groups) | set(not_started)):
        members = groups[label]
        n = len(members)
        waiting = not_started.get(label, 0) if group_by != "pathway" else None
        learners = n + (waiting or 0)
        completed = sum(1 for e in members if e.completed_at)
        row: dict[str, Any] = {
            "group": label,
            "learners": learners,
            "enrolled": n,
            "not_started": waiting,
            "completed": completed,
            "completion_percent": rules.percent(completed, learners),
            **_gains(members, scores, confidence),
        }
        for months in rules.REFRESHER_MONTHS:
            row[f"retention_{months}m"] = rules.group_mean(
                rules.retention(scores.get((e.pk, "post")), refreshed.get((e.pk, months)))
                for e in members
            )
        rows.append(row)
    return rows


# The report page shows the columns in three tables, each with the group first, so that none is
# too wide for a laptop; the CSV has them all in one row.
REPORT_TABLES = (
    ("Completion", ("learners", "enrolled", "not_started", "completed", "completion_percent")),
    (
        "Knowledge and confidence, before and after the course",
        (
            "knowledge_before",
            "knowledge_after",
            "knowledge_gain",
            "confidence_before",
            "confidence_after",
            "confidence_gain",
        ),
    ),
    (
        "What people keep: refresher score as a share of their final check",
        ("retention_1m", "retention_3m", "retention_6m"),
    ),
)


def report_tables(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The cohort report's rows as the page's three tables (caption, column labels, rows)."""
    labels = dict(REPORT_COLUMNS)
    return [
        {
            "caption": caption,
            "labels": [labels[k] for k in keys],
            "rows": [(row["group"], [row[k] for k in keys]) for row in rows],
        }
        for caption, keys in REPORT_TABLES
    ]


REPORT_COLUMNS = (
    ("group", "Group"),
    ("learners", "Learners"),
    ("enrolled", "Started"),
    ("not_started", "Not started"),
    ("completed", "Completed"),
    ("completion_percent", "Completion % of learners"),
    ("knowledge_before", "Knowledge before %"),
    ("knowledge_after", "Knowledge after %"),
    ("knowledge_gain", "Knowledge gain (points)"),
    ("confidence_before", "Confidence before (1-5)"),
    ("confidence_after", "Confidence after (1-5)"),
    ("confidence_gain", "Confidence gain"),
    ("retention_1m", "Retention at 1 month %"),
    ("retention_3m", "Retention at 3 months %"),
    ("retention_6m", "Retention at 6 months %"),
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
    """One learner's refresher scores as a share of their post-course score."""
    post = Attempt.objects.filter(
        enrolment=enrolment, kind=AttemptKind.POST, submitted_at__isnull=False
    ).first()
    post_percent = rules.percent(post.score or 0, post.max_score or 0) if post else None
    out = []
    for r in Refresher.objects.filter(enrolment=enrolment).order_by("months"):
        percent = rules.percent(r.score, r.max_score) if r.completed_at and r.max_score else None
        kept = rules.retention(post_percent, percent)
        out.append(
            {
                "refresher": r,
                "percent": percent,
                # a whole number, as the score beside it ("100%", not "100.0%")
                "retention": None if kept is None else round(kept),
            }
        )
    return out
