"""Pure rules of the standards app: the version lifecycle and how coverage rolls up.

No ORM here: services ask these functions, tests check them with tables of cases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from lantern.standards.snapshots import ItemSnap

# --- Lifecycle --------------------------------------------------------------------------------
# draft --open consultation--> consultation --(close, respond to every comment)--> approved
# The approved version becomes current; the version it replaces stays approved and readable.

DRAFT = "draft"
CONSULTATION = "consultation"
APPROVED = "approved"
WITHDRAWN = "withdrawn"

TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, "open_consultation"): CONSULTATION,
    (CONSULTATION, "approve"): APPROVED,
    (APPROVED, "withdraw"): WITHDRAWN,
}


class LifecycleError(ValueError):
    """A lifecycle step that is not allowed now; the message says why, in plain English."""


def next_status(status: str, action: str) -> str:
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise LifecycleError(
            f"You cannot {action.replace('_', ' ')} a version that is {status.replace('_', ' ')}"
        ) from None


def check_consultation_dates(opens_on: date, closes_on: date, today: date) -> list[str]:
    problems = []
    if opens_on < today:
        problems.append("The consultation cannot open in the past")
    if closes_on < opens_on:
        problems.append("The closing date must be the same as or after the opening date")
    return problems


def approval_blockers(
    *, status: str, consultation_closed: bool, unanswered_comments: int
) -> list[str]:
    """Why a version cannot be approved yet (empty when it can)."""
    blockers = []
    if status != CONSULTATION:
        blockers.append("A version must go out to consultation before it can be approved")
        return blockers
    if not consultation_closed:
        blockers.append("Close the consultation before you approve the version")
    if unanswered_comments:
        blockers.append(
            f"Respond to every comment first: {unanswered_comments} "
            + ("comment has" if unanswered_comments == 1 else "comments have")
            + " no response"
        )
    return blockers


# --- Coverage ---------------------------------------------------------------------------------

KINDS = ("teaches", "assesses", "records")


@dataclass(frozen=True)
class Claim:
    item_ref: str
    kind: str
    target_ref: str
    label: str
    url: str


@dataclass(frozen=True)
class CoverageEntry:
    claim: Claim
    via: str = ""  # the parent or sub-item code when the claim is not on this item itself


@dataclass
class CoverageRow:
    item: ItemSnap
    by_kind: dict[str, list[CoverageEntry]] = field(default_factory=dict)

    @property
    def gaps(self) -> list[str]:
        return [k for k in KINDS if not self.by_kind.get(k)]

    @property
    def is_gap(self) -> bool:
        return bool(self.gaps)


@dataclass(frozen=True)
class CoverageSummary:
    total: int
    missing: dict[str, int]  # kind -> how many items nothing covers in that way
    fully_covered: int


def coverage_rows(items: Sequence[ItemSnap], claims: Iterable[Claim]) -> list[CoverageRow]:
    """For each item: the claims on it, claims on its parent (which cover every sub-item), and
    for a parent whose every sub-item is covered, those sub-items' claims."""
    by_target: dict[str, list[Claim]] = {}
    for claim in claims:
        by_target.setdefault(claim.target_ref, []).append(claim)
    refs_by_code = {i.code: i.ref for i in items}
    children: dict[str, list[ItemSnap]] = {}
    for item in items:
        if item.parent_code:
            children.setdefault(item.parent_code, []).append(item)
    rows = []
    for item in items:
        row = CoverageRow(item, {k: [] for k in KINDS})
        for claim in by_target.get(item.ref, []):
            row.by_kind[claim.kind].append(CoverageEntry(claim))
        if item.parent_code:
            for claim in by_target.get(refs_by_code.get(item.parent_code, ""), []):
                row.by_kind[claim.kind].append(CoverageEntry(claim, via=item.parent_code))
        subs = children.get(item.code, [])
        for kind in KINDS:
            if row.by_kind[kind] or not subs:
                continue
            sub_claims = [[c for c in by_target.get(s.ref, []) if c.kind == kind] for s in subs]
            if all(sub_claims):
                for sub, found in zip(subs, sub_claims, strict=True):
                    row.by_kind[kind].extend(CoverageEntry(c, via=sub.code) for c in found)
        rows.append(row)
    return rows


def coverage_summary(rows: Sequence[CoverageRow]) -> CoverageSummary:
    return CoverageSummary(
        total=len(rows),
        missing={k: sum(1 for r in rows if not r.by_kind.get(k)) for k in KINDS},
        fully_covered=sum(1 for r in rows if not r.is_gap),
    )


def shorten(text: str, limit: int = 90) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + "…"
