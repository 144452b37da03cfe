"""Writes for accounts: organisations, users, roles, two-factor devices, staff import, a
person's own password, email address and sessions.

Every function is keyword-only, atomic and writes its audit event in the same transaction.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts.audit_selectors import organisation_refs_of
from lantern.accounts.models import (
    EMAIL_LINK_LIFETIME,
    EmailChange,
    Membership,
    Nation,
    Organisation,
    OrganisationType,
    Session,
    Team,
    User,
)
from lantern.accounts.permissions import grant_refusal, revoke_refusal
from lantern.accounts.selectors import email_used_by_another, organisation_name_taken
from lantern.accounts.tasks import (
    send_email_change_link,
    send_email_changed_notice,
    send_password_changed_email,
)
from lantern.core.audit import audit_record, audit_record_for
from lantern.core.roles import PLATFORM_ROLES, Role

PLATFORM_ORGANISATION_NAME = "Lantern platform"
IMPORT_MAX_ROWS = 5000
IMPORT_COLUMNS = ("email", "full_name", "roles", "team")
# An organisation admin may grant these; the platform-wide roles (standards author, platform
# admin) only a platform admin may grant.
ROLES_AN_ORG_ADMIN_MAY_GRANT = frozenset(Role.values) - PLATFORM_ROLES
ORGANISATION_NAME_TAKEN = "An organisation with this name already exists"


def organisation_create(
    *,
    actor: User | None,
    name: str,
    org_type: str,
    nation: str,
    region: str = "",
    borough: str = "",
) -> Organisation:
    org = Organisation(
        name=" ".join(name.split()),
        org_type=org_type,
        nation=nation,
        region=region,
        borough=borough,
    )
    if organisation_name_taken(org.name):  # whatever the letter case
        raise ValidationError({"name": ORGANISATION_NAME_TAKEN}, code="unique")
    org.full_clean()
    with transaction.atomic():
        try:
            with transaction.atomic():
                org.save(force_insert=True)
        except IntegrityError:  # added at the same moment: the constraint on Lower(name)
            raise ValidationError({"name": ORGANISATION_NAME_TAKEN}, code="unique") from None
        audit_record(
            action="organisation.created",
            actor=actor,
            obj=org,
            organisation_ref=str(org.pk),
            detail={"org_type": org_type, "nation": nation},
        )
    return org


def team_get_or_create(*, organisation: Organisation, name: str) -> Team:
    team, _ = Team.objects.get_or_create(organisation=organisation, name=name.strip())
    return team


def user_create(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    password: str | None = None,
) -> User:
    email = email.strip().lower()
    validate_email(email)
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, full_name=full_name)
        audit_record(action="user.created", actor=actor, obj=user)
    return user


def membership_grant(
    *,
    actor: User | None,
    user: User,
    organisation: Organisation,
    role: str,
    team: Team | None = None,
) -> Membership:
    """Give ``user`` the ``role`` in ``organisation`` (nothing changes if they hold it). The
    rules on who may give which role are ``permissions.grant_refusal``: notably, nobody gives
    a role to themselves. A refusal is a ValidationError on "role" or "email" (the person)."""
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role '{role}'"})
    refusal = grant_refusal(actor, user, role)
    if refusal is not None:
        where, message = refusal
        held = Membership.objects.filter(user=user, organisation=organisation, role=role)
        if where == "role" or not held.exists():  # holding it already changes nothing
            raise ValidationError({where: message}, code="not_allowed")
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=organisation, role=role, defaults={"team": team}
        )
        if not created and team is not None and membership.team_id != team.pk:
            membership.team = team
            membership.save(update_fields=["team"])
        if created:
            audit_record(
                action="role.granted",
                actor=actor,
                obj=membership,
                organisation_ref=str(organisation.pk),
                detail={"user": str(user.pk), "role": role},
            )
    user.forget_roles()
    return membership


def membership_revoke(*, actor: User, membership: Membership) -> None:
    """Remove a role. ``permissions.revoke_refusal`` says who may not: only a platform admin
    removes a data protection officer (or a platform admin)."""
    refusal = revoke_refusal(actor, membership)
    if refusal is not None:
        raise ValidationError(refusal, code="not_allowed")
    with transaction.atomic():
        detail = {"user": str(membership.user_id), "role": membership.role}
        org_ref = str(membership.organisation_id)
        ref = str(membership.pk)
        membership.delete()
        audit_record(
            action="role.revoked",
            actor=actor,
            object_type="accounts.membership",
            object_ref=ref,
            organisation_ref=org_ref,
            detail=detail,
        )


def platform_admin_create(*, email: str, password: str | None, full_name: str = "") -> User:
    with transaction.atomic():
        org = Organisation.objects.filter(name=PLATFORM_ORGANISATION_NAME).first()
        if org is None:
            org = organisation_create(
                actor=None,
                name=PLATFORM_ORGANISATION_NAME,
                org_type=OrganisationType.OTHER,
                nation=Nation.ENGLAND,
            )
        user = user_create(
            actor=None, email=email, full_name=full_name or "Platform admin", password=password
        )
        membership_grant(actor=None, user=user, organisation=org, role=Role.PLATFORM_ADMIN)
    return user


# --- Two-factor -----------------------------------------------------------------------------


def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed TOTP device for the user (reused until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    if device.user_id != user.pk or not device.verify_token(token):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record_for(
            organisation_refs_of(user), action="auth.two_factor_enrolled", actor=user, obj=user
        )
    return True


def _others_signed_out(
    *, user: User, keep_session_key: str | None, ip: str | None, action: str
) -> int:
    """Delete this person's sessions but the one kept, and audit it with how many ended."""
    ended, _ = Session.others_of(user, session_key=keep_session_key).delete()
    audit_record_for(
        organisation_refs_of(user),
        action=action,
        actor=user,
        obj=user,
        ip=ip,
        detail={"sessions_ended": ended},
    )
    return ended


def sessions_end_others(*, user: User, keep_session_key: str | None, ip: str | None = None) -> int:
    """Sign this person out everywhere but here: delete their other sessions. Returns how many
    were ended."""
    with transaction.atomic():
        return _others_signed_out(
            user=user, keep_session_key=keep_session_key, ip=ip, action="auth.signed_out_elsewhere"
        )


def name_change(*, user: User, full_name: str, ip: str | None = None) -> None:
    """A person corrects or changes their own name. Certificates already issued keep the name
    they were issued with."""
    with transaction.atomic():
        user.full_name = full_name
        user.save(update_fields=["full_name"])
        audit_record(action="account.name_changed", actor=user, obj=user, ip=ip)


def password_change(
    *, user: User, new_password: str, keep_session_key: str | None, ip: str | None = None
) -> int:
    """Set a new password (already validated) and end this person's other sessions. Django
    would refuse those sessions anyway, as they were signed against the old password; deleting
    them removes rows that name the person. Returns how many were ended."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        ended = _others_signed_out(
            user=user, keep_session_key=keep_session_key, ip=ip, action="auth.password_changed"
        )
        # Queued in the same transaction (database backend): sent only if the change commits.
        send_password_changed_email.enqueue(
            user_id=str(user.pk), changed_at=timezone.now().isoformat()
        )
    return ended


# --- A person's own email address ---

EMAIL_CHANGES_A_DAY = 5  # links asked for in any 24 hours, so nobody can flood an inbox
EMAIL_CHANGE_KEPT = timedelta(days=7)


class EmailChangeError(Exception):
    """A change of email address that cannot go ahead; the message says why and what to do."""


def email_change_request(
    *, user: User, new_email: str, ip: str | None = None, requested_by: User | None = None
) -> EmailChange:
    """Ask to sign in with ``new_email`` (validated, and not the current address): a link to
    confirm it is sent there, by the worker. An earlier request's link stops working. Whether
    another account uses the address is not said here but in the email sent to it, so that
    this page cannot be used to find out who has an account.

    ``requested_by`` is an organisation admin asking on the person's behalf. The link still
    works only for the person, signed in as themselves."""
    with transaction.atomic():
        # Lock the person's row, so that two requests at once cannot both pass the count.
        User.objects.select_for_update().filter(pk=user.pk).first()
        since = timezone.now() - EMAIL_LINK_LIFETIME
        asked = EmailChange.objects.filter(user=user, created_at__gte=since).count()
        if asked >= EMAIL_CHANGES_A_DAY:
            raise EmailChangeError(
                f"You have asked for {EMAIL_CHANGES_A_DAY} links in the last 24 hours."
                " Try again tomorrow"
            )
        EmailChange.objects.filter(user=user, confirmed_at__isnull=True).update(superseded=True)
        change = EmailChange.objects.create(
            user=user, new_email=new_email.strip().lower(), requested_by=requested_by
        )
        audit_record(
            action="account.email_change_requested",
            actor=requested_by or user,
            obj=user,
            ip=ip,
            detail={"by_admin": True} if requested_by else None,
        )
        # Queued in the same transaction (database backend): sent only if the request commits.
        send_email_change_link.enqueue(change_id=str(change.pk))
    return change


def email_change_confirm(*, user: User, token: str, ip: str | None = None) -> EmailChange:
    """Confirm a change from the link sent to the new address, signed in as the person who
    asked. The old address is told, by the worker."""
    with transaction.atomic():
        change = (
            EmailChange.objects.select_for_update()
            .filter(user=user, token_hash=EmailChange.hash_token(token))
            .first()
            if token
            else None
        )
        if change is None or change.superseded or change.confirmed_at is not None:
            raise EmailChangeError(
                "This link has already been used or a newer one has been sent."
                " Use the newest link, or ask for a new one from Your account"
            )
        if timezone.now() - change.created_at > EMAIL_LINK_LIFETIME:
            raise EmailChangeError("This link has expired. Ask for a new one from Your account")
        taken = EmailChangeError(
            "Another Lantern account uses this email address, so it cannot be yours as well."
            " Ask your organisation admin for help"
        )
        if email_used_by_another(change.new_email, user=user):
            raise taken
        change.old_email = user.email
        user.email = change.new_email
        try:
            with transaction.atomic():
                user.save(update_fields=["email"])
        except IntegrityError:  # taken between the check and the write
            user.email = change.old_email
            raise taken from None
        change.confirmed_at = timezone.now()
        change.save(update_fields=["old_email", "confirmed_at"])
        audit_record(action="account.email_changed", actor=user, obj=user, ip=ip)
        send_email_changed_notice.enqueue(change_id=str(change.pk))
    return change


def email_changes_clear() -> str:
    """Daily upkeep: delete requests older than a week (they hold email addresses)."""
    deleted, _ = EmailChange.objects.filter(
        created_at__lt=timezone.now() - EMAIL_CHANGE_KEPT
    ).delete()
    return f"{deleted} old email change request(s) deleted"
