"""What changed between two versions of a standard, word by word. Pure: no ORM."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date

from lantern.standards.refs import number_sort_key
from lantern.standards.snapshots import ItemSnap, VersionSnap

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
SAME = "same"


@dataclass(frozen=True)
class Segment:
    op: str  # same, added or removed
    text: str


@dataclass(frozen=True)
class Change:
    label: str  # "PC14", "Title", "Glossary: Modern slavery"
    change: str  # added, removed or changed
    old: str
    new: str
    segments: tuple[Segment, ...]
    anchor: str = ""


@dataclass(frozen=True)
class VersionDiff:
    old_number: int
    new_number: int
    details: tuple[Change, ...]
    items: tuple[Change, ...]
    glossary: tuple[Change, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.details or self.items or self.glossary)

    @property
    def changed_codes(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.items)


_TOKEN = re.compile(r"\s+|[\w'-]+|[^\w\s]")


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment(SAME, "".join(a[i1:i2])))
            continue
        if op in {"delete", "replace"}:
            segments.append(Segment(REMOVED, "".join(a[i1:i2])))
        if op in {"insert", "replace"}:
            segments.append(Segment(ADDED, "".join(b[j1:j2])))
    return tuple(segments)


def _change(label: str, old: str | None, new: str | None, anchor: str = "") -> Change | None:
    if old == new:
        return None
    if old is None:
        return Change(label, ADDED, "", new or "", (Segment(ADDED, new or ""),), anchor)
    if new is None:
        return Change(label, REMOVED, old, "", (Segment(REMOVED, old),), anchor)
    return Change(label, CHANGED, old, new, word_diff(old, new), anchor)


def _month(value: date | None) -> str:
    return value.strftime("%B %Y") if value else ""


def _item_key(item: ItemSnap) -> tuple[int, tuple[int, ...]]:
    return (0 if item.kind == "pc" else 1, number_sort_key(item.number))


def compare_versions(old: VersionSnap, new: VersionSnap) -> VersionDiff:
    fields = [
        ("Title", old.title, new.title),
        ("Overview", old.overview, new.overview),
        ("Introduction to the performance criteria", old.pc_intro, new.pc_intro),
        ("Introduction to knowledge and understanding", old.k_intro, new.k_intro),
        ("Date approved", _month(old.approved_on), _month(new.approved_on)),
        (
            "Indicative review date",
            _month(old.indicative_review_on),
            _month(new.indicative_review_on),
        ),
        (
            "Relevant occupations",
            "; ".join(old.relevant_occupations),
            "; ".join(new.relevant_occupations),
        ),
        ("Keywords", "; ".join(old.keywords), "; ".join(new.keywords)),
    ]
    details = [c for label, a, b in fields if (c := _change(label, a, b)) is not None]
    old_items = {i.code: i for i in old.items}
    new_items = {i.code: i for i in new.items}
    codes = sorted(
        old_items.keys() | new_items.keys(),
        key=lambda code: _item_key(new_items.get(code) or old_items[code]),
    )
    items = []
    for code in codes:
        before, after = old_items.get(code), new_items.get(code)
        change = _change(
            code,
            before.text if before else None,
            after.text if after else None,
            anchor=code,
        )
        if change is not None:
            items.append(change)
    old_terms = {g.term: g.definition for g in old.glossary}
    new_terms = {g.term: g.definition for g in new.glossary}
    glossary = [
        c
        for term in sorted(old_terms.keys() | new_terms.keys())
        if (c := _change(f"Glossary: {term}", old_terms.get(term), new_terms.get(term))) is not None
    ]
    return VersionDiff(old.number, new.number, tuple(details), tuple(items), tuple(glossary))
