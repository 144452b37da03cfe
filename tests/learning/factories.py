"""Rows for learning tests and route samples."""

from __future__ import annotations

from typing import Any

from lantern.accounts.models import Organisation, User
from lantern.learning import services
from lantern.learning.models import Certificate, Course, Enrolment, Refresher
from lantern.learning.rules import add_months
from tests.helpers import make_user


def course() -> Course:
    existing = Course.objects.filter(slug="awareness").first()
    if existing is not None:
        return existing
    return services.course_import(folder=services.courses_dir() / "awareness")


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
