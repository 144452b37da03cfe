"""Background emails for standards: telling members of invited organisations that a consultation
is open. Sent by the worker, one email per person, tried again when the mail server refuses."""

from __future__ import annotations

from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse

from lantern.accounts.models import User
from lantern.core.links import site_url
from lantern.core.mail import render_text, send_or_retry
from lantern.standards.models import Consultation


@task()
def send_consultation_invitation(*, consultation_id: str, user_id: str, attempt: int = 0) -> bool:
    """Email one member of an invited organisation the consultation's page and closing date.
    Nothing is sent once the consultation is closed or the person's invitation has gone."""
    consultation = (
        Consultation.objects.select_related("version__standard").filter(pk=consultation_id).first()
    )
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if consultation is None or user is None or not user.email_deliverable:
        return False
    if (
        consultation.closed_at is not None
        or not consultation.organisations.filter(memberships__user=user).exists()
    ):
        return False
    version = consultation.version
    context = {
        "user": user,
        "consultation": consultation,
        "version": version,
        "url": site_url(
            reverse(
                "standards:consultation_take_part",
                kwargs={"urn": version.standard.urn, "number": version.number},
            )
        ),
    }
    subject = f"Comment on the draft of {version.standard.urn}: {version.title}"
    body = render_text("standards/email/consultation_invitation.txt", context)
    send_or_retry(
        lambda: send_mail(subject, body, None, [user.email]),
        task=send_consultation_invitation,
        attempt=attempt,
        consultation_id=consultation_id,
        user_id=user_id,
    )
    return True
