"""Helpers shared by the unit/integration tests and the browser journeys."""

from __future__ import annotations

import socket
from typing import Any

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts import services
from lantern.accounts.models import Nation, Organisation, OrganisationType, User
from lantern.core.roles import needs_two_factor

PASSWORD = "correct-horse-battery-staple"


def make_org(
    name: str = "Test Borough Council", org_type: str = OrganisationType.LOCAL_AUTHORITY, **kw: Any
) -> Organisation:
    return services.organisation_create(
        actor=None,
        name=name,
        org_type=org_type,
        nation=kw.pop("nation", Nation.ENGLAND),
        region=kw.pop("region", "London"),
        borough=kw.pop("borough", "Camden"),
    )


def make_user(
    *roles: str, org: Organisation | None = None, email: str | None = None, password: str = PASSWORD
) -> User:
    org = org or Organisation.objects.first() or make_org()
    email = email or f"{'-'.join(roles) or 'nobody'}-{User.objects.count()}@example.test"
    user = services.user_create(actor=None, email=email, full_name="Test Person", password=password)
    for role in roles:
        services.membership_grant(actor=None, user=user, organisation=org, role=role)
    if needs_two_factor(set(roles)):
        TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    return user


def current_code(user: User) -> str:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    assert device is not None, "user has no confirmed authenticator"
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def signed_in(user: User) -> Client:
    """A new browser, signed in as ``user`` through the real forms."""
    client = Client()
    sign_in(client, user)
    return client


def sign_in(client: Client, user: User, password: str = PASSWORD) -> None:
    """Sign in through the real forms, including the second factor when the role needs it."""
    response = client.post("/sign-in/", {"username": user.email, "password": password})
    assert response.status_code == 302, response.content[:500]
    if needs_two_factor(user.roles()):
        response = client.post("/account/two-factor/verify/", {"token": current_code(user)})
        assert response.status_code == 302, response.content[:500]


def refuse_mail(settings: Any) -> None:
    """Send email over real SMTP to a local port where nothing listens: every send fails, as
    when the mail server is down. ``accept_mail`` puts the test outbox back."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port, "timeout": 2},
        }
    }


def accept_mail(settings: Any) -> None:
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
