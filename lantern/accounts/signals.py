"""Sign-in, sign-out, failure and lock-out go into the audit log (no email addresses), once
for each organisation the person belongs to, so that each organisation's DPO keeps them
(``core.audit.audit_record_for``)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from lantern.accounts.audit_selectors import organisation_refs_of
from lantern.accounts.models import User
from lantern.core.audit import audit_record_for


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR")


@receiver(user_logged_in)
def on_signed_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    audit_record_for(
        organisation_refs_of(user),
        action="auth.signed_in",
        actor=user,
        obj=user,
        ip=client_ip(request),
    )


@receiver(user_logged_out)
def on_signed_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit_record_for(
            organisation_refs_of(user),
            action="auth.signed_out",
            actor=user,
            obj=user,
            ip=client_ip(request),
        )


@receiver(user_login_failed)
def on_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = str(credentials.get("username") or credentials.get("email") or "").strip().lower()
    account = User.objects.filter(email=email).only("pk").first() if email else None
    audit_record_for(
        organisation_refs_of(account),
        action="auth.sign_in_failed",
        object_type="accounts.user" if account else "",
        object_ref=str(account.pk) if account else "",
        ip=client_ip(request),
        detail={"account_exists": account is not None},
    )


@receiver(user_locked_out)
def on_locked_out(
    sender: Any, request: HttpRequest, username: str | None = None, **kwargs: Any
) -> None:
    email = (username or "").strip().lower()
    account = User.objects.filter(email=email).only("pk").first() if email else None
    audit_record_for(
        organisation_refs_of(account),
        action="auth.locked_out",
        object_type="accounts.user" if account else "",
        object_ref=str(account.pk) if account else "",
        ip=client_ip(request),
    )
