"""Reads for accounts."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from lantern.accounts.models import Membership, Organisation, User
from lantern.core.roles import Role


def organisations_admined_by(user: User) -> QuerySet[Organisation]:
    if Role.PLATFORM_ADMIN in user.roles():
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Role.ORG_ADMIN
    ).distinct()


def organisations_with_counts() -> QuerySet[Organisation]:
    return Organisation.objects.annotate(member_count=Count("memberships__user", distinct=True))


def memberships_of(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "team")
        .order_by("user__full_name", "role")
    )


def memberships_for_user(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation", "team")


def organisation_refs_for_role(user: User, role: str) -> list[str]:
    return [
        str(pk)
        for pk in Membership.objects.filter(user=user, role=role).values_list(
            "organisation_id", flat=True
        )
    ]
