"""Background tasks for accounts: emails are sent by the worker, never in the request."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.mail import send_mail
from django.tasks import Task, task
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lantern.accounts.models import EMAIL_LINK_LIFETIME, EmailChange, Organisation, User
from lantern.accounts.selectors import email_used_by_another
from lantern.accounts.tokens import (
    RESET_LINK_SECONDS,
    WELCOME_LINK_SECONDS,
    lifetime,
    reset_tokens,
    welcome_tokens,
)
from lantern.core.links import site_url
from lantern.core.mail import render_text, send_or_retry
from lantern.core.roles import Role


def _send(
    user: User,
    subject: str,
    body: str,
    *,
    task: Task[Any, Any],
    attempt: int,
    to: str | None = None,
    **kwargs: Any,
) -> bool:
    """Send one email to this person (or to ``to``, an address of theirs); if the server
    refuses it, ``task`` is queued again."""
    send_or_retry(
        lambda: send_mail(subject, body, None, [to or user.email]),
        task=task,
        attempt=attempt,
        **kwargs,
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
        "token": reset_tokens.make_token(user),
        "domain": domain,
        "protocol": protocol,
        "site_name": "Lantern",
        "lasts": lifetime(RESET_LINK_SECONDS),
    }
    subject = render_text("accounts/email/password_reset_subject.txt", context).strip()
    body = render_text("accounts/email/password_reset.txt", context)
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
        "token": welcome_tokens.make_token(user),
        "domain": domain,
        "protocol": protocol,
        "lasts": lifetime(WELCOME_LINK_SECONDS),
    }
    body = render_text("accounts/email/welcome.txt", context)
    return _send(
        user, "Your Lantern account", body, task=send_welcome_email, attempt=attempt,
        user_id=user_id, organisation_name=organisation_name, domain=domain, protocol=protocol,
    )  # fmt: skip


@task()
def send_roles_given_notice(
    *,
    user_id: str,
    organisation_id: str,
    roles: list[str],
    given_by_id: str | None,
    attempt: int = 0,
) -> bool:
    """Tell a person who already had an account that an organisation gave them roles, who did
    it, and whom to contact if it is wrong: an admin can add anyone by email address."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if user is None or organisation is None or not user.email_deliverable:
        return False
    labels = [str(Role(r).label) for r in roles if r in Role.values]
    given_by = User.objects.filter(pk=given_by_id).first() if given_by_id else None
    context = {
        "user": user,
        "organisation": organisation,
        "roles": labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1],
        "several": len(labels) > 1,
        "given_by": given_by,
        "sign_in_url": site_url(reverse("accounts:sign_in")),
    }
    body = render_text("accounts/email/roles_given.txt", context)
    return _send(
        user, f"{organisation.name} gave you a role on Lantern", body,
        task=send_roles_given_notice, attempt=attempt, user_id=user_id,
        organisation_id=organisation_id, roles=roles, given_by_id=given_by_id,
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
    body = render_text("accounts/email/password_changed.txt", context)
    return _send(
        user, "Your Lantern password was changed", body, task=send_password_changed_email,
        attempt=attempt, user_id=user_id, changed_at=changed_at,
    )  # fmt: skip


@task()
def send_email_change_link(*, change_id: str, attempt: int = 0) -> bool:
    """Send the link that confirms a new email address, to that address. The token is made
    here, in the worker, and only its hash is kept, so no link is stored in the queue or the
    database. If another account uses the address, that address is told so instead, with no
    link: the person asking is not."""
    change = (
        EmailChange.objects.select_related("user", "requested_by")
        .filter(pk=change_id, confirmed_at__isnull=True, superseded=False, user__is_active=True)
        .first()
    )
    if change is None:
        return False
    user = change.user
    if email_used_by_another(change.new_email, user=user):
        subject = "Someone tried to use this address for a second Lantern account"
        body = render_text("accounts/email/email_change_taken.txt", {"user": user})
    else:
        token = secrets.token_urlsafe(32)
        change.token_hash = EmailChange.hash_token(token)
        change.save(update_fields=["token_hash"])
        subject = "Confirm your new email address for Lantern"
        body = render_text(
            "accounts/email/email_change_link.txt",
            {
                "user": user,
                "requested_by": change.requested_by,
                "url": site_url(reverse("accounts:email_change_confirm", args=[token])),
                "expires_at": timezone.localtime(change.created_at + EMAIL_LINK_LIFETIME),
            },
        )
    return _send(
        user, subject, body, to=change.new_email, task=send_email_change_link, attempt=attempt,
        change_id=change_id,
    )  # fmt: skip


@task()
def send_email_changed_notice(*, change_id: str, attempt: int = 0) -> bool:
    """Tell the old address that the account now signs in with another, so that a change the
    person did not make is noticed. The new address is not given, and there is no link."""
    change = (
        EmailChange.objects.select_related("user").filter(pk=change_id).exclude(old_email="")
    ).first()
    if change is None or change.confirmed_at is None:
        return False
    body = render_text(
        "accounts/email/email_changed.txt",
        {"user": change.user, "changed_at": timezone.localtime(change.confirmed_at)},
    )
    return _send(
        change.user, "The email address for your Lantern account was changed", body,
        to=change.old_email, task=send_email_changed_notice, attempt=attempt,
        change_id=change_id,
    )  # fmt: skip
