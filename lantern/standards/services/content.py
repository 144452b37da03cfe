"""Writes for standards content: reading content/standards/ and importing suites and published
versions from it (idempotent)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lantern.core.audit import audit_record
from lantern.standards.importing import (
    ContentError,
    ContentProblem,
    ParsedItem,
    ParsedStandard,
    ParsedSuite,
    parse_standard,
    parse_suite,
)
from lantern.standards.models import (
    Standard,
    StandardVersion,
    Suite,
    VersionOrigin,
    VersionStatus,
)
from lantern.standards.services._common import _stored_rows, _write_glossary, _write_items


@dataclass(frozen=True)
class ImportOutcome:
    urn: str
    version: int
    change: str  # created, updated or unchanged
    criteria: int
    criteria_subitems: int
    knowledge: int
    knowledge_subitems: int
    glossary: int

    def describe(self) -> str:
        return (
            f"{self.urn} version {self.version}: {self.criteria} performance criteria "
            f"(+{self.criteria_subitems} sub-items), {self.knowledge} knowledge items "
            f"(+{self.knowledge_subitems} sub-items), {self.glossary} glossary "
            f"term{'s' if self.glossary != 1 else ''}, {self.change}"
        )


def content_directory() -> Path:
    return Path(settings.CONTENT_DIR) / "standards"


def standards_content_read(
    directory: Path | None = None,
) -> tuple[list[ParsedSuite], list[ParsedStandard]]:
    """Parse every file first; refuse them all if any one has a problem."""
    directory = directory or content_directory()
    suites: list[ParsedSuite] = []
    standards: list[ParsedStandard] = []
    errors: list[ContentError] = []
    for path in sorted(directory.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        try:
            if path.name.startswith("suite"):
                suites.append(parse_suite(text, path.name))
            else:
                standards.append(parse_standard(text, path.name))
        except ContentError as error:
            errors.append(error)
    seen: dict[tuple[str, int], str] = {}
    for parsed in standards:
        key = (parsed.urn, parsed.version)
        if key in seen:
            errors.append(
                ContentError(
                    parsed.urn,
                    [ContentProblem(0, f"version {parsed.version} is in two files")],
                )
            )
        seen[key] = parsed.urn
    if errors:
        raise ContentError(
            str(directory),
            [ContentProblem(0, str(e)) for e in errors],
        )
    return suites, standards


def standards_content_load(directory: Path | None = None) -> str:
    """Import content/standards/ (idempotent). Returns a one-line summary."""
    suites, standards = standards_content_read(directory)
    with transaction.atomic():
        for suite in suites:
            suite_import(parsed=suite)
        outcomes = [standard_import(parsed=p) for p in standards]
    parts = [o.describe() for o in outcomes] or ["no standards found"]
    return f"{len(suites)} suite(s); " + "; ".join(parts)


def suite_import(*, parsed: ParsedSuite) -> Suite:
    values = {
        "title": parsed.title,
        "developed_by": parsed.developed_by,
        "description": parsed.description,
        "planned": parsed.planned,
        "unconfirmed_note": parsed.unconfirmed_note,
        "source": parsed.source,
        "reviewed_on": parsed.reviewed_on,
    }
    with transaction.atomic():
        suite = Suite.objects.filter(slug=parsed.slug).first()
        if suite is None:
            suite = Suite.objects.create(slug=parsed.slug, **values)
            audit_record(action="standards.suite_imported", obj=suite, detail={"slug": suite.slug})
        elif any(getattr(suite, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(suite, key, value)
            suite.save(update_fields=list(values))
            audit_record(action="standards.suite_updated", obj=suite, detail={"slug": suite.slug})
        for position, urn in enumerate(parsed.urns):
            Standard.objects.filter(urn=urn).exclude(suite=suite, position=position).update(
                suite=suite, position=position
            )
    return suite


def _version_values(parsed: ParsedStandard) -> dict[str, Any]:
    return {
        "title": parsed.title,
        "overview": parsed.overview,
        "developed_by": parsed.developed_by,
        "pc_intro": parsed.pc_intro,
        "k_intro": parsed.k_intro,
        "approved_on": parsed.approved_on,
        "indicative_review_on": parsed.indicative_review_on,
        "validity": parsed.validity,
        "nos_status": parsed.nos_status,
        "originating_organisation": parsed.originating_organisation,
        "relevant_occupations": list(parsed.relevant_occupations),
        "keywords": list(parsed.keywords),
        "source": parsed.source,
        "reviewed_on": parsed.reviewed_on,
    }


def _parsed_rows(parsed: ParsedStandard) -> list[tuple[str, str, str, str]]:
    """(kind, number, parent number, text) in published order."""
    rows: list[tuple[str, str, str, str]] = []

    def walk(items: Iterable[ParsedItem], parent: str) -> None:
        for item in items:
            rows.append((item.kind, item.number, parent, item.text))
            walk(item.children, item.number)

    walk(parsed.criteria, "")
    walk(parsed.knowledge, "")
    return rows


def standard_import(*, parsed: ParsedStandard) -> ImportOutcome:
    """Create or update one published version from content. Versions drafted in Lantern are
    never overwritten by content, and importing never changes which version is current unless
    the standard has no current version yet."""
    values = _version_values(parsed)
    rows = _parsed_rows(parsed)
    terms = [(g.term, g.definition) for g in parsed.glossary]
    with transaction.atomic():
        suite = Suite.objects.filter(slug=parsed.suite).first()
        if suite is None:
            raise ContentError(
                parsed.urn,
                [ContentProblem(0, f"the suite '{parsed.suite}' is not in content/standards")],
            )
        standard, _ = Standard.objects.get_or_create(urn=parsed.urn, defaults={"suite": suite})
        if standard.suite_id != suite.pk:
            standard.suite = suite
            standard.save(update_fields=["suite"])
        version = standard.versions.filter(number=parsed.version).first()
        if version is not None and version.origin != VersionOrigin.CONTENT:
            raise ContentError(
                parsed.urn,
                [
                    ContentProblem(
                        0,
                        f"version {parsed.version} of {parsed.urn} was drafted in Lantern; "
                        "give the content file a version number Lantern has not used",
                    )
                ],
            )
        if version is None:
            has_current = standard.versions.filter(is_current=True).exists()
            version = StandardVersion.objects.create(
                standard=standard,
                number=parsed.version,
                status=VersionStatus.APPROVED,
                is_current=not has_current,
                origin=VersionOrigin.CONTENT,
                last_changed_at=_content_timestamp(parsed),
                **values,
            )
            _write_items(version, rows)
            _write_glossary(version, terms)
            change = "created"
        else:
            stored_terms = list(
                version.glossary.order_by("position").values_list("term", "definition")
            )
            same = (
                all(getattr(version, k) == v for k, v in values.items())
                and _stored_rows(version) == rows
                and [tuple(t) for t in stored_terms] == terms
            )
            if same:
                change = "unchanged"
            else:
                for key, value in values.items():
                    setattr(version, key, value)
                version.last_changed_at = timezone.now()
                version.save(update_fields=[*values, "last_changed_at"])
                if _stored_rows(version) != rows:
                    _write_items(version, rows)
                _write_glossary(version, terms)
                change = "updated"
        if change != "unchanged":
            audit_record(
                action=f"standards.version_{change}_from_content",
                obj=version,
                detail={"urn": parsed.urn, "version": parsed.version, "items": len(rows)},
            )
    return ImportOutcome(
        urn=parsed.urn,
        version=parsed.version,
        change=change,
        criteria=len(parsed.criteria),
        criteria_subitems=sum(len(i.children) for i in parsed.criteria),
        knowledge=len(parsed.knowledge),
        knowledge_subitems=sum(len(i.children) for i in parsed.knowledge),
        glossary=len(parsed.glossary),
    )


def _content_timestamp(parsed: ParsedStandard) -> Any:
    """A published version 'last changed' when it was approved (stable across imports)."""
    from datetime import UTC, datetime

    day = parsed.approved_on or parsed.reviewed_on
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
