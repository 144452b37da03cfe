"""ISO 3166-1 alpha-2 countries and ISO 639-2 languages (pure data, no ORM).

The lists were generated once from Debian's iso-codes package into data/iso_codes.json so that
the app does not depend on system files at run time. ``languages_alpha2`` (ISO 639-1 code ->
ISO 639-2 code) was added from the same package's iso_639-2.json, which gives both.

The ISO 639-2 list carries no scope or type (collective, ancient, extinct, constructed): a
language is typed, by code or English name, rather than picked from the whole list.
"""

from __future__ import annotations

import json
import re
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


def _name_forms(name: str) -> list[str]:
    """The ways a person might type one ISO English name: each ';' alternative as written,
    without a bracketed note ("Greek, Modern (1453-)" -> "Greek, Modern"), and an inverted
    "X, Y" the other way round ("Modern Greek")."""
    forms: list[str] = []
    for alternative in name.split(";"):
        text = " ".join(alternative.split())
        bare = re.sub(r"\s*\([^)]*\)", "", text).strip()
        forms += [text, bare]
        head, sep, tail = bare.partition(", ")
        if sep and "," not in tail:
            forms.append(f"{tail} {head}")
    return [f.casefold() for f in forms if f]


@lru_cache(maxsize=1)
def _language_index() -> dict[str, str]:
    """Typed English name (casefolded) -> ISO 639-2 code. A form two languages share (none in
    the data today) is left out rather than guessed."""
    seen: dict[str, set[str]] = {}
    for code, name in languages().items():
        for form in _name_forms(name):
            seen.setdefault(form, set()).add(code)
    return {form: next(iter(codes)) for form, codes in seen.items() if len(codes) == 1}


def language_code(text: str) -> str | None:
    """The ISO 639-2 code for what someone typed: a code ("tir") or an English name from the
    ISO data ("Tigrinya", any case), or None if it is neither."""
    typed = " ".join(str(text).split()).casefold()
    if typed in languages():
        return typed
    return _language_index().get(typed)


def language_label(code: str) -> str:
    """The name to show in a box someone may edit: the first ISO name, without commas (a list
    of languages is comma-separated: "Greek, Modern (1453-)" -> "Modern Greek"), which
    language_code reads back to the same code; the code itself if no name would."""
    name = languages().get(code)
    if name is None:
        return code
    first = " ".join(name.split(";")[0].split())
    bare = re.sub(r"\s*\([^)]*\)", "", first).strip()
    head, _, tail = bare.partition(", ")
    for label in (first, f"{tail} {head}" if tail else bare):
        if "," not in label and language_code(label) == code:
            return label
    return code


def languages_typed(text: str) -> tuple[list[str], list[str]]:
    """A comma-separated list of languages as typed (codes or names) -> (codes, not known).
    A name with a comma in it ("Greek, Modern") is read as one language."""
    parts = [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
    found: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(parts):
        code = language_code(parts[i])
        if code is None and i + 1 < len(parts):
            code = language_code(f"{parts[i]}, {parts[i + 1]}")
            if code is not None:
                i += 1
        if code is None:
            unknown.append(parts[i])
        elif code not in found:
            found.append(code)
        i += 1
    return found, unknown


def country_choices() -> list[tuple[str, str]]:
    return sorted(countries().items(), key=lambda p: p[1])
