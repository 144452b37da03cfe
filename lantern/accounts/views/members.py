"""Thin views for organisations and their members: roles, email changes and staff import."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lantern.accounts import selectors, services
from lantern.accounts.forms import (
    GrantRoleForm,
    MemberEmailChangeForm,
    OrganisationForm,
    StaffImportForm,
)
from lantern.accounts.models import Organisation
from lantern.accounts.tasks import send_welcome_email
from lantern.accounts.views._common import _actor
from lantern.core.permissions import object_for, require, roles, route
from lantern.core.roles import Role

# --- Organisations and members ---


ORGANISATION_CREATE = roles(Role.PLATFORM_ADMIN)
GIVE_PLATFORM_ROLES = roles(Role.PLATFORM_ADMIN)  # the form offers them; the service checks


@route(roles(Role.ORG_ADMIN, Role.PLATFORM_ADMIN))
def organisations(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    orgs = selectors.organisations_admined_by(user)
    return render(
        request,
        "accounts/organisations.html",
        {"organisations": orgs, "can_add_organisation": ORGANISATION_CREATE.allows(user)},
    )


@route(ORGANISATION_CREATE)
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = services.organisation_create(actor=_actor(request), **form.cleaned_data)
        messages.success(request, f"{org.name} has been added")
        return redirect("accounts:members", org_id=org.pk)
    return render(request, "accounts/organisation_form.html", {"form": form})


def _organisation_for(request: HttpRequest, org_id: UUID, action: str) -> Organisation:
    return object_for(request.user, action, Organisation, pk=org_id)


@route(roles(Role.ORG_ADMIN, Role.PLATFORM_ADMIN))
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, org_id: UUID) -> HttpResponse:
    org = _organisation_for(request, org_id, "manage_members")
    form = GrantRoleForm(
        request.POST or None, platform_admin=GIVE_PLATFORM_ROLES.allows(_actor(request))
    )
    if request.method == "POST" and form.is_valid():
        person = selectors.user_by_email(form.cleaned_data["email"])
        if person is None:
            form.add_error(
                "email",
                "There is no Lantern account with this email address. "
                "Import the person with a CSV file instead",
            )
        else:
            try:
                services.membership_grant(
                    actor=_actor(request),
                    user=person,
                    organisation=org,
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    f"{person.full_name} now has the role {Role(form.cleaned_data['role']).label}",
                )
                return redirect("accounts:members", org_id=org.pk)
    return render(
        request,
        "accounts/members.html",
        {"organisation": org, "memberships": selectors.memberships_of(org), "form": form},
    )


@route(roles(Role.ORG_ADMIN, Role.PLATFORM_ADMIN))
@require_http_methods(["GET", "POST"])
def member_email_change(request: HttpRequest, org_id: UUID, user_id: UUID) -> HttpResponse:
    """An admin asks for a member's new work address (a council's new domain, say), so that
    a staff import by the new address does not make them a second account."""
    org = _organisation_for(request, org_id, "manage_members")
    member = selectors.member_of(org, user_id)
    if member is None or member.pk == request.user.pk:
        raise Http404  # your own address: Your account
    form = MemberEmailChangeForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.email_change_request(
                user=member,
                new_email=form.cleaned_data["new_email"],
                ip=request.META.get("REMOTE_ADDR"),
                requested_by=_actor(request),
            )
        except services.EmailChangeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"We have sent a link to {form.cleaned_data['new_email']}. {member.full_name}'s "
                "address changes when they open it while signed in to Lantern",
            )
            return redirect("accounts:members", org_id=org.pk)
    return render(
        request,
        "accounts/member_email_change.html",
        {"organisation": org, "member": member, "form": form},
    )


@route(roles(Role.ORG_ADMIN, Role.PLATFORM_ADMIN))
@require_http_methods(["GET", "POST"])
def membership_remove(request: HttpRequest, org_id: UUID, membership_id: UUID) -> HttpResponse:
    """GET asks "Are you sure?"; the POST from that page removes the role."""
    org = _organisation_for(request, org_id, "manage_members")
    membership = selectors.membership_in(org, membership_id)
    if membership is None:
        raise Http404
    require(request.user, "revoke", membership)
    if request.method == "POST":
        services.membership_revoke(actor=_actor(request), membership=membership)
        messages.success(
            request,
            f"{membership.user.full_name} no longer has the role {membership.get_role_display()}",
        )
        return redirect("accounts:members", org_id=org.pk)
    return render(
        request,
        "accounts/membership_remove.html",
        {"organisation": org, "membership": membership},
    )


@route(roles(Role.ORG_ADMIN, Role.PLATFORM_ADMIN))
@require_http_methods(["GET", "POST"])
def staff_import(request: HttpRequest, org_id: UUID) -> HttpResponse:
    org = _organisation_for(request, org_id, "manage_members")
    form = StaffImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = services.staff_import_csv(
            actor=_actor(request), organisation=org, raw=form.cleaned_data["file"].read()
        )
        if report.ok:
            for user_id in report.created_user_ids:
                send_welcome_email.enqueue(
                    user_id=user_id,
                    organisation_name=org.name,
                    domain=request.get_host(),
                    protocol="https" if request.is_secure() else "http",
                )
            messages.success(
                request,
                f"{_count(report.created, 'person', 'people')} added, and "
                f"{_count(report.updated, 'existing account', 'existing accounts')} given roles",
            )
            return redirect("accounts:members", org_id=org.pk)
    return render(
        request,
        "accounts/staff_import.html",
        {
            "organisation": org,
            "form": form,
            "report": report,
            "page_has_errors": report is not None and not report.ok,
        },
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
