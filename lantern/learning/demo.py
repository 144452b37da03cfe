"""Synthetic progress for the demo learners (LANTERN_ENV=demo or test only)."""

from __future__ import annotations

from django.conf import settings

from lantern.accounts.demo import DEMO_DOMAIN
from lantern.accounts.models import User
from lantern.learning import services
from lantern.learning.models import AttemptKind, Course


def _answer_all_right(questions: list) -> dict[str, list[str]]:  # type: ignore[type-arg]
    return {q.id: list(q.correct_ids) for q in questions}


def seed_learning() -> list[str]:
    if settings.LANTERN_ENV not in {"demo", "test"}:
        raise RuntimeError("demo data only in LANTERN_ENV=demo or test")
    course = Course.objects.filter(slug="awareness").first()
    if course is None:
        return ["Learning: no course loaded (run load_content)"]
    spec = services.course_spec(course)
    lines = ["Learning demo progress"]
    # The police officer has finished, so there is a certificate and refreshers to show.
    officer = User.objects.filter(email=f"officer@{DEMO_DOMAIN}").first()
    if officer is not None:
        enrolment = services.enrolment_start(user=officer, course=course)
        if enrolment.completed_at is None:
            attempt = services.check_start(enrolment=enrolment, kind=AttemptKind.PRE)
            services.check_submit(
                enrolment=enrolment,
                kind=AttemptKind.PRE,
                answers=_answer_all_right([spec.bank[i] for i in attempt.items][:2])
                | {i: [spec.bank[i].options[0].id] for i in attempt.items[2:]},
                identify=2,
                respond=2,
                refer=1,
            )
            for unit in spec.required_units(enrolment.pathway):
                services.demo_unit_complete(enrolment=enrolment, unit=unit)
            post = services.check_start(enrolment=enrolment, kind=AttemptKind.POST)
            services.check_submit(
                enrolment=enrolment,
                kind=AttemptKind.POST,
                answers=_answer_all_right([spec.bank[i] for i in post.items]),
                identify=4,
                respond=4,
                refer=4,
            )
        lines.append(
            f"  {officer.email}: finished the {enrolment.pathway} pathway, certificate issued"
        )
    # The EH officer is part-way through (resume where they left off).
    eho = User.objects.filter(email=f"ehofficer@{DEMO_DOMAIN}").first()
    if eho is not None:
        enrolment = services.enrolment_start(
            user=eho, course=course, job_title="Environmental health officer"
        )
        lines.append(f"  {eho.email}: enrolled on the {enrolment.pathway} pathway")
    lines.append(f"  learner@{DEMO_DOMAIN}: not started (try the health pathway)")
    return lines
