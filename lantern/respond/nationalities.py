"""Nationalities a referral draft can record: a country from ISO 3166-1 (English short names,
the list kept in ``lantern/core/data/iso_codes.json``, from Debian's
iso-codes), "Stateless" or "Not known". Pure: no ORM.

A Duty to Notify records nationality from this list only, so that nothing typed into it (a
name, for one) can identify the person.
"""

from __future__ import annotations

from functools import lru_cache

from lantern.core.codes import countries

NOT_KNOWN = "Not known"
STATELESS = "Stateless"


@lru_cache(maxsize=1)
def nationality_names() -> tuple[str, ...]:
    return (NOT_KNOWN, STATELESS, *sorted(countries().values()))


def is_nationality(value: str) -> bool:
    """Is ``value`` empty (not recorded) or one of the listed nationalities?"""
    return not value or value in nationality_names()


NATIONALITY_CHOICES: list[tuple[str, str]] = [
    ("", "Not recorded"),
    *((name, name) for name in nationality_names()),
]
