"""Background tasks for accounts: emails are sent by the worker, never in the request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.tasks import Task, task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lantern.accounts.models import User
from lantern.core.links import site_url
from lantern.core.mail import send_or_retry


def _send(
    user: User, subject: str, body: str, *, task: Task[Any, Any], attempt: int, **kwargs: Any
) -> bool:
    """Send one email to this person; if the server refuses it, ``task`` is queued again."""
    send_or_retry(
        lambda: send_mail(subject, body, None, [user.email]), task=task, attempt=attempt, **kwargs
    )
    return True


@task()
def send_password_reset_email(
    *, user_id: str, domain: str, protocol: str, attempt: int = 0
) -> bool:
    """The token is made here, in the worker, so that no reset link is stored in the queue."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "domain": domain,
        "protocol": protocol,
        "site_name": "Lantern",
    }
    subject = render_to_string("accounts/email/password_reset_subject.txt", context).strip()
    body = render_to_string("accounts/email/password_reset.txt", context)
    return _send(
        user, subject, body, task=send_password_reset_email, attempt=attempt,
        user_id=user_id, domain=domain, protocol=protocol,
    )  # fmt: skip


@task()
def send_welcome_email(
    *, user_id: str, organisation_name: str, domain: str, protocol: str, attempt: int = 0
) -> bool:
    """Invite an imported person to set their password."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    context = {
        "user": user,
        "organisation_name": organisation_name,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "domain": domain,
        "protocol": protocol,
    }
    body = render_to_string("accounts/email/welcome.txt", context)
    return _send(
        user, "Your Lantern account", body, task=send_welcome_email, attempt=attempt,
        user_id=user_id, organisation_name=organisation_name, domain=domain, protocol=protocol,
    )  # fmt: skip


@task()
def send_password_changed_email(*, user_id: str, changed_at: str, attempt: int = 0) -> bool:
    """Tell a person their password was changed, so that a change they did not make is noticed.
    The email holds no link that signs anyone in: only the address of the reset page."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    context = {
        "user": user,
        "changed_at": timezone.localtime(parse_datetime(changed_at)),
        "reset_url": site_url(reverse("accounts:password_reset")),
    }
    body = render_to_string("accounts/email/password_changed.txt", context)
    return _send(
        user, "Your Lantern password was changed", body, task=send_password_changed_email,
        attempt=attempt, user_id=user_id, changed_at=changed_at,
    )  # fmt: skip
