"""The coverage API: how other apps declare what their content teaches, assesses or records.

Call it from your content loader after importing an item (see docs/standards.md)::

    from lantern.standards.coverage import register_coverage

    register_coverage(
        item_ref="learning:unit:spotting-the-signs",
        kind="teaches",                      # or "assesses", "records"
        covers=["SFJBMS05.PC5", "SFJBMS05.K16"],
        label="Spotting the signs (unit 2 of the health pathway)",
        url="/learning/units/spotting-the-signs/",
    )

``register_coverage`` replaces what ``item_ref`` declared for that ``kind`` before, so running
a loader twice changes nothing. Unknown references raise ``UnknownStandardRef`` naming them.
Content importers can check a ``covers:`` list first, without writing, with ``validate_refs``.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction

from lantern.core.audit import audit_record
from lantern.standards.models import CoverageClaim, CoverageKind
from lantern.standards.refs import item_code, parse_ref

KINDS = tuple(CoverageKind.values)


@dataclass(frozen=True)
class RefProblem:
    ref: str
    message: str

    def __str__(self) -> str:
        return self.message


class UnknownStandardRef(ValueError):
    """Raised by register_coverage when a reference is malformed or names no item."""

    def __init__(self, problems: list[RefProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


def _content_refs() -> frozenset[str]:
    """References in the standards content files (used when the database has none loaded)."""
    from lantern.standards.services import content_directory

    return _refs_from_files(content_directory())


@cache
def _refs_from_files(directory: Path) -> frozenset[str]:
    from lantern.standards.services import standards_content_read

    _, standards = standards_content_read(directory)
    return frozenset(f"{p.urn}.{item.code}" for p in standards for item in p.flat_items())


def known_refs() -> frozenset[str]:
    """Every reference of the current version of each loaded standard. Before the standards
    content has been loaded into the database, the references in content/standards/."""
    from lantern.standards.selectors import known_refs as loaded

    refs = loaded()
    return refs or _content_refs()


def validate_refs(refs: Iterable[str], *, known: Collection[str] | None = None) -> list[RefProblem]:
    """Problems with a list of references, in plain English (empty when all are fine).

    ``known`` defaults to ``known_refs()``; pass a set to check without the database.
    """
    refs = list(refs)
    pool = known_refs() if known is None else known
    problems: list[RefProblem] = []
    seen: set[str] = set()
    for ref in refs:
        if not isinstance(ref, str) or parse_ref(ref) is None:
            problems.append(
                RefProblem(
                    str(ref),
                    f"'{ref}' is not a standards reference: write it like SFJBMS05.PC14, "
                    "SFJBMS05.PC6.1 or SFJBMS05.K16",
                )
            )
            continue
        if ref in seen:
            problems.append(RefProblem(ref, f"{ref} is listed twice"))
            continue
        seen.add(ref)
        if ref not in pool:
            close = difflib.get_close_matches(ref, list(pool), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            problems.append(RefProblem(ref, f"{ref} is not an item of any loaded standard{hint}"))
    return problems


def register_coverage(
    *,
    item_ref: str,
    kind: str,
    covers: Iterable[str],
    label: str,
    url: str = "",
) -> int:
    """Declare that ``item_ref`` (e.g. ``learning:unit:xyz``) ``kind``s the standards items in
    ``covers``. Replaces that item's earlier declaration of the same kind. Returns how many
    references are now declared. Raises ``UnknownStandardRef`` or ``ValueError``."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not '{kind}'")
    if not item_ref or ":" not in item_ref or len(item_ref) > 200:
        raise ValueError("item_ref must name your app and item, like 'learning:unit:xyz'")
    if not label.strip():
        raise ValueError("label must say what the item is, for the coverage page")
    refs = list(covers)
    problems = validate_refs(refs)
    if problems:
        raise UnknownStandardRef(problems)
    wanted = set(refs)
    with transaction.atomic():
        existing = {
            c.target_ref: c
            for c in CoverageClaim.objects.select_for_update().filter(item_ref=item_ref, kind=kind)
        }
        stale = [c.pk for ref, c in existing.items() if ref not in wanted]
        added = [ref for ref in refs if ref not in existing]
        relabel = [
            c for ref, c in existing.items() if ref in wanted and (c.label, c.url) != (label, url)
        ]
        CoverageClaim.objects.filter(pk__in=stale).delete()
        CoverageClaim.objects.bulk_create(
            CoverageClaim(item_ref=item_ref, kind=kind, target_ref=ref, label=label, url=url)
            for ref in added
        )
        for claim in relabel:
            claim.label, claim.url = label, url
            claim.save(update_fields=["label", "url"])
        if stale or added:
            audit_record(
                action="standards.coverage_registered",
                object_type="standards.coverage",
                object_ref=item_ref[:64],
                detail={"kind": kind, "added": sorted(added), "removed": len(stale)},
            )
    return len(wanted)


def unregister_coverage(*, item_ref: str, kind: str | None = None) -> int:
    """Remove what ``item_ref`` declared (of one kind, or all). Returns how many were removed."""
    with transaction.atomic():
        claims = CoverageClaim.objects.filter(item_ref=item_ref)
        if kind is not None:
            claims = claims.filter(kind=kind)
        removed, _ = claims.delete()
        if removed:
            audit_record(
                action="standards.coverage_removed",
                object_type="standards.coverage",
                object_ref=item_ref[:64],
                detail={"kind": kind or "all", "removed": removed},
            )
    return removed


@dataclass(frozen=True)
class ItemTarget:
    """A referenced item as its current, approved version states it, and where it is published:
    the item's place on that version's public page, the ``uri`` of its CASE CFItem."""

    ref: str
    text: str
    standard_title: str
    path: str


def item_targets(refs: Iterable[str]) -> list[ItemTarget]:
    """The current version of each reference that a loaded standard holds, in the order given.
    References to items that no current version holds are left out."""
    from django.urls import reverse

    from lantern.standards.models import StandardItem

    wanted = [ref for ref in dict.fromkeys(refs) if parse_ref(ref) is not None]
    urns = {ref.split(".", 1)[0] for ref in wanted}
    found: dict[str, ItemTarget] = {}
    rows = StandardItem.objects.filter(
        version__is_current=True, version__standard__urn__in=urns
    ).select_related("version__standard")
    for item in rows:
        version = item.version
        ref = f"{version.standard.urn}.{item_code(item.kind, item.number)}"
        page = reverse(
            "standards:version_detail",
            kwargs={"urn": version.standard.urn, "number": version.number},
        )
        found[ref] = ItemTarget(
            ref=ref,
            text=item.text,
            standard_title=version.title,
            path=f"{page}#{item_code(item.kind, item.number)}",
        )
    return [found[ref] for ref in wanted if ref in found]
