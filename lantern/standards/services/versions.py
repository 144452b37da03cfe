"""Writes for the version lifecycle: drafting the next version, editing it, and approving it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lantern.core.audit import audit_record
from lantern.standards import rules
from lantern.standards.models import (
    Consultation,
    CoverageClaim,
    ItemKind,
    Standard,
    StandardItem,
    StandardVersion,
    VersionOrigin,
    VersionStatus,
)
from lantern.standards.services._common import _stored_rows, _write_glossary, _write_items


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
        if version.based_on_id:
            # A number removed from this draft that the previous version used is not reused:
            # its reference keeps meaning that version's item.
            earlier = StandardItem.objects.filter(
                version_id=version.based_on_id, kind=kind, parent=None
            ).values_list("number", flat=True)
            top += [int(n) for n in earlier]
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


def item_remove(*, actor: Any, item: StandardItem) -> str:
    """Remove an item from a version being drafted; returns its reference. Refused, naming the
    reason, when the item has sub-items, consultation comments, or content of another app
    declares it covers the reference: those must be dealt with first. Other items keep their
    numbers, so every reference keeps its meaning."""
    version = item.version
    _require_editable(version)
    ref = item.ref
    problems = []
    children = [c.code for c in item.children.order_by("position")]
    if children:
        problems.append(f"it has sub-items ({', '.join(children)}): remove them first")
    if item.comments.exists():
        problems.append("consultees have commented on it")
    claims = CoverageClaim.objects.filter(target_ref=ref).count()
    if claims:
        mappings = f"{claims} mapping{'s' if claims != 1 else ''}"
        problems.append(f"Lantern content is mapped to {ref} ({mappings}): change that first")
    if problems:
        raise rules.LifecycleError(f"{item.code} cannot be removed: " + "; ".join(problems))
    with transaction.atomic():
        item.delete()
        _touch(version)
        audit_record(
            action="standards.item_removed",
            actor=actor,
            obj=version,
            detail={"ref": ref, "version": version.number},
        )
    return ref


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
