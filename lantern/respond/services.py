"""Writes for respond: referral drafts (create, update, record a view or download, delete, purge).

Keyword-only, atomic, audited. Audit details hold no personal data: only the kind, the rules
version and which fields changed, never their values.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import Organisation, User
from lantern.core import phones
from lantern.core.audit import audit_record
from lantern.respond import pathways
from lantern.respond.content import content
from lantern.respond.drafts import FIELDS_BY_KIND, identifier_problems, prefill
from lantern.respond.models import (
    DraftKind,
    ReferralDraft,
    ReferralPathway,
    ReferralQualityRecord,
)
from lantern.respond.nationalities import is_nationality
from lantern.respond.quality import referral_quality

# A draft started again this soon after an identical one, untouched, is the same draft.
DUPLICATE_WINDOW = timedelta(minutes=10)

# Free-text fields of a DtN that must not identify anyone (nationality is chosen from a list).
DTN_FREE_TEXT = ("where", "when")


def draft_retention() -> timedelta:
    """How long a draft lives: the RESPOND_DRAFT_RETENTION_DAYS setting (default 30 days)."""
    return timedelta(days=int(settings.RESPOND_DRAFT_RETENTION_DAYS))


def _check_fields(kind: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    allowed = FIELDS_BY_KIND[kind]
    unknown = [k for k in fields if k not in allowed]
    if unknown:
        raise ValidationError({unknown[0]: "This draft does not hold that field."})
    if kind == DraftKind.DTN:
        for name in DTN_FREE_TEXT:
            problems = identifier_problems(str(fields.get(name, "")))
            if problems:
                raise ValidationError(
                    {name: f"A Duty to Notify must not identify the person: remove {problems[0]}."}
                )
        if not is_nationality(str(fields.get("nationality", ""))):
            raise ValidationError(
                {"nationality": "Select a nationality from the list, or Not known."}
            )
    elif fields.get("consent_date") and not fields.get("consent_given"):
        raise ValidationError(
            {"consent_date": "A date of consent needs the adult's informed consent recorded."}
        )
    return dict(fields)


def referral_draft_create(
    *,
    actor: User,
    organisation: Organisation,
    kind: str,
    answers: Mapping[str, Any],
    now: datetime | None = None,
) -> ReferralDraft:
    if kind not in DraftKind.values:
        raise ValidationError({"kind": f"Unknown draft kind '{kind}'"})
    loaded = content()
    fields = prefill(
        kind=kind, answers=answers, first_responder=organisation.name, library=loaded.indicators
    )
    now = now or timezone.now()
    checked = _check_fields(kind, fields)
    with transaction.atomic():
        # One draft per press of "Start a draft": Back and the button again, or a double tap,
        # finds the identical untouched draft just made instead of starting a second one. The
        # author's row is locked so two requests at once see each other's draft.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        recent = ReferralDraft.objects.filter(
            author=actor,
            organisation=organisation,
            kind=kind,
            created_at__gte=now - DUPLICATE_WINDOW,
            delete_after__gt=now,
        )
        for earlier in recent:
            if earlier.updated_at == earlier.created_at and earlier.data == checked:
                return earlier
        return _draft_insert(actor, organisation, kind, checked, loaded.rules.version, now)


def _draft_insert(
    actor: User,
    organisation: Organisation,
    kind: str,
    checked: dict[str, Any],
    rules_version: str,
    now: datetime,
) -> ReferralDraft:
    draft = ReferralDraft(
        kind=kind,
        author=actor,
        organisation=organisation,
        rules_version=rules_version,
        content=json.dumps(checked),
        created_at=now,
        updated_at=now,
        delete_after=now + draft_retention(),
    )
    with transaction.atomic():
        draft.save(force_insert=True)
        audit_record(
            action="referral_draft.created",
            actor=actor,
            obj=draft,
            organisation_ref=str(organisation.pk),
            detail={"kind": kind, "rules_version": draft.rules_version},
        )
    return draft


def referral_draft_update(
    *, actor: User, draft: ReferralDraft, fields: Mapping[str, Any]
) -> ReferralDraft:
    current = draft.data
    changed = sorted(k for k, v in fields.items() if current.get(k) != v)
    merged = _check_fields(draft.kind, {**current, **fields})
    draft.content = json.dumps(merged)
    draft.updated_at = timezone.now()
    with transaction.atomic():
        draft.save(update_fields=["content", "updated_at"])
        audit_record(
            action="referral_draft.updated",
            actor=actor,
            obj=draft,
            organisation_ref=str(draft.organisation_id),
            detail={"fields": changed},
        )
    return draft


def referral_draft_record_access(*, actor: User, draft: ReferralDraft, how: str) -> None:
    """Every view and download of a draft is in the audit log (it is personal data). A
    download is the draft being used, so its quality is recorded for reports, without it."""
    if how not in {"viewed", "downloaded"}:
        raise ValueError(how)
    with transaction.atomic():
        audit_record(
            action=f"referral_draft.{how}",
            actor=actor,
            obj=draft,
            organisation_ref=str(draft.organisation_id),
            detail={"kind": draft.kind, "by_author": draft.author_id == actor.pk},
        )
        if how == "downloaded":
            checks = referral_quality(
                kind=draft.kind, fields=draft.data, library=content().indicators
            )
            ReferralQualityRecord.objects.update_or_create(
                draft_ref=draft.pk,
                defaults={
                    "organisation_id": draft.organisation_id,
                    "kind": draft.kind,
                    "recorded_on": timezone.localdate(),
                    "checks_total": len(checks),
                    "met": sorted(c.key for c in checks if c.met),
                },
            )


def referral_draft_delete(*, actor: User, draft: ReferralDraft) -> None:
    ref, org_ref, kind = str(draft.pk), str(draft.organisation_id), draft.kind
    with transaction.atomic():
        draft.delete()
        audit_record(
            action="referral_draft.deleted",
            actor=actor,
            object_type="respond.referraldraft",
            object_ref=ref,
            organisation_ref=org_ref,
            detail={"kind": kind},
        )


def referral_drafts_purge_expired(*, now: datetime | None = None) -> int:
    """Delete every draft past its retention date. Returns how many went."""
    now = now or timezone.now()
    expired = list(
        ReferralDraft.objects.filter(delete_after__lte=now).values_list(
            "pk", "organisation_id", "kind"
        )
    )
    with transaction.atomic():
        for pk, org_id, kind in expired:
            ReferralDraft.objects.filter(pk=pk).delete()
            audit_record(
                action="referral_draft.purged",
                object_type="respond.referraldraft",
                object_ref=str(pk),
                organisation_ref=str(org_id),
                detail={"kind": kind, "reason": "retention period ended"},
            )
    return len(expired)


PATHWAY_FIELDS = ("contact_name", "contact_role", "phone", "email", "out_of_hours", "steps")


def referral_pathway_save(
    *, actor: User, organisation: Organisation, fields: Mapping[str, str]
) -> ReferralPathway:
    """Set an organisation's referral pathway (validated by ``ReferralPathwayForm``). Audited
    with the names of the fields that changed, not their values."""
    unknown = [name for name in fields if name not in PATHWAY_FIELDS]
    if unknown:
        raise ValidationError({unknown[0]: "A referral pathway does not hold that field."})
    values = {name: str(fields.get(name, "")).strip() for name in PATHWAY_FIELDS}
    if not values["contact_name"] or not (values["phone"] or values["email"]):
        raise ValidationError("A referral pathway needs someone to tell, and a phone or email.")
    values["phone"] = phones.normalise_phone(values["phone"])
    if not phones.phone_is_valid(values["phone"]):
        raise ValidationError({"phone": phones.PHONE_MESSAGE})
    steps = pathways.step_lines(values["steps"])
    if len(steps) > pathways.MAX_STEPS:
        raise ValidationError({"steps": pathways.STEPS_MESSAGE})
    values["steps"] = "\n".join(steps)
    with transaction.atomic():
        pathway = (
            ReferralPathway.objects.select_for_update().filter(organisation=organisation).first()
        )
        created = pathway is None
        if pathway is None:
            pathway = ReferralPathway(organisation=organisation)
        changed = [name for name in PATHWAY_FIELDS if getattr(pathway, name) != values[name]]
        if not changed and not created and not pathway.needs_review:
            return pathway
        for name, value in values.items():
            setattr(pathway, name, value)
        pathway.updated_at = timezone.now()
        pathway.updated_by = actor
        pathway.full_clean(exclude=["organisation", "updated_by"])
        pathway.save()
        audit_record(
            action=(
                "respond.pathway_created"
                if created
                else "respond.pathway_changed"
                if changed
                else "respond.pathway_checked"
            ),
            actor=actor,
            obj=pathway,
            organisation_ref=str(organisation.pk),
            detail={"fields": changed},
        )
    return pathway
