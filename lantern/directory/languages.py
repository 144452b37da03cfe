"""Languages a service speaks, as ISO 639-2 codes with their English names (pure: no ORM)."""

from __future__ import annotations

from functools import lru_cache

from lantern.support.codes import language_name, languages


def spoken_name(code: str) -> str:
    """A language's English name as people say it: Romanian, not Romanian; Moldavian."""
    return language_name(code).split(";")[0].strip()


@lru_cache(maxsize=1)
def codes_by_name() -> dict[str, str]:
    """English name or code (case-folded) -> ISO 639-2 code."""
    codes: dict[str, str] = {}
    for code, name in languages().items():
        codes[code.casefold()] = code
        for part in name.split(";"):
            codes.setdefault(part.strip().casefold(), code)
    return codes
