"""Plain, ORM-free pictures of a standard version: what the CASE export, the CSV, the diff and
the coverage rules work on. Selectors build them; the pure modules never touch the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class ItemSnap:
    ref: str  # SFJBMS05.PC6.1
    code: str  # PC6.1
    kind: str  # "pc" or "k"
    number: str  # "6.1"
    parent_code: str  # "PC6" for a sub-item, "" otherwise
    text: str
    position: int

    @property
    def urn(self) -> str:
        return self.ref.split(".", 1)[0]


@dataclass(frozen=True)
class GlossarySnap:
    term: str
    definition: str


@dataclass(frozen=True)
class VersionSnap:
    urn: str
    number: int
    status: str
    is_current: bool
    suite_title: str
    title: str
    overview: str
    developed_by: str
    pc_intro: str
    k_intro: str
    approved_on: date | None
    indicative_review_on: date | None
    validity: str
    nos_status: str
    originating_organisation: str
    relevant_occupations: tuple[str, ...]
    keywords: tuple[str, ...]
    glossary: tuple[GlossarySnap, ...]
    items: tuple[ItemSnap, ...]
    last_changed_at: datetime
    superseded_at: datetime | None = None
    # The version this one was drafted from, and the references it held: an item whose
    # reference is in both continues from that version (CASE replacedBy associations).
    based_on_number: int | None = None
    based_on_refs: frozenset[str] = frozenset()
    # The approved version drafted from this one, its title and references: an item whose
    # reference is in both is replaced by the successor's (replacedBy, read forwards).
    successor_number: int | None = None
    successor_title: str = ""
    successor_refs: frozenset[str] = frozenset()

    def items_of(self, kind: str) -> tuple[ItemSnap, ...]:
        return tuple(i for i in self.items if i.kind == kind)
