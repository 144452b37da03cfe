"""Certificates: issuing (for a course or an attended session), the PDF, and revoking."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import Organisation, User
from lantern.core.audit import audit_record
from lantern.core.links import site_url
from lantern.learning.models import Certificate, CertificateStatus, Enrolment
from lantern.learning.services._shared import LearningError
from lantern.learning.services.badges import badge_status_list_forget
from lantern.learning.services.courses import course_spec


@transaction.atomic
def _unused_code() -> str:
    from lantern.learning.certificates import new_code

    for _ in range(5):
        code = new_code()
        if not Certificate.objects.filter(code=code).exists():
            break
    return code


def certificate_issue(*, enrolment: Enrolment) -> Certificate:
    from lantern.learning.tasks import certificate_render

    spec = course_spec(enrolment.course)
    certificate = Certificate.objects.create(
        code=_unused_code(),
        enrolment=enrolment,
        organisation_id=enrolment.organisation_id,
        full_name=enrolment.user.full_name or enrolment.user.email,
        course_title=spec.title,
        pathway_title=spec.pathway(enrolment.pathway).title,
        cpd_hours=enrolment.course.cpd_hours,
        issued_on=timezone.localdate(),
    )
    audit_record(
        action="learning.certificate_issued",
        actor=enrolment.user,
        obj=certificate,
        organisation_ref=str(enrolment.organisation_id or ""),
        detail={"course": enrolment.course.slug, "pathway": enrolment.pathway},
    )
    # The task row commits with the certificate (database backend), so the worker never sees a
    # certificate that does not exist.
    certificate_render.enqueue(certificate_id=str(certificate.pk))
    return certificate


@transaction.atomic
def certificate_issue_for_attendance(
    *,
    full_name: str,
    title: str,
    cpd_hours: Decimal,
    issued_on: date,
    source_ref: str,
    organisation: Organisation | None,
) -> Certificate:
    """A CPD certificate for attending a session (no course enrolment; the facilitation app).

    Idempotent by ``source_ref`` (e.g. ``facilitation:<completion id>``): asking twice returns
    the same certificate. Verification and revocation are the same as for course certificates.
    """
    from lantern.learning.tasks import certificate_render

    if not source_ref:
        raise LearningError("An attendance certificate needs a source reference")
    existing = Certificate.objects.filter(source_ref=source_ref).first()
    if existing is not None:
        return existing
    certificate = Certificate.objects.create(
        code=_unused_code(),
        source_ref=source_ref[:120],
        organisation=organisation,
        full_name=full_name[:150],
        course_title=title[:200],
        pathway_title="Attended session",
        cpd_hours=cpd_hours,
        issued_on=issued_on,
    )
    audit_record(
        action="learning.certificate_issued",
        obj=certificate,
        organisation_ref=str(organisation.pk) if organisation else "",
        detail={"source": source_ref.split(":", 1)[0]},
    )
    certificate_render.enqueue(certificate_id=str(certificate.pk))
    return certificate


def certificate_pdf_bytes(*, certificate: Certificate) -> bytes:
    """The certificate's PDF, rendering it now if the background task has not yet run."""
    if certificate.pdf is None:
        certificate_render_pdf(certificate_id=str(certificate.pk))
        certificate.refresh_from_db(fields=["pdf"])
    return bytes(certificate.pdf or b"")


def verify_url(code: str) -> str:
    return site_url(f"/verify/{code}/")


def certificate_render_pdf(*, certificate_id: str) -> bool:
    from lantern.learning.certificates import CertificateText, render_pdf

    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        return False
    pdf = render_pdf(
        CertificateText(
            full_name=certificate.full_name,
            course_title=certificate.course_title,
            pathway_title=certificate.pathway_title,
            cpd_hours=f"{certificate.cpd_hours.normalize():f}",
            issued_on=certificate.issued_on,
            code=certificate.code,
            verify_url=verify_url(certificate.code),
        )
    )
    Certificate.objects.filter(pk=certificate.pk).update(pdf=pdf, pdf_rendered_at=timezone.now())
    return True


@transaction.atomic
def certificate_revoke(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    if certificate.status == CertificateStatus.REVOKED:
        return certificate
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason[:200]
    certificate.save(update_fields=["status", "revoked_at", "revoked_reason"])
    badge_status_list_forget(certificate=certificate)
    audit_record(
        action="learning.certificate_revoked",
        actor=actor,
        obj=certificate,
        organisation_ref=str(certificate.organisation_id or ""),
        detail={"code": certificate.code},
    )
    return certificate
