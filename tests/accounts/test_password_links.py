"""How long the one-time links that set a password last: a reset link an hour, a welcome link
three days, and neither is accepted where the other belongs."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lantern.accounts.tokens import ResetTokenGenerator, WelcomeTokenGenerator
from lantern.core.roles import Role
from tests.helpers import make_user

pytestmark = pytest.mark.django_db


class _Past:
    """A token made some time ago: the generator's clock, turned back."""

    def __init__(self, generator: type, ago: timedelta) -> None:
        self.generator = generator()
        self.generator._now = lambda: datetime.now() - ago  # type: ignore[method-assign]

    def make(self, user: object) -> str:
        return str(self.generator.make_token(user))


def _open(client: Client, kind: str, user: object, token: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))  # type: ignore[attr-defined]
    page = client.get(f"/account/{kind}/{uid}/{token}/", follow=True)
    return page.content.decode()


def test_a_reset_link_works_for_an_hour_and_then_says_so(client: Client) -> None:
    user = make_user(Role.LEARNER)
    fresh = _Past(ResetTokenGenerator, timedelta(minutes=59)).make(user)
    assert "Choose a new password" in _open(client, "password-reset", user, fresh)
    stale = _Past(ResetTokenGenerator, timedelta(minutes=61)).make(user)
    html = _open(Client(), "password-reset", user, stale)
    assert "This link has expired" in html and "more than 1 hour old" in html


def test_a_welcome_link_works_for_three_days(client: Client) -> None:
    user = make_user(Role.LEARNER)
    two_days = _Past(WelcomeTokenGenerator, timedelta(days=2, hours=23)).make(user)
    assert "Choose your password" in _open(client, "welcome", user, two_days)
    four_days = _Past(WelcomeTokenGenerator, timedelta(days=3, minutes=1)).make(user)
    html = _open(Client(), "welcome", user, four_days)
    assert "This link has expired" in html and "more than 3 days old" in html


def test_a_welcome_link_is_not_a_reset_link_nor_the_other_way(client: Client) -> None:
    user = make_user(Role.LEARNER)
    welcome = WelcomeTokenGenerator().make_token(user)
    reset = ResetTokenGenerator().make_token(user)
    assert "This link has expired" in _open(client, "password-reset", user, welcome)
    assert "This link has expired" in _open(Client(), "welcome", user, reset)


def test_the_reset_email_says_how_long_its_link_lasts(client: Client) -> None:
    make_user(Role.LEARNER, email="forgetful@example.test")
    client.post("/account/password-reset/", {"email": "forgetful@example.test"})
    (email,) = mail.outbox
    assert "The link works for 1 hour." in email.body
    assert "3 days" not in email.body


def test_the_welcome_email_leads_to_choosing_a_password(client: Client) -> None:
    from lantern.accounts.tasks import send_welcome_email

    user = make_user(Role.LEARNER, email="new.starter@example.test")
    send_welcome_email.call(
        user_id=str(user.pk), organisation_name="Camden", domain="testserver", protocol="http"
    )
    (email,) = mail.outbox
    assert "The link works for 3 days." in email.body
    link = next(line for line in email.body.splitlines() if "/account/welcome/" in line)
    page = client.get(link.split("testserver", 1)[1], follow=True)
    assert "Choose your password" in page.content.decode()
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-long-pass", "new_password2": "a-brand-new-long-pass"},
    )
    user.refresh_from_db()
    assert user.check_password("a-brand-new-long-pass")
