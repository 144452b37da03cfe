"""Stable identifiers of standards items: ``SFJBMS05.PC14``, ``SFJBMS05.PC6.1``, ``SFJBMS05.K16``.

Pure module (no ORM). A reference is ``<URN>.<PC|K><number>``; the number is the item's number
in the published standard, with one level of sub-items (``6.1``). The same reference names the
same criterion in every version of a standard, which is what lets lessons, questions and case
steps keep pointing at it when a new version is approved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PERFORMANCE = "pc"
KNOWLEDGE = "k"
CODE_PREFIX = {PERFORMANCE: "PC", KNOWLEDGE: "K"}
KIND_BY_PREFIX = {prefix: kind for kind, prefix in CODE_PREFIX.items()}

URN_PATTERN = r"[A-Z][A-Z0-9]{2,19}"
NUMBER_PATTERN = r"[1-9][0-9]{0,2}(?:\.[1-9][0-9]{0,2})?"
CODE_RE = re.compile(rf"^(?P<prefix>PC|K)(?P<number>{NUMBER_PATTERN})$")
REF_RE = re.compile(rf"^(?P<urn>{URN_PATTERN})\.(?P<prefix>PC|K)(?P<number>{NUMBER_PATTERN})$")


@dataclass(frozen=True)
class Ref:
    urn: str
    kind: str
    number: str

    @property
    def code(self) -> str:
        return item_code(self.kind, self.number)

    @property
    def parent_number(self) -> str:
        """``"6"`` for ``6.1``; empty for a top-level item."""
        return self.number.split(".")[0] if "." in self.number else ""

    def __str__(self) -> str:
        return f"{self.urn}.{self.code}"


def item_code(kind: str, number: str) -> str:
    return f"{CODE_PREFIX[kind]}{number}"


def make_ref(urn: str, kind: str, number: str) -> str:
    return f"{urn}.{item_code(kind, number)}"


def parse_ref(text: str) -> Ref | None:
    match = REF_RE.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        return None
    return Ref(match["urn"], KIND_BY_PREFIX[match["prefix"]], match["number"])


def parse_code(text: str) -> tuple[str, str] | None:
    """``"PC6.1"`` -> ``("pc", "6.1")``."""
    match = CODE_RE.match(text.strip())
    if match is None:
        return None
    return KIND_BY_PREFIX[match["prefix"]], match["number"]


def number_sort_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))
