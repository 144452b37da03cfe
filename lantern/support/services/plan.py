"""The support and safety plan (PC14): drafting, sending for approval, approval."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.support.models import AlertKind, Case, PlanGoal, PlanStatus, SupportPlan
from lantern.support.rules import future_date_problems, plan_submit_problems
from lantern.support.services._common import EditConflict, _alert, _audit, _supervisors, _touch


def plan_save(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    in_their_words: str,
    safety_plan: str,
    agreed_with_person: bool,
    agreed_on: date | None,
) -> SupportPlan:
    """Create (expected_version 0) or edit the plan. Editing sends an approved plan back to
    draft: an approval covers the plan as it was approved, not later changes."""
    if agreed_with_person and agreed_on is None:
        raise ValidationError({"agreed_on": "Enter the date the person agreed the plan"})
    problems = future_date_problems(
        model_name="supportplan", values={"agreed_on": agreed_on}, today=timezone.localdate()
    )
    if problems:
        raise ValidationError(problems)
    values = {
        "in_their_words": in_their_words,
        "safety_plan": safety_plan,
        "agreed_with_person": agreed_with_person,
        "agreed_on": agreed_on,
    }
    with transaction.atomic():
        existing = SupportPlan.objects.select_for_update().filter(case=case).first()
        if existing is None:
            if expected_version != 0:
                raise EditConflict(None)
            plan = SupportPlan(case=case, drafted_by=actor, **values)
            plan.full_clean(exclude=["case", "drafted_by"])
            plan.save(force_insert=True)
            action = "case.plan_created"
        else:
            if existing.version != expected_version:
                raise EditConflict(existing)
            plan = existing
            for name, value in values.items():
                setattr(plan, name, value)
            plan.status = PlanStatus.DRAFT
            plan.approved_by = None
            plan.approved_at = None
            plan.drafted_by = actor
            plan.version += 1
            plan.updated_at = timezone.now()
            plan.full_clean(exclude=["case", "drafted_by", "approved_by"])
            plan.save(
                update_fields=[
                    *values,
                    "status",
                    "approved_by",
                    "approved_at",
                    "drafted_by",
                    "version",
                    "updated_at",
                ]
            )
            action = "case.plan_updated"
        _touch(case)
        _audit(actor, case, action, version=plan.version)
    return plan


def _plan_locked(case: Case) -> SupportPlan:
    plan = SupportPlan.objects.select_for_update().filter(case=case).first()
    if plan is None:
        raise ValidationError("Write the support and safety plan first")
    return plan


def plan_submit(*, actor: User, case: Case) -> SupportPlan:
    with transaction.atomic():
        plan = _plan_locked(case)
        problems = plan_submit_problems(
            agreed_with_person=plan.agreed_with_person,
            has_goals=PlanGoal.objects.filter(case=case).exists(),
        )
        if problems:
            raise ValidationError(problems)
        plan.status = PlanStatus.SUBMITTED
        plan.save(update_fields=["status"])
        _alert(case=case, actor=actor, kind=AlertKind.PLAN_SUBMITTED, recipients=_supervisors(case))
        _audit(actor, case, "case.plan_submitted", version=plan.version)
    return plan


def plan_approve(*, actor: User, case: Case, expected_version: int) -> SupportPlan:
    """A supervisor approves the plan as they saw it (version), never their own draft."""
    with transaction.atomic():
        plan = _plan_locked(case)
        if plan.version != expected_version:
            raise EditConflict(plan)
        if plan.drafted_by_id == actor.pk:
            raise ValidationError("You cannot approve a plan you wrote. Ask another supervisor")
        if plan.status != PlanStatus.SUBMITTED:
            raise ValidationError("The plan has not been sent for approval")
        plan.status = PlanStatus.APPROVED
        plan.approved_by = actor
        plan.approved_at = timezone.now()
        plan.save(update_fields=["status", "approved_by", "approved_at"])
        _audit(actor, case, "case.plan_approved", version=plan.version)
    return plan
