"""What an organisation's referral pathway may hold (pure: no ORM). The form and the service
both check it with these (and its phone number with ``lantern.core.phones``), so that a pathway
saved any way is held the same way."""

from __future__ import annotations

MAX_STEPS = 10
STEPS_MESSAGE = f"Enter {MAX_STEPS} steps or fewer"


def step_lines(text: str) -> list[str]:
    """One step a line, each trimmed, blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]
