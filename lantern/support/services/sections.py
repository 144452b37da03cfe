"""Entries in the sections of a case record. Consent and sharing records are append-only;
a change to the goals sends an approved or submitted plan back to draft."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.core import codes
from lantern.support import rules, selectors
from lantern.support.models import (
    Case,
    ConsentRecord,
    InformationShare,
    PlanGoal,
    PlanStatus,
    SupportPlan,
)
from lantern.support.services._common import _audit, _lock, _touch

APPEND_ONLY = (ConsentRecord, InformationShare)


def _plan_reopen(plan: SupportPlan | None, actor: User) -> None:
    """Any change to an approved or submitted plan sends it back to draft."""
    if plan is None or plan.status == PlanStatus.DRAFT:
        return
    plan.status = PlanStatus.DRAFT
    plan.approved_by = None
    plan.approved_at = None
    plan.drafted_by = actor
    plan.save(update_fields=["status", "approved_by", "approved_at", "drafted_by"])


def _refuse_bad_values(model: type[models.Model], data: dict[str, Any]) -> None:
    """Dates of things that have happened cannot be in the future, and a language is an ISO
    639-2 code, whoever writes them."""
    problems = rules.future_date_problems(
        model_name=model._meta.model_name or "", values=data, today=timezone.localdate()
    )
    language = data.get("language")
    if language and language not in codes.languages():
        problems["language"] = "Enter a language by its ISO 639-2 code, like tir for Tigrinya"
    if problems:
        raise ValidationError(problems)


def section_entry_create(
    *, actor: User, case: Case, model: type[models.Model], section: str, data: dict[str, Any]
) -> Any:
    if model is InformationShare:
        raise ValueError("shares go through information_share_create (consent gate)")
    _refuse_bad_values(model, data)
    entry = model(case=case, created_by=actor, **data)
    entry.full_clean(exclude=["case", "created_by"])
    with transaction.atomic():
        entry.save(force_insert=True)
        if model is PlanGoal:
            _plan_reopen(selectors.plan_for(case), actor)
        _touch(case)
        _audit(actor, case, "case.section_added", section=section, entry=str(entry.pk))
    return entry


def section_entry_update(
    *, actor: User, entry: Any, section: str, data: dict[str, Any], expected_version: int
) -> Any:
    """Save an edit unless someone else saved the entry first (then raise EditConflict)."""
    if isinstance(entry, APPEND_ONLY):
        raise ValueError("consent and sharing records are append-only")
    model = type(entry)
    _refuse_bad_values(model, data)
    with transaction.atomic():
        current = _lock(model, entry.pk, expected_version)
        changed = [name for name, value in data.items() if getattr(current, name) != value]
        for name in changed:
            setattr(current, name, data[name])
        current.full_clean(exclude=["case", "created_by"])
        current.version += 1
        current.updated_at = timezone.now()
        current.save(update_fields=[*changed, "version", "updated_at"])
        if model is PlanGoal:
            _plan_reopen(selectors.plan_for(current.case), actor)
        _touch(current.case)
        _audit(
            actor,
            current.case,
            "case.section_updated",
            section=section,
            entry=str(current.pk),
            fields=changed,
            version=current.version,
        )
    return current


def section_model(section: str) -> type[models.Model]:
    from lantern.support.sections import SECTIONS

    return SECTIONS[section].model
