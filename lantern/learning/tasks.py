"""Background tasks: certificate PDFs, refresher emails, xAPI forwarding."""

from __future__ import annotations

from django.core.mail import send_mail
from django.tasks import task

from lantern.core.links import site_url
from lantern.core.mail import render_text
from lantern.learning import services
from lantern.learning.models import Refresher


@task()
def certificate_render(*, certificate_id: str) -> bool:
    return services.certificate_render_pdf(certificate_id=certificate_id)


@task()
def refresher_email(*, refresher_id: str) -> bool:
    refresher = (
        Refresher.objects.select_related("enrolment__user", "enrolment__course")
        .filter(pk=refresher_id)
        .first()
    )
    if refresher is None or refresher.completed_at is not None:
        return False
    user = refresher.enrolment.user
    if not user.email_deliverable:
        return False  # a learner from another LMS has no address: it waits on their course page
    body = render_text(
        "learning/email/refresher.txt",
        {
            "user": user,
            "refresher": refresher,
            "course_title": refresher.enrolment.course.title,
            "url": site_url(f"/learning/refreshers/{refresher.pk}/"),
        },
    )
    try:
        send_mail("A five-minute refresher is ready", body, None, [user.email])
    except Exception:
        services.refresher_notice_failed(refresher_id=str(refresher.pk))
        raise  # the task is recorded as failed; the next daily run sends it again
    return True


@task()
def xapi_forward() -> int:
    return services.statements_forward()


@task()
def lms_statements_send(*, session_id: str) -> int:
    return services.lms_statements_send(session_id=session_id)
