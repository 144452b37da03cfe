"""Private helpers shared by the content import and the version lifecycle: writing a version's
items and glossary, and reading its items back in the shape the import compares against."""

from __future__ import annotations

from collections.abc import Iterable

from lantern.standards.models import GlossaryTerm, StandardItem, StandardVersion


def _stored_rows(version: StandardVersion) -> list[tuple[str, str, str, str]]:
    return [
        (i.kind, i.number, i.number.split(".")[0] if "." in i.number else "", i.text)
        for i in version.items.order_by("-kind", "position")  # criteria first, as published
    ]


def _write_items(version: StandardVersion, rows: list[tuple[str, str, str, str]]) -> None:
    version.items.all().delete()
    parents: dict[tuple[str, str], StandardItem] = {}
    positions: dict[str, int] = {}
    for kind, number, parent_number, text in rows:
        positions[kind] = positions.get(kind, 0) + 1
        item = StandardItem.objects.create(
            version=version,
            kind=kind,
            number=number,
            parent=parents.get((kind, parent_number)) if parent_number else None,
            text=text,
            position=positions[kind],
        )
        parents[(kind, number)] = item


def _write_glossary(version: StandardVersion, terms: Iterable[tuple[str, str]]) -> None:
    version.glossary.all().delete()
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(version=version, term=term, definition=definition, position=position)
        for position, (term, definition) in enumerate(terms, start=1)
    )
