"""ISO 3166-1 alpha-2 countries and ISO 639-2 languages (pure data, no ORM).

The lists were generated once from Debian's iso-codes package into data/iso_codes.json so that
the app does not depend on system files at run time. ``languages_alpha2`` (ISO 639-1 code ->
ISO 639-2 code) was added from the same package's iso_639-2.json, which gives both.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data" / "iso_codes.json"


@lru_cache(maxsize=1)
def _codes() -> dict[str, dict[str, str]]:
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    return {
        "languages": raw["languages"],
        "languages_alpha2": raw["languages_alpha2"],
        "countries": raw["countries"],
    }


def languages() -> dict[str, str]:
    """ISO 639-2 alpha-3 code -> English name."""
    return _codes()["languages"]


def languages_alpha2() -> dict[str, str]:
    """ISO 639-1 alpha-2 code -> ISO 639-2 alpha-3 code, for the languages that have one."""
    return _codes()["languages_alpha2"]


def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> English short name."""
    return _codes()["countries"]


def language_name(code: str) -> str:
    return languages().get(code, code)


def country_name(code: str) -> str:
    return countries().get(code, code)


def language_choices() -> list[tuple[str, str]]:
    return sorted(((c, f"{n} ({c})") for c, n in languages().items()), key=lambda p: p[1])


def country_choices() -> list[tuple[str, str]]:
    return sorted(countries().items(), key=lambda p: p[1])
