"""Writes for adding people to an organisation: one at a time (the members page) or many
(the staff import). Keyword-only, atomic, audited through the services they call.

Neither says whether an address already had a Lantern account: the admin sees the same
whatever it was. The person learns it instead, by email: someone new gets the welcome email
(to choose a password), someone who had an account is told who gave them which role, so that
nobody is pulled into another organisation without knowing (audit finding 1)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from lantern.accounts.models import Membership, Organisation, User
from lantern.accounts.services import (
    ROLES_AN_ORG_ADMIN_MAY_GRANT,
    membership_grant,
    team_get_or_create,
    user_create,
)
from lantern.accounts.staff_csv import ImportProblem, parse_staff_csv
from lantern.accounts.tasks import send_roles_given_notice, send_welcome_email
from lantern.core.audit import audit_record


def _granted_roles_notice(
    *, actor: User | None, user: User, organisation: Organisation, roles: list[str]
) -> None:
    """Tell a person who already had an account that an organisation gave them roles, so that
    nobody is pulled into an organisation without knowing (queued in the transaction)."""
    if roles:
        send_roles_given_notice.enqueue(
            user_id=str(user.pk),
            organisation_id=str(organisation.pk),
            roles=roles,
            given_by_id=str(actor.pk) if actor is not None else None,
        )


def member_add(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    full_name: str,
    role: str,
    team_name: str = "",
    domain: str,
    protocol: str,
) -> None:
    """Give ``role`` in ``organisation`` to whoever signs in with ``email``, making their
    account first if there is none. Someone new gets the welcome email (to choose a password);
    someone who had an account gets a notice saying who gave them which role. Nothing
    returned or raised says which it was, so that the admin cannot learn who has an account."""
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        created = user is None
        if user is None:
            try:
                with transaction.atomic():
                    user = user_create(actor=actor, email=email, full_name=full_name)
            except IntegrityError:  # made at the same moment by another request
                user = User.objects.get(email=email)
                created = False
        had_role = Membership.objects.filter(
            user=user, organisation=organisation, role=role
        ).exists()
        team = team_get_or_create(organisation=organisation, name=team_name) if team_name else None
        membership_grant(actor=actor, user=user, organisation=organisation, role=role, team=team)
        if created:
            send_welcome_email.enqueue(
                user_id=str(user.pk),
                organisation_name=organisation.name,
                domain=domain,
                protocol=protocol,
            )
        elif not had_role:
            _granted_roles_notice(actor=actor, user=user, organisation=organisation, roles=[role])


@dataclass
class ImportReport:
    problems: list[ImportProblem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    created_user_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def staff_import_roles() -> frozenset[str]:
    """The roles a staff import may give: the ones an organisation admin may grant."""
    return frozenset(ROLES_AN_ORG_ADMIN_MAY_GRANT)


def staff_import_csv(*, actor: User, organisation: Organisation, raw: bytes) -> ImportReport:
    """Validate every row first; import all of them in one transaction, or none. People who
    already had an account are told which roles they were given, and by whom."""
    report = ImportReport()
    rows, report.problems = parse_staff_csv(raw, allowed_roles=staff_import_roles())
    if not report.ok:
        return report
    emails = [r.email for r in rows]
    existing = {u.email: u for u in User.objects.filter(email__in=emails)}
    held = set(
        Membership.objects.filter(organisation=organisation, user__email__in=emails).values_list(
            "user__email", "role"
        )
    )
    # Nobody gives themselves a role (accounts.permissions): the admin's own row is a problem
    # to report, before anything is written, not a refusal halfway through.
    report.problems = [
        ImportProblem(
            row=row.line,
            field="roles",
            problem="You cannot give yourself a role. Ask another admin of the organisation",
        )
        for row in rows
        if row.email == actor.email and any((row.email, r) not in held for r in row.roles)
    ]
    if not report.ok:
        return report
    with transaction.atomic():
        for row in rows:
            user = existing.get(row.email)
            if user is None:
                user = user_create(actor=actor, email=row.email, full_name=row.full_name)
                report.created += 1
                report.created_user_ids.append(str(user.pk))
            else:
                report.updated += 1
                _granted_roles_notice(
                    actor=actor,
                    user=user,
                    organisation=organisation,
                    roles=[r for r in row.roles if (row.email, r) not in held],
                )
            team = (
                team_get_or_create(organisation=organisation, name=row.team) if row.team else None
            )
            for role in row.roles:
                membership_grant(
                    actor=actor, user=user, organisation=organisation, role=role, team=team
                )
        audit_record(
            action="staff.imported",
            actor=actor,
            obj=organisation,
            organisation_ref=str(organisation.pk),
            detail={"created": report.created, "updated": report.updated},
        )
    return report
