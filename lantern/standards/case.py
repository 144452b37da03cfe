"""A standard version as a 1EdTech CASE 1.0 package (CFPackage) and as CSV. Pure: no ORM.

Mapping (docs/adr/0010-standards-data-model-and-case.md):
- CFDocument: the version (title, overview as description, creator, publisher, version,
  adoptionStatus from Lantern's status, NOS metadata in notes).
- CFItems: two section items ("Performance criteria", "Knowledge and understanding"), one item
  per criterion or knowledge item and one per sub-item. humanCodingScheme is the Lantern
  reference (SFJBMS05.PC14), listEnumeration the published number.
- CFAssociations: isChildOf from each section to the document, each item to its section, each
  sub-item to its item, with sequenceNumber giving the published order.
- CFAssociations replacedBy from each item of the version this one was drafted from to the
  item with the same reference here: the new version's item replaces the old one. A superseded
  version's package carries the same associations (same identifiers, URIs and document) read
  forwards, so that it points to what replaced it.
- lastChangeDateTime is when the version last changed, or when it was superseded (its
  adoptionStatus became Deprecated) if that is later, so consumers syncing by it see the change.
- Each object has one URI, used wherever it is linked: the document and its package are the
  version's page, items are anchors on it; without URLs, ``urn:uuid:`` names.
- Identifiers are UUID version 5 derived from the URN, version number and reference, so the
  same version exports the same identifiers on every machine and after every re-import.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from lantern.core.spreadsheet import safe_cell
from lantern.standards.refs import KNOWLEDGE, PERFORMANCE
from lantern.standards.snapshots import ItemSnap, VersionSnap

# Fixed for ever: changing it would change every exported identifier.
CASE_NAMESPACE = uuid.UUID("6f1c2d4e-8a53-5b7e-9c0d-1e2f3a4b5c6d")

SECTION_TITLES = {PERFORMANCE: "Performance criteria", KNOWLEDGE: "Knowledge and understanding"}
ITEM_TYPES = {
    "section": ("Section", "1"),
    PERFORMANCE: ("Performance criterion", "2"),
    KNOWLEDGE: ("Knowledge and understanding", "3"),
}
ADOPTION_STATUS = {
    "draft": "Private Draft",
    "consultation": "Draft",
    "approved": "Adopted",
    "withdrawn": "Deprecated",
}
# When the item-type definitions above last changed.
ITEM_TYPES_CHANGED = "2026-11-30T00:00:00Z"
CSV_COLUMNS = ("ref", "type", "number", "parent_ref", "statement", "standard", "version", "status")


def case_identifier(*parts: str | int) -> str:
    return str(uuid.uuid5(CASE_NAMESPACE, "/".join(str(p) for p in parts)))


def _timestamp(moment: datetime | date | None) -> str:
    if moment is None:
        moment = datetime(1970, 1, 1, tzinfo=UTC)
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _month(value: date | None) -> str:
    return value.strftime("%B %Y") if value else "not recorded"


def adoption_status(snap: VersionSnap) -> str:
    if snap.status == "approved" and not snap.is_current:
        return "Deprecated"
    return ADOPTION_STATUS.get(snap.status, "Draft")


def _notes(snap: VersionSnap) -> str:
    lines = [
        f"Suite: {snap.suite_title or 'not recorded'}",
        f"Validity: {snap.validity or 'not recorded'}",
        f"NOS status: {snap.nos_status or 'not recorded'}",
        f"Date approved: {_month(snap.approved_on)}",
        f"Indicative review date: {_month(snap.indicative_review_on)}",
        "Relevant occupations: " + "; ".join(snap.relevant_occupations),
        "Keywords: " + "; ".join(snap.keywords),
    ]
    for term in snap.glossary:
        lines.append(f"Glossary, {term.term}: {term.definition}")
    return "\n".join(lines)


def last_change(snap: VersionSnap) -> datetime:
    """When the version last changed, counting its supersession as a change of status."""
    if snap.superseded_at is not None and snap.superseded_at > snap.last_changed_at:
        return snap.superseded_at
    return snap.last_changed_at


def case_package(
    snap: VersionSnap,
    *,
    page_url: str | None = None,
    package_url: str | None = None,
    based_on_page_url: str | None = None,
    successor_page_url: str | None = None,
    successor_package_url: str | None = None,
) -> dict[str, Any]:
    """The CFPackage for one version. With URLs, URIs point at Lantern's pages (the document
    and package at ``page_url``, items at anchors on it, other objects at anchors on
    ``package_url``); ``based_on_page_url`` is the page of the version this one was drafted
    from, and the ``successor_`` URLs those of the approved version drafted from this one.
    Without them, every ``uri`` is the object's ``urn:uuid:`` name."""
    key = (snap.urn, f"v{snap.number}")
    doc_id = case_identifier(*key, "document")
    changed = _timestamp(last_change(snap))

    def uri(identifier: str, anchor: str = "") -> str:
        if page_url and anchor:
            return f"{page_url}#{anchor}"
        if package_url:
            return f"{package_url}#{identifier}"
        return f"urn:uuid:{identifier}"

    doc_uri = page_url or uri(doc_id)
    doc_link = {"title": snap.title, "identifier": doc_id, "uri": doc_uri}
    type_ids = {k: case_identifier("item-type", title) for k, (title, _) in ITEM_TYPES.items()}
    item_types = [
        {
            "identifier": type_ids[k],
            "uri": uri(type_ids[k]),
            "title": title,
            "description": f"{title} of a National Occupational Standard",
            "hierarchyCode": code,
            "typeCode": k,
            "lastChangeDateTime": ITEM_TYPES_CHANGED,
        }
        for k, (title, code) in ITEM_TYPES.items()
    ]

    def type_link(kind: str) -> dict[str, str]:
        return {
            "title": ITEM_TYPES[kind][0],
            "identifier": type_ids[kind],
            "uri": uri(type_ids[kind]),
        }

    document: dict[str, Any] = {
        "identifier": doc_id,
        "uri": doc_uri,
        "creator": snap.developed_by,
        "title": snap.title,
        "lastChangeDateTime": changed,
        "publisher": snap.originating_organisation or snap.developed_by,
        "description": snap.overview,
        "subject": [snap.suite_title] if snap.suite_title else [],
        "language": "en",
        "version": str(snap.number),
        "adoptionStatus": adoption_status(snap),
        "notes": _notes(snap),
        "CFPackageURI": {
            "title": snap.title,
            "identifier": doc_id,
            "uri": doc_uri,
        },
    }
    if snap.approved_on:
        document["statusStartDate"] = snap.approved_on.isoformat()
    if snap.superseded_at:
        document["statusEndDate"] = snap.superseded_at.date().isoformat()

    items: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []
    node_links: dict[str, dict[str, str]] = {}

    def associate(origin: dict[str, str], destination: dict[str, str], sequence: int) -> None:
        assoc_id = case_identifier(*key, "isChildOf", origin["identifier"])
        associations.append(
            {
                "identifier": assoc_id,
                "associationType": "isChildOf",
                "sequenceNumber": sequence,
                "uri": uri(assoc_id),
                "originNodeURI": origin,
                "destinationNodeURI": destination,
                "lastChangeDateTime": changed,
                "CFDocumentURI": doc_link,
            }
        )

    for section_number, kind in enumerate((PERFORMANCE, KNOWLEDGE), start=1):
        section_code = "PC" if kind == PERFORMANCE else "K"
        section_id = case_identifier(*key, "section", section_code)
        intro = snap.pc_intro if kind == PERFORMANCE else snap.k_intro
        items.append(
            {
                "identifier": section_id,
                "uri": uri(section_id, anchor=section_code.lower()),
                "fullStatement": f"{SECTION_TITLES[kind]}. {intro}",
                "abbreviatedStatement": SECTION_TITLES[kind],
                "humanCodingScheme": f"{snap.urn}.{section_code}",
                "CFItemType": ITEM_TYPES["section"][0],
                "CFItemTypeURI": type_link("section"),
                "language": "en",
                "lastChangeDateTime": changed,
                "CFDocumentURI": doc_link,
            }
        )
        section_link = {
            "title": SECTION_TITLES[kind],
            "identifier": section_id,
            "uri": uri(section_id, anchor=section_code.lower()),
        }
        associate(section_link, doc_link, section_number)
        for item in snap.items_of(kind):
            link = _item(snap, item, key, uri, type_link, changed, doc_link, items)
            node_links[item.code] = link
            parent = node_links.get(item.parent_code) if item.parent_code else section_link
            sequence = int(item.number.split(".")[-1])
            associate(link, parent or section_link, sequence)
    if snap.based_on_number is not None:
        for item in snap.items:
            if item.ref not in snap.based_on_refs:
                continue  # added in this version: it replaces nothing
            old_id = case_identifier(snap.urn, f"v{snap.based_on_number}", item.ref)
            old_uri = (
                f"{based_on_page_url}#{item.code}" if based_on_page_url else f"urn:uuid:{old_id}"
            )
            assoc_id = case_identifier(*key, "replacedBy", old_id)
            associations.append(
                {
                    "identifier": assoc_id,
                    "associationType": "replacedBy",
                    "uri": uri(assoc_id),
                    "originNodeURI": {
                        "title": f"{item.ref} (version {snap.based_on_number})",
                        "identifier": old_id,
                        "uri": old_uri,
                    },
                    "destinationNodeURI": node_links[item.code],
                    "lastChangeDateTime": changed,
                    "CFDocumentURI": doc_link,
                }
            )
    if snap.successor_number is not None:
        associations += _replaced_by_successor(
            snap, node_links, changed, successor_page_url, successor_package_url
        )
    return {
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": associations,
        "CFDefinitions": {"CFItemTypes": item_types},
    }


def _item(
    snap: VersionSnap,
    item: ItemSnap,
    key: tuple[str, str],
    uri: Any,
    type_link: Any,
    changed: str,
    doc_link: dict[str, str],
    items: list[dict[str, Any]],
) -> dict[str, str]:
    identifier = case_identifier(*key, item.ref)
    items.append(
        {
            "identifier": identifier,
            "uri": uri(identifier, anchor=item.code),
            "fullStatement": item.text,
            "humanCodingScheme": item.ref,
            "listEnumeration": item.number,
            "CFItemType": ITEM_TYPES[item.kind][0],
            "CFItemTypeURI": type_link(item.kind),
            "language": "en",
            "lastChangeDateTime": changed,
            "CFDocumentURI": doc_link,
        }
    )
    return {"title": item.ref, "identifier": identifier, "uri": uri(identifier, anchor=item.code)}


def csv_rows(snap: VersionSnap) -> Iterator[list[object]]:
    """The version as spreadsheet rows, the header first; text cells through ``safe_cell``."""
    yield list(CSV_COLUMNS)
    for item in snap.items:
        yield [
            item.ref,
            "performance criterion" if item.kind == PERFORMANCE else "knowledge",
            item.number,
            f"{snap.urn}.{item.parent_code}" if item.parent_code else "",
            safe_cell(item.text),
            snap.urn,
            snap.number,
            snap.status,
        ]


def csv_text(snap: VersionSnap) -> str:
    """The same rows as plain CSV text (for the command line: no byte-order mark)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(csv_rows(snap))
    return out.getvalue()


def _replaced_by_successor(
    snap: VersionSnap,
    node_links: dict[str, dict[str, str]],
    changed: str,
    page_url: str | None,
    package_url: str | None,
) -> list[dict[str, Any]]:
    """The successor's replacedBy associations, read forwards from this superseded version: the
    same objects (identifier, URI, ends and document) as in the successor's own package, so that a
    consumer holding only this version still finds what replaced each item."""
    number = snap.successor_number
    key = (snap.urn, f"v{number}")
    doc_id = case_identifier(*key, "document")
    doc_link = {
        "title": snap.successor_title,
        "identifier": doc_id,
        "uri": page_url or f"urn:uuid:{doc_id}",
    }
    out = []
    for item in snap.items:
        if item.ref not in snap.successor_refs:
            continue  # removed in the successor: nothing replaces it
        origin = node_links[item.code]
        new_id = case_identifier(*key, item.ref)
        assoc_id = case_identifier(*key, "replacedBy", origin["identifier"])
        out.append(
            {
                "identifier": assoc_id,
                "associationType": "replacedBy",
                "uri": f"{package_url}#{assoc_id}" if package_url else f"urn:uuid:{assoc_id}",
                "originNodeURI": {**origin, "title": f"{item.ref} (version {snap.number})"},
                "destinationNodeURI": {
                    "title": item.ref,
                    "identifier": new_id,
                    "uri": f"{page_url}#{item.code}" if page_url else f"urn:uuid:{new_id}",
                },
                "lastChangeDateTime": changed,
                "CFDocumentURI": doc_link,
            }
        )
    return out
