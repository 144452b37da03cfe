"""Background tasks for accounts: emails are sent by the worker, never in the request."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lantern.accounts.models import User


@task()
def send_password_reset_email(*, user_id: str, domain: str, protocol: str) -> bool:
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
    send_mail(subject, body, None, [user.email])
    return True


@task()
def send_welcome_email(*, user_id: str, organisation_name: str, domain: str, protocol: str) -> bool:
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
    send_mail("Your Lantern account", body, None, [user.email])
    return True
