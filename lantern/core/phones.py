"""Phone numbers that people type into Lantern (pure: no ORM). A referral pathway and a
directory entry check theirs the same way, so that a number shown with a ``tel:`` link is one
a phone can dial."""

from __future__ import annotations

import re

PHONE_RE = re.compile(r"^\+?[0-9 ()-]{10,20}$")
PHONE_MESSAGE = "Enter a phone number, like 020 7946 0000 or +44 20 7946 0000"


def normalise_phone(text: str) -> str:
    """Runs of spaces become one; empty stays empty."""
    return " ".join(text.split())


def phone_is_valid(phone: str) -> bool:
    return not phone or bool(PHONE_RE.match(phone))


def tel_href(phone: str) -> str:
    """The ``tel:`` address of a number as written: digits and a leading plus only."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone)
