"""Languages a service speaks, as ISO 639-2 codes with their English names (pure: no ORM)."""

from __future__ import annotations

from functools import lru_cache

from lantern.core.codes import language_name, languages, languages_alpha2


def spoken_name(code: str) -> str:
    """A language's English name as people say it: Romanian, not Romanian; Moldavian."""
    return language_name(code).split(";")[0].strip()


@lru_cache(maxsize=1)
def codes_by_name() -> dict[str, str]:
    """English name, ISO 639-2 code or ISO 639-1 code (case-folded) -> ISO 639-2 code.

    Open Referral (HSDS 3) gives a language's ISO 639-1 or ISO 639-3 code; an ISO 639-3 code of
    a language that ISO 639-2 also lists is the same three letters."""
    codes: dict[str, str] = {}
    for code, name in languages().items():
        codes[code.casefold()] = code
        for part in name.split(";"):
            codes.setdefault(part.strip().casefold(), code)
    for two, three in languages_alpha2().items():
        codes.setdefault(two.casefold(), three)
    return codes
