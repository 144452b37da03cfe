"""Reads for the learning views and reports. Learner records are read through functions that
take the user, so a manager only ever sees organisations where they hold a reporting role."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone

from lantern.accounts.models import Organisation, User
from lantern.core.prepared import PreparedRead, instance, loaded_fields
from lantern.core.roles import Role
from lantern.learning import rules
from lantern.learning.models import (
    Attempt,
    AttemptKind,
    Certificate,
    ConfidenceRating,
    Course,
    Enrolment,
    LearnerPseudonym,
    Refresher,
    UnitProgress,
)
from lantern.learning.services import course_spec, pseudonym_known
from lantern.learning.spec import CourseSpec, Module, Unit

REPORT_ROLES = (Role.ORG_ADMIN, Role.PROGRAMME_LEAD)


def courses_available() -> QuerySet[Course]:
    return Course.objects.defer("spec")


def course_or_404(*, slug: str) -> Course:
    """A course by its slug, without its large ``spec`` column (read from the spec cache)."""
    return get_object_or_404(courses_available(), slug=slug)


def refresher_or_404(*, refresher_id: Any) -> Refresher:
    """A refresher with its enrolment and course; the caller checks who may take it."""
    return get_object_or_404(
        Refresher.objects.select_related("enrolment__course").defer("enrolment__course__spec"),
        pk=refresher_id,
    )


def certificate_or_404(*, certificate_id: Any) -> Certificate:
    """A certificate with its enrolment; the caller checks who may download or revoke it."""
    return get_object_or_404(Certificate.objects.select_related("enrolment"), pk=certificate_id)


def certificate_of(*, enrolment: Enrolment) -> Certificate | None:
    return Certificate.objects.filter(enrolment=enrolment).first()


def latest_quiz_attempt(*, enrolment: Enrolment, unit_id: str) -> Attempt | None:
    return (
        Attempt.objects.filter(enrolment=enrolment, kind=AttemptKind.QUIZ, unit=unit_id)
        .order_by("-started_at")
        .first()
    )


def enrolment_for(*, user: User, course: Course) -> Enrolment | None:
    return Enrolment.objects.filter(user=user, course=course).first()


_ENROLMENT_FIELDS = loaded_fields(Enrolment)
_COURSE_FIELDS = loaded_fields(Course, leave_out=["spec"])  # the spec is read from its cache


def _enrolment_with_course(*, with_xapi_key: bool) -> PreparedRead:
    def build(user_id: Any, slug: str) -> QuerySet[Any, Any]:
        enrolments = Enrolment.objects.filter(user_id=user_id, course__slug=slug).order_by()
        columns = [*_ENROLMENT_FIELDS, *(f"course__{f}" for f in _COURSE_FIELDS)]
        if with_xapi_key:
            enrolments = enrolments.annotate(
                xapi_key=Subquery(
                    LearnerPseudonym.objects.filter(user=OuterRef("user")).values("key")[:1]
                )
            )
            columns.append("xapi_key")
        return enrolments.values_list(*columns)

    return PreparedRead(
        Enrolment,
        build,
        [
            (Enrolment._meta.get_field("user").target_field, uuid.UUID(int=0)),  # type: ignore[attr-defined]
            (Course._meta.get_field("slug"), "\x00slug"),
        ],
    )


_ENROLMENT_IN = {key: _enrolment_with_course(with_xapi_key=key) for key in (False, True)}


def enrolment_in(*, user: User, course_slug: str, with_xapi_key: bool = False) -> Enrolment | None:
    """The learner's enrolment with its course (large ``spec`` column deferred), in one query
    compiled once per database (``lantern.core.prepared``).

    ``with_xapi_key`` also reads the learner's xAPI pseudonym in the same query, for a request
    that will record statements (it costs a reading request more than it saves)."""
    row = _ENROLMENT_IN[with_xapi_key].row(user.pk, course_slug)
    if row is None:
        return None
    split = len(_ENROLMENT_FIELDS)
    enrolment: Enrolment = instance(Enrolment, _ENROLMENT_FIELDS, row[:split])
    enrolment.course = instance(Course, _COURSE_FIELDS, row[split : split + len(_COURSE_FIELDS)])
    enrolment.user = user  # the same person: saves reading them again
    if with_xapi_key and row[-1] is not None:
        pseudonym_known(user, row[-1])
    return enrolment


def unit_sources_html(*, spec: CourseSpec, unit: Unit) -> str:
    """A unit's "Sources and review date" block. It is made from the course content alone, so it
    is rendered once per process and course version, not on every page view."""
    key = f"sources:{unit.id}"
    html = spec.rendered.get(key)
    if html is None:
        facts = [(f, spec.sources[f.source]) for f in unit.facts]
        html = spec.rendered[key] = render_to_string("learning/_sources.html", {"facts": facts})
    return html


@dataclass
class UnitState:
    unit: Unit
    started: bool
    done: bool
    score: int | None
    max_score: int | None


@dataclass
class ModuleState:
    module: Module
    units: list[UnitState]

    @property
    def done(self) -> bool:
        return all(u.done for u in self.units)

    @property
    def done_count(self) -> int:
        return sum(1 for u in self.units if u.done)


@dataclass
class Overview:
    spec: CourseSpec
    enrolment: Enrolment
    modules: list[ModuleState]
    practice: list[ModuleState]
    pre_done: bool
    post_done: bool
    next_unit: Unit | None
    certificate: Certificate | None
    minutes_total: int
    minutes_left: int
    percent: int = 0
    units_left: list[Unit] = field(default_factory=list)
    started: bool = False  # any unit opened: the button says "continue", not "start"


def overview(*, enrolment: Enrolment) -> Overview:
    """Everything the course page shows, in three queries."""
    spec = course_spec(enrolment.course)
    progress = {p.unit: p for p in UnitProgress.objects.filter(enrolment=enrolment)}
    checks = {
        a.kind: a
        for a in Attempt.objects.filter(
            enrolment=enrolment, kind__in=[AttemptKind.PRE, AttemptKind.POST]
        )
    }

    def states(modules: list[Module]) -> list[ModuleState]:
        out = []
        for module in modules:
            units = []
            for unit in module.units:
                p = progress.get(unit.id)
                units.append(
                    UnitState(
                        unit=unit,
                        started=p is not None,
                        done=bool(p and p.completed_at),
                        score=p.score if p else None,
                        max_score=p.max_score if p else None,
                    )
                )
            out.append(ModuleState(module=module, units=units))
        return out

    modules = states(spec.modules_for(enrolment.pathway))
    left = [u.unit for m in modules for u in m.units if not u.done]
    total_units = sum(len(m.units) for m in modules)
    pre = checks.get(AttemptKind.PRE)
    post = checks.get(AttemptKind.POST)
    # Resume where they left off: the unit they last opened if unfinished, else the next one.
    next_unit = None
    if left:
        last = spec.units.get(enrolment.last_unit)
        next_unit = last if last in left else left[0]
    minutes_left = sum(u.minutes for u in left) + spec.check_minutes * (
        (0 if pre and pre.submitted_at else 1) + (0 if post and post.submitted_at else 1)
    )
    return Overview(
        spec=spec,
        enrolment=enrolment,
        modules=modules,
        practice=states(spec.practice_for(enrolment.pathway)),
        pre_done=bool(pre and pre.submitted_at),
        post_done=bool(post and post.submitted_at),
        next_unit=next_unit,
        certificate=Certificate.objects.filter(enrolment=enrolment).first(),
        minutes_total=spec.minutes_for(enrolment.pathway),
        minutes_left=minutes_left,
        percent=round(100 * (total_units - len(left)) / total_units) if total_units else 0,
        units_left=left,
        started=bool(progress),
    )


@dataclass
class MyLearning:
    courses: list[dict[str, Any]]
    certificates: list[Certificate]
    refreshers_due: list[Refresher]
    refreshers_later: list[Refresher]


def my_learning(*, user: User) -> MyLearning:
    enrolments = {e.course_id: e for e in Enrolment.objects.filter(user=user)}
    courses = []
    for course in courses_available():
        enrolment = enrolments.get(course.pk)
        spec = course_spec(course)
        item: dict[str, Any] = {"course": course, "spec": spec, "enrolment": enrolment}
        if enrolment is not None:
            item["overview"] = overview(enrolment=enrolment)
            item["pathway"] = spec.pathway(enrolment.pathway)
        courses.append(item)
    today = timezone.localdate()
    refreshers = list(
        Refresher.objects.filter(enrolment__user=user, completed_at__isnull=True)
        .select_related("enrolment__course")
        .order_by("due_on")
    )
    return MyLearning(
        courses=courses,
        certificates=list(
            Certificate.objects.filter(enrolment__user=user).select_related("enrolment")
        ),
        refreshers_due=[r for r in refreshers if r.due_on <= today],
        refreshers_later=[r for r in refreshers if r.due_on > today],
    )


def certificate_by_code(*, code: str) -> Certificate | None:
    return Certificate.objects.filter(code=code).first()


def badge_indexed_count() -> int:
    """How many certificates have a place in the badge revocation lists."""
    return Certificate.objects.filter(status_index__isnull=False).count()


def badge_list_count() -> int:
    """How many revocation lists are published: enough that every placed index falls in one."""
    from lantern.learning.badges import LIST_BITS

    highest = (
        Certificate.objects.filter(status_index__isnull=False)
        .order_by("-status_index")
        .values_list("status_index", flat=True)
        .first()
    )
    allocated = 1 + badge_indexed_count() // (LIST_BITS // 2)
    return max(allocated, 1 + (highest or 0) // LIST_BITS)


def badge_revoked_positions(*, number: int) -> list[int]:
    """Places in list ``number`` whose certificates are revoked."""
    from lantern.learning.badges import LIST_BITS

    start = number * LIST_BITS
    indexes = Certificate.objects.filter(
        status="revoked", status_index__gte=start, status_index__lt=start + LIST_BITS
    ).values_list("status_index", flat=True)
    return [index - start for index in indexes if index is not None]


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


def cohort_report(*, user: User, group_by: str) -> list[dict[str, Any]]:
    """Completion, knowledge and confidence gain, and retention per group.

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
        if group_by == "organisation":
            label = e.organisation.name if e.organisation else "No organisation"
        elif group_by == "team":
            org = e.organisation.name if e.organisation else "No organisation"
            label = f"{org}: {e.team.name}" if e.team else f"{org}: no team"
        else:
            if e.pathway not in pathway_titles:
                pathway_titles[e.pathway] = course_spec(e.course).pathway(e.pathway).title
            label = pathway_titles[e.pathway]
        groups[label].append(e)

    rows = []
    for label in sorted(groups):
        members = groups[label]
        n = len(members)
        completed = sum(1 for e in members if e.completed_at)
        row: dict[str, Any] = {
            "group": label,
            "enrolled": n,
            "completed": completed,
            "completion_percent": rules.percent(completed, n),
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
    ("Completion", ("enrolled", "completed", "completion_percent")),
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
    ("enrolled", "Enrolled"),
    ("completed", "Completed"),
    ("completion_percent", "Completion %"),
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
        out.append(
            {
                "refresher": r,
                "percent": percent,
                "retention": rules.retention(post_percent, percent),
            }
        )
    return out
