"""Rows for learning tests and route samples."""

from __future__ import annotations

from typing import Any

from lantern.accounts.models import Organisation, User
from lantern.learning import services
from lantern.learning.models import Certificate, Course, Enrolment, Refresher
from lantern.learning.rules import DONT_KNOW, add_months
from tests.helpers import make_user


def course() -> Course:
    existing = Course.objects.filter(slug="awareness").first()
    if existing is not None:
        return existing
    return services.course_import(folder=services.courses_dir() / "awareness")


def check_done(
    enrolment: Enrolment,
    kind: str,
    right: int | None = None,
    confidence: int = 3,
    dont_know: bool = False,
) -> None:
    """Take the pre- or post-course check: the first ``right`` items right (all when None),
    the rest wrong (or, with ``dont_know``, answered "I do not know yet"), and the same
    confidence (1-5) for identify, respond and refer."""
    spec = services.course_spec(enrolment.course)
    attempt = services.check_start(enrolment=enrolment, kind=kind)
    answers = {}
    for n, item in enumerate(attempt.items):
        q = spec.bank[item]
        wrong = [DONT_KNOW] if dont_know else [o.id for o in q.options if not o.correct][:1]
        answers[item] = list(q.correct_ids) if right is None or n < right else wrong
    services.check_submit(
        enrolment=enrolment,
        kind=kind,
        answers=answers,
        identify=confidence,
        respond=confidence,
        refer=confidence,
    )


def sample_learner(org: Organisation) -> User:
    user = User.objects.filter(email="sample-learner@example.test").first()
    return user or make_user("learner", org=org, email="sample-learner@example.test")


def sample_enrolment(org: Organisation) -> Enrolment:
    return services.enrolment_start(user=sample_learner(org), course=course())


def sample_certificate(org: Organisation) -> Certificate:
    enrolment = sample_enrolment(org)
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    return existing or services.certificate_issue(enrolment=enrolment)


def course_kwargs(org: Organisation) -> dict[str, Any]:
    return {"course": course().slug}


def check_kwargs(org: Organisation) -> dict[str, Any]:
    return {"course": course().slug, "kind": "pre"}


def unit_kwargs(org: Organisation) -> dict[str, Any]:
    return {"course": course().slug, "unit_id": "health.case-ae"}


def refresher_kwargs(org: Organisation) -> dict[str, Any]:
    enrolment = sample_enrolment(org)
    refresher, _ = Refresher.objects.get_or_create(
        enrolment=enrolment,
        months=1,
        defaults={"due_on": add_months(enrolment.started_at.date(), 1)},
    )
    return {"refresher_id": refresher.pk}


def certificate_kwargs(org: Organisation) -> dict[str, Any]:
    return {"certificate_id": sample_certificate(org).pk}


def verify_kwargs(org: Organisation) -> dict[str, Any]:
    return {"code": sample_certificate(org).code}
