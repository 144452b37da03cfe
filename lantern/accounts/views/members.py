"""Thin views for organisations and their members: roles, email changes and staff import."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lantern.accounts import member_selectors, member_services, selectors, services
from lantern.accounts.forms import (
    AddPersonForm,
    MemberEmailChangeForm,
    MemberSearchForm,
    OrganisationForm,
    StaffImportForm,
)
from lantern.accounts.models import Organisation
from lantern.accounts.staff_csv import TEMPLATE_ROWS
from lantern.accounts.tasks import send_welcome_email
from lantern.accounts.views._common import _actor
from lantern.core.downloads import csv_download
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


def _search_key(org: Organisation) -> str:
    """Where the members search is kept: in the session, not the URL, because a search holds
    a name or an email address and URLs are kept in browser histories."""
    return f"members-search-{org.pk}"


@route(roles(Role.ORG_ADMIN, Role.PLATFORM_ADMIN))
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, org_id: UUID) -> HttpResponse:
    """Everyone with a role here, a page at a time, with a search and the form to add a
    person. A POST is either the search (kept in the session) or the form."""
    org = _organisation_for(request, org_id, "manage_members")
    searching = request.method == "POST" and "search" in request.POST
    search_key = _search_key(org)
    search_form = MemberSearchForm(
        request.POST if searching else None, initial={"q": request.session.get(search_key, "")}
    )
    form = AddPersonForm(
        request.POST if request.method == "POST" and not searching else None,
        platform_admin=GIVE_PLATFORM_ROLES.allows(_actor(request)),
    )
    if searching and search_form.is_valid():
        request.session[search_key] = (
            "" if "clear" in request.POST else search_form.cleaned_data["q"]
        )
        return redirect("accounts:members", org_id=org.pk)
    if request.method == "POST" and not searching and form.is_valid():
        data = form.cleaned_data
        try:
            member_services.member_add(
                actor=_actor(request),
                organisation=org,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                team_name=data["team"],
                domain=request.get_host(),
                protocol="https" if request.is_secure() else "http",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The same words whether or not they had an account: see member_services.
            messages.success(
                request,
                f"{data['email']} has the role {Role(data['role']).label} in {org.name}. "
                "We email people when they are given a role. Someone new to Lantern gets "
                "a link to choose their password",
            )
            return redirect("accounts:members", org_id=org.pk)
    search = request.session.get(search_key, "")
    page = member_selectors.people_page(org, search=search, page=request.GET.get("page"))
    return render(
        request,
        "accounts/members.html",
        {
            "organisation": org,
            "people": page,
            "page_links": page_links(page.number, page.paginator.num_pages),
            "search": search,
            "search_form": search_form,
            "form": form,
            "page_has_errors": bool(search_form.errors),
        },
    )


def page_links(current: int, last: int) -> list[int | None]:
    """The page numbers GOV.UK pagination shows: the first, the last, and the pages either
    side of this one; None where pages are left out (an ellipsis)."""
    shown = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    links: list[int | None] = []
    previous = 0
    for number in shown:
        if previous and number - previous > 1:
            links.append(None)
        links.append(number)
        previous = number
    return links


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
def staff_import(request: HttpRequest, org_id: UUID) -> HttpResponseBase:
    """The import form; ``?download=template`` is a CSV file to start from, with the columns
    the import reads and two made-up people."""
    org = _organisation_for(request, org_id, "manage_members")
    if request.method == "GET" and request.GET.get("download") == "template":
        return csv_download(TEMPLATE_ROWS, filename="lantern-staff-import-template.csv")
    form = StaffImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = member_services.staff_import_csv(
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
            # One number, not new and existing apart: a count of accounts that already
            # existed would tell the admin who has one (a one-row file would say it outright).
            messages.success(
                request,
                f"{_count(report.created + report.updated, 'person', 'people')} imported. "
                "We email each of them: someone new to Lantern gets a link to choose their "
                "password, and someone who already had an account is told who gave them which "
                "roles",
            )
            return redirect("accounts:members", org_id=org.pk)
    importable = member_services.staff_import_roles()
    return render(
        request,
        "accounts/staff_import.html",
        {
            "organisation": org,
            "form": form,
            "report": report,
            "page_has_errors": report is not None and not report.ok,
            "roles": [role for role in Role if role in importable],
        },
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
