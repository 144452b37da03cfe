"""Programmes, cohorts, trainees, training attendance and accreditation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import Membership, Organisation, User
from lantern.core.audit import audit_record
from lantern.core.roles import Role
from lantern.facilitation.kit import kit
from lantern.facilitation.models import (
    Cohort,
    CohortAttendance,
    Facilitator,
    FacilitatorStatus,
    Programme,
)
from lantern.facilitation.services.commitments import commitment_create
from lantern.facilitation.services.errors import FacilitationError


@transaction.atomic
def programme_create(
    *, actor: User, name: str, region: str = "", description: str = ""
) -> Programme:
    if Programme.objects.filter(name__iexact=name.strip()).exists():
        raise FacilitationError("A programme with this name already exists", field="name")
    programme = Programme.objects.create(
        name=name.strip(), region=region.strip(), description=description.strip()
    )
    programme.leads.add(actor)
    audit_record(action="facilitation.programme_created", actor=actor, obj=programme)
    return programme


@transaction.atomic
def cohort_create(*, actor: User, programme: Programme, name: str, starts_on: date) -> Cohort:
    if Cohort.objects.filter(programme=programme, name__iexact=name.strip()).exists():
        raise FacilitationError("This programme already has a cohort with this name", field="name")
    cohort = Cohort.objects.create(programme=programme, name=name.strip(), starts_on=starts_on)
    audit_record(
        action="facilitation.cohort_created",
        actor=actor,
        obj=cohort,
        detail={"programme": str(programme.pk)},
    )
    return cohort


def _home_organisation(user: User) -> Organisation | None:
    membership = (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("-role")  # any stable choice; a facilitator membership wins below
        .first()
    )
    facilitator = (
        Membership.objects.filter(user=user, role=Role.FACILITATOR)
        .select_related("organisation")
        .first()
    )
    chosen = facilitator or membership
    return chosen.organisation if chosen else None


@transaction.atomic
def trainee_add(*, actor: User, cohort: Cohort, user: User) -> Facilitator:
    organisation = _home_organisation(user)
    if organisation is None:
        raise FacilitationError(
            "This person does not belong to an organisation on Lantern yet", field="email"
        )
    existing = Facilitator.objects.filter(programme_id=cohort.programme_id, user=user).first()
    if existing is not None:
        raise FacilitationError(
            f"{user.full_name or user.email} is already in this programme", field="email"
        )
    facilitator = Facilitator.objects.create(
        programme_id=cohort.programme_id, cohort=cohort, user=user, organisation=organisation
    )
    audit_record(
        action="facilitation.trainee_added",
        actor=actor,
        obj=facilitator,
        organisation_ref=str(organisation.pk),
        detail={"cohort": str(cohort.pk)},
    )
    return facilitator


@transaction.atomic
def trainee_invite(*, actor: User, cohort: Cohort, email: str) -> None:
    """Invite whoever reads ``email`` to join ``cohort``: they join when they accept, signed in
    as themselves (``trainee_add``). Nothing here depends on whether the address has a Lantern
    account, so a lead cannot use the form to find out who has one, and nobody is put in a
    programme without knowing. The email is sent by the worker, only if this commits."""
    from lantern.facilitation.tasks import send_trainee_invitation

    audit_record(
        action="facilitation.trainee_invited",
        actor=actor,
        obj=cohort,
        detail={"programme": str(cohort.programme_id)},
    )
    send_trainee_invitation.enqueue(
        cohort_id=str(cohort.pk), email=email.strip().lower(), invited_by_id=str(actor.pk)
    )


@transaction.atomic
def cohort_attendance_set(
    *, actor: User, cohort: Cohort, present: Mapping[str, Iterable[int]]
) -> int:
    """Replace the attendance grid: ``present`` maps facilitator id -> session numbers."""
    trainees = {str(f.pk): f for f in Facilitator.objects.filter(cohort=cohort)}
    changed = 0
    for facilitator_id, facilitator in trainees.items():
        wanted = {int(n) for n in present.get(facilitator_id, ())}
        if not wanted <= set(range(1, kit().cohort_sessions + 1)):
            raise FacilitationError("Session numbers must be between 1 and 6")
        have = set(
            CohortAttendance.objects.filter(facilitator=facilitator).values_list(
                "session_number", flat=True
            )
        )
        for number in wanted - have:
            CohortAttendance.objects.create(facilitator=facilitator, session_number=number)
        removed = have - wanted
        if removed:
            CohortAttendance.objects.filter(
                facilitator=facilitator, session_number__in=removed
            ).delete()
        changed += len(wanted ^ have)
    if changed:
        audit_record(
            action="facilitation.training_attendance_changed",
            actor=actor,
            obj=cohort,
            detail={"changes": changed},
        )
    return changed


@transaction.atomic
def facilitator_accredit(*, actor: User, facilitator: Facilitator) -> Facilitator:
    """Accredit a trainee: they get the facilitator role, a first-year commitment and actions."""
    facilitator = Facilitator.objects.select_for_update().get(pk=facilitator.pk)
    if facilitator.status == FacilitatorStatus.ACCREDITED:
        raise FacilitationError("This facilitator is already accredited")
    now = timezone.now()
    facilitator.status = FacilitatorStatus.ACCREDITED
    facilitator.accredited_at = now
    facilitator.accredited_by = actor
    facilitator.save(update_fields=["status", "accredited_at", "accredited_by"])
    if not Membership.objects.filter(
        user_id=facilitator.user_id,
        organisation_id=facilitator.organisation_id,
        role=Role.FACILITATOR,
    ).exists():
        from lantern.accounts.services import membership_grant

        membership_grant(
            actor=actor,
            user=facilitator.user,
            organisation=facilitator.organisation,
            role=Role.FACILITATOR,
        )
    commitment_create(actor=actor, facilitator=facilitator, starts_on=timezone.localdate())
    audit_record(
        action="facilitation.facilitator_accredited",
        actor=actor,
        obj=facilitator,
        organisation_ref=str(facilitator.organisation_id),
        detail={"programme": str(facilitator.programme_id)},
    )
    return facilitator
