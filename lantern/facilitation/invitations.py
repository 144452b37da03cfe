"""Signed invitations to join a cohort as a trainee (pure: no ORM).

A programme lead invites someone by email address; the person joins when they open the link
signed in as themselves. The link names the cohort and holds a keyed hash of the address, not
the address, so that no one's email address is in a URL (they are kept in browser histories).
Nothing is stored: the signature and its age are the invitation."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "lantern.facilitation.trainee-invitation"
INVITATION_DAYS = 14


def _address_key(email: str) -> str:
    return salted_hmac(SALT, email.strip().lower(), algorithm="sha256").hexdigest()[:32]


@dataclass(frozen=True)
class Invitation:
    cohort_id: UUID
    address_key: str

    def is_for(self, email: str) -> bool:
        """Whether this invitation was sent to ``email`` (any letter case)."""
        return constant_time_compare(self.address_key, _address_key(email))


def invitation_token(*, cohort_id: UUID | str, email: str) -> str:
    return signing.dumps({"c": str(cohort_id), "a": _address_key(email)}, salt=SALT)


def invitation_from(token: str) -> Invitation | None:
    """The invitation in ``token``, or None if it is not one of ours or is too old."""
    try:
        data = signing.loads(token, salt=SALT, max_age=INVITATION_DAYS * 24 * 3600)
        return Invitation(cohort_id=UUID(str(data["c"])), address_key=str(data["a"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
