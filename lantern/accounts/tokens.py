"""One-time links that let someone choose a password: a reset they asked for, and the welcome of
an account an organisation made for them.

Both are Django's password-reset tokens, which stop working once the password (or the last
sign-in) changes. They differ in how long they last and in their salt, so that a welcome token is
not accepted as a reset token or the other way round:

- a **reset** link lasts an hour. The person asked for it a moment ago, and a reset link is what
  someone reading their mailbox would use to take over the account;
- a **welcome** link lasts three days, as someone given an account may not read their email the
  same day. ``settings.PASSWORD_RESET_TIMEOUT`` is this longer time: Django's own check is the
  outer limit, and each kind checks its own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.http import base36_to_int

RESET_LINK_SECONDS = 60 * 60
WELCOME_LINK_SECONDS = 3 * 24 * 60 * 60


class _TimedTokenGenerator(PasswordResetTokenGenerator):
    seconds: int

    def check_token(self, user: Any, token: str | None) -> bool:
        if not super().check_token(user, token):
            return False
        issued = base36_to_int(str(token).split("-")[0])
        return self._num_seconds(self._now()) - issued <= self.seconds


class ResetTokenGenerator(_TimedTokenGenerator):
    key_salt = "lantern.accounts.tokens.reset"
    seconds = RESET_LINK_SECONDS


class WelcomeTokenGenerator(_TimedTokenGenerator):
    key_salt = "lantern.accounts.tokens.welcome"
    seconds = WELCOME_LINK_SECONDS


reset_tokens = ResetTokenGenerator()
welcome_tokens = WelcomeTokenGenerator()


def lifetime(seconds: int) -> str:
    """How long a link lasts, in words for an email or a page: "1 hour", "3 days"."""
    if seconds % 86400 == 0:
        days = seconds // 86400
        return f"{days} day" if days == 1 else f"{days} days"
    count = seconds // 3600
    return f"{count} hour" if count == 1 else f"{count} hours"
