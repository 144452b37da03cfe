"""Reads for a learner's own learning: courses, enrolments, where they are, what is next."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.models import User
from lantern.core.prepared import PreparedRead, instance, loaded_fields
from lantern.core.roles import Role
from lantern.learning import rules
from lantern.learning.models import (
    Attempt,
    AttemptKind,
    Certificate,
    Course,
    Enrolment,
    LearnerPseudonym,
    Refresher,
    UnitProgress,
)
from lantern.learning.services import course_spec, pseudonym_known
from lantern.learning.spec import CourseSpec, Module, Option, Question, Unit


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


# "I do not know yet", shown as the learner's answer on a check's results.
DONT_KNOW_OPTION = Option(
    id=rules.DONT_KNOW,
    text=rules.DONT_KNOW_TEXT,
    correct=False,
    feedback="That is fine: the right answer and why are below.",
)


def attempt_results(*, attempt: Attempt, questions: Sequence[Question]) -> list[dict[str, Any]]:
    """What a marked attempt shows, question by question: the learner's answer and the right
    one, each with its feedback ("I do not know yet" shown as the answer it was)."""
    answers = {a.item: a for a in attempt.answers.all()}
    out = []
    for q in questions:
        answer = answers.get(q.id)
        selected = set(answer.selected) if answer else set()
        # "Also right" only beside a right option the learner chose in a select-all question.
        missed = (
            "Also right"
            if q.kind != "single" and selected & set(q.correct_ids)
            else ("Correct answer")
        )
        options = [
            {
                "option": o,
                "selected": o.id in selected,
                "label": "Your answer" if o.id in selected else missed,
            }
            for o in q.options
            if o.id in selected or o.correct
        ]
        dont_know = rules.DONT_KNOW in selected
        if dont_know:
            options.insert(
                0, {"option": DONT_KNOW_OPTION, "selected": True, "label": "Your answer"}
            )
        out.append(
            {
                "question": q,
                "correct": bool(answer and answer.correct),
                "dont_know": dont_know,
                "options": options,
            }
        )
    return out


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
    minutes_total = spec.minutes_for(enrolment.pathway)
    return Overview(
        spec=spec,
        enrolment=enrolment,
        modules=modules,
        practice=states(spec.practice_for(enrolment.pathway)),
        pre_done=bool(pre and pre.submitted_at),
        post_done=bool(post and post.submitted_at),
        next_unit=next_unit,
        certificate=Certificate.objects.filter(enrolment=enrolment).first(),
        minutes_total=minutes_total,
        minutes_left=minutes_left,
        percent=rules.progress_percent(minutes_left=minutes_left, minutes_total=minutes_total),
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


def pre_check_submitted(*, enrolment: Enrolment) -> bool:
    return Attempt.objects.filter(
        enrolment=enrolment, kind=AttemptKind.PRE, submitted_at__isnull=False
    ).exists()


def home_next_steps(*, user: User) -> list[dict[str, str]]:
    """What a learner's home page offers first: where to carry on in each unfinished course, and
    each refresher that is due (PRODUCT.md: resume across sittings; a refresher weeks later)."""
    steps: list[dict[str, str]] = []
    unfinished = Enrolment.objects.filter(user=user, completed_at__isnull=True).select_related(
        "course"
    )
    for enrolment in unfinished.defer("course__spec"):
        ov = overview(enrolment=enrolment)
        slug = enrolment.course.slug
        if not ov.pre_done:
            label = f"Start {ov.spec.title}: the questions at the start"
            href = reverse("learning:check", kwargs={"course": slug, "kind": "pre"})
        elif ov.next_unit is not None:
            label = f"Continue your course: {ov.next_unit.title}"
            href = reverse("learning:unit", kwargs={"course": slug, "unit_id": ov.next_unit.id})
        elif not ov.post_done:
            label = f"Finish {ov.spec.title}: the final check"
            href = reverse("learning:check", kwargs={"course": slug, "kind": "post"})
        else:
            continue
        steps.append({"role": Role.LEARNER, "label": label, "href": href})
    due = Refresher.objects.filter(
        enrolment__user=user, completed_at__isnull=True, due_on__lte=timezone.localdate()
    ).select_related("enrolment__course")
    for refresher in due.defer("enrolment__course__spec").order_by("due_on"):
        steps.append(
            {
                "role": Role.LEARNER,
                "label": f"A refresher is ready: {refresher.months}-month refresher, "
                f"{refresher.enrolment.course.title} (about 5 minutes)",
                "href": reverse("learning:refresher", kwargs={"refresher_id": refresher.pk}),
            }
        )
    return steps
