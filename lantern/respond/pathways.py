"""What an organisation's referral pathway may hold (pure: no ORM). The form and the service
both check it with these, so that a pathway saved any way is held the same way."""

from __future__ import annotations

import re

PHONE_RE = re.compile(r"^\+?[0-9 ()-]{10,20}$")
MAX_STEPS = 10
PHONE_MESSAGE = "Enter a phone number, like 020 7946 0000 or +44 20 7946 0000"
STEPS_MESSAGE = f"Enter {MAX_STEPS} steps or fewer"


def normalise_phone(text: str) -> str:
    """Runs of spaces become one; empty stays empty."""
    return " ".join(text.split())


def phone_is_valid(phone: str) -> bool:
    return not phone or bool(PHONE_RE.match(phone))


def step_lines(text: str) -> list[str]:
    """One step a line, each trimmed, blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]
