"""Unguessable tokens and short codes for the public links of sessions and bookings."""

from __future__ import annotations

import secrets


def new_token() -> str:
    """Unguessable token for public links (booking page, booking management, check-in)."""
    return secrets.token_urlsafe(24)


# No 0/O, 1/I/L, 5/S, 2/Z: a short code read aloud from a slide.
SHORT_CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"


def new_short_code() -> str:
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(6))
