"""Writes for standards: content import, the version lifecycle, consultation and comments.

Every function is keyword-only, runs in one transaction and writes its audit event there.
Audit details hold references and counts, never what a consultee wrote or who they are.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lantern.accounts.models import Organisation
from lantern.core.audit import audit_record
from lantern.standards import rules
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
    CommentChannel,
    Consultation,
    ConsultationComment,
    GlossaryTerm,
    ItemKind,
    ResponseDecision,
    Standard,
    StandardItem,
    StandardVersion,
    Suite,
    VersionOrigin,
    VersionStatus,
)

# --- Content import ---------------------------------------------------------------------------


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


# --- Lifecycle --------------------------------------------------------------------------------


def _require_editable(version: StandardVersion) -> None:
    if not version.is_editable:
        raise rules.LifecycleError(
            f"Version {version.number} is {version.get_status_display().lower()}: "
            "only drafts and versions in consultation can be changed"
        )


def _touch(version: StandardVersion) -> None:
    version.last_changed_at = timezone.now()
    version.save(update_fields=["last_changed_at"])


def version_draft_create(*, actor: Any, standard: Standard) -> StandardVersion:
    """Start the next version as a copy of the current one."""
    with transaction.atomic():
        # Lock the standard so two authors cannot both start version N+1.
        Standard.objects.select_for_update().get(pk=standard.pk)
        if standard.versions.filter(
            status__in=[VersionStatus.DRAFT, VersionStatus.CONSULTATION]
        ).exists():
            raise rules.LifecycleError(
                f"{standard.urn} already has a version being drafted or consulted on"
            )
        base = standard.versions.filter(is_current=True).first()
        if base is None:
            raise rules.LifecycleError(f"{standard.urn} has no current version to start from")
        number = (standard.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        draft = StandardVersion.objects.create(
            standard=standard,
            number=number,
            status=VersionStatus.DRAFT,
            origin=VersionOrigin.LANTERN,
            based_on=base,
            title=base.title,
            overview=base.overview,
            developed_by=base.developed_by,
            pc_intro=base.pc_intro,
            k_intro=base.k_intro,
            approved_on=None,
            indicative_review_on=None,
            validity=base.validity,
            nos_status="Revised",
            originating_organisation=base.originating_organisation,
            relevant_occupations=list(base.relevant_occupations),
            keywords=list(base.keywords),
            source=f"Drafted in Lantern from version {base.number}",
            reviewed_on=None,
        )
        _write_items(draft, _stored_rows(base))
        _write_glossary(draft, base.glossary.order_by("position").values_list("term", "definition"))
        audit_record(
            action="standards.version_drafted",
            actor=actor,
            obj=draft,
            detail={"urn": standard.urn, "version": number, "based_on": base.number},
        )
    return draft


def version_update(
    *,
    actor: Any,
    version: StandardVersion,
    title: str,
    overview: str,
    change_summary: str,
) -> StandardVersion:
    _require_editable(version)
    changed = [
        name
        for name, value in (
            ("title", title.strip()),
            ("overview", overview.strip()),
            ("change_summary", change_summary.strip()),
        )
        if getattr(version, name) != value
    ]
    if not changed:
        return version
    with transaction.atomic():
        version.title = title.strip()
        version.overview = overview.strip()
        version.change_summary = change_summary.strip()
        version.last_changed_at = timezone.now()
        version.save(update_fields=[*changed, "last_changed_at"])
        audit_record(
            action="standards.version_edited",
            actor=actor,
            obj=version,
            detail={"urn": version.standard.urn, "version": version.number, "fields": changed},
        )
    return version


def item_update(*, actor: Any, item: StandardItem, text: str) -> StandardItem:
    version = item.version
    _require_editable(version)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the text of the item"})
    if text == item.text:
        return item
    with transaction.atomic():
        item.text = text
        item.save(update_fields=["text"])
        _touch(version)
        audit_record(
            action="standards.item_edited",
            actor=actor,
            obj=version,
            detail={"ref": item.ref, "version": version.number},
        )
    return item


def item_add(*, actor: Any, version: StandardVersion, kind: str, text: str) -> StandardItem:
    """Add a criterion or knowledge item at the end, with the next number."""
    _require_editable(version)
    if kind not in ItemKind.values:
        raise ValidationError({"kind": "Choose performance criterion or knowledge"})
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the text of the new item"})
    with transaction.atomic():
        existing = version.items.filter(kind=kind)
        top = [int(n) for n in existing.filter(parent=None).values_list("number", flat=True)]
        number = str(max(top, default=0) + 1)
        position = (existing.aggregate(p=Max("position"))["p"] or 0) + 1
        item = StandardItem.objects.create(
            version=version, kind=kind, number=number, text=text, position=position
        )
        _touch(version)
        audit_record(
            action="standards.item_added",
            actor=actor,
            obj=version,
            detail={"ref": item.ref, "version": version.number},
        )
    return item


def consultation_open(
    *,
    actor: Any,
    version: StandardVersion,
    opens_on: date,
    closes_on: date,
    introduction: str = "",
    organisations: Iterable[Organisation] = (),
) -> Consultation:
    problems = rules.check_consultation_dates(opens_on, closes_on, timezone.localdate())
    if problems:
        raise ValidationError(problems)
    new_status = rules.next_status(version.status, "open_consultation")
    orgs = list(organisations)
    with transaction.atomic():
        consultation = Consultation.objects.create(
            version=version,
            opens_on=opens_on,
            closes_on=closes_on,
            introduction=introduction.strip(),
            link_token=secrets.token_urlsafe(24),
        )
        consultation.organisations.set(orgs)
        version.status = new_status
        version.save(update_fields=["status"])
        audit_record(
            action="standards.consultation_opened",
            actor=actor,
            obj=consultation,
            detail={
                "urn": version.standard.urn,
                "version": version.number,
                "opens_on": opens_on.isoformat(),
                "closes_on": closes_on.isoformat(),
                "organisations": [str(o.pk) for o in orgs],
            },
        )
    return consultation


def consultation_close(*, actor: Any, consultation: Consultation) -> Consultation:
    if consultation.closed_at is not None:
        return consultation
    with transaction.atomic():
        consultation.closed_at = timezone.now()
        consultation.save(update_fields=["closed_at"])
        audit_record(
            action="standards.consultation_closed",
            actor=actor,
            obj=consultation,
            detail={"comments": consultation.comments.count()},
        )
    return consultation


def comment_add(
    *,
    consultation: Consultation,
    body: str,
    channel: str,
    item: StandardItem | None = None,
    author: Any = None,
    organisation: Organisation | None = None,
    respondent_name: str = "",
    respondent_organisation: str = "",
) -> ConsultationComment:
    if not consultation.is_open():
        raise rules.LifecycleError("This consultation is closed: comments can no longer be added")
    if item is not None and item.version_id != consultation.version_id:
        raise ValidationError({"item": "Choose an item of the version being consulted on"})
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Enter your comment"})
    if channel not in CommentChannel.values:
        raise ValidationError({"channel": "Unknown channel"})
    with transaction.atomic():
        comment = ConsultationComment.objects.create(
            consultation=consultation,
            item=item,
            body=body,
            channel=channel,
            author=author if getattr(author, "is_authenticated", False) else None,
            organisation=organisation,
            respondent_name=respondent_name.strip(),
            respondent_organisation=respondent_organisation.strip(),
        )
        audit_record(
            action="standards.comment_added",
            actor=author,
            obj=comment,
            organisation_ref=str(organisation.pk) if organisation else "",
            detail={
                "consultation": str(consultation.pk),
                "on": item.code if item else "whole standard",
                "channel": channel,
            },
        )
    return comment


def comment_respond(
    *, actor: Any, comment: ConsultationComment, decision: str, reason: str
) -> ConsultationComment:
    if decision not in ResponseDecision.values:
        raise ValidationError({"decision": "Choose accepted, partly accepted or not accepted"})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for your decision"})
    if not comment.consultation.version.is_editable:
        raise rules.LifecycleError("This version has been approved: its comments are closed")
    with transaction.atomic():
        comment.decision = decision
        comment.reason = reason
        comment.responded_by = actor
        comment.responded_at = timezone.now()
        comment.save(update_fields=["decision", "reason", "responded_by", "responded_at"])
        audit_record(
            action="standards.comment_responded",
            actor=actor,
            obj=comment,
            detail={"decision": decision},
        )
    return comment


def version_approve(
    *, actor: Any, version: StandardVersion, indicative_review_on: date
) -> StandardVersion:
    """Make a consulted-on version current. The version it replaces stays readable."""
    consultation = Consultation.objects.filter(version=version).first()
    blockers = rules.approval_blockers(
        status=version.status,
        consultation_closed=consultation is not None and consultation.closed_at is not None,
        unanswered_comments=consultation.comments.filter(decision="").count()
        if consultation
        else 0,
    )
    if blockers:
        raise rules.LifecycleError(". ".join(blockers))
    today = timezone.localdate()
    if indicative_review_on <= today:
        raise ValidationError({"indicative_review_on": "The review date must be in the future"})
    new_status = rules.next_status(version.status, "approve")
    with transaction.atomic():
        now = timezone.now()
        previous = (
            StandardVersion.objects.select_for_update()
            .filter(standard=version.standard, is_current=True)
            .first()
        )
        if previous is not None:
            previous.is_current = False
            previous.superseded_at = now
            previous.save(update_fields=["is_current", "superseded_at"])
        version.status = new_status
        version.is_current = True
        version.approved_on = today
        version.indicative_review_on = indicative_review_on
        version.reviewed_on = today
        version.last_changed_at = now
        version.save(
            update_fields=[
                "status",
                "is_current",
                "approved_on",
                "indicative_review_on",
                "reviewed_on",
                "last_changed_at",
            ]
        )
        audit_record(
            action="standards.version_approved",
            actor=actor,
            obj=version,
            detail={
                "urn": version.standard.urn,
                "version": version.number,
                "replaces": previous.number if previous else None,
            },
        )
    return version
