"""Thin views for sign-in, your account, two-factor, home, organisations, members and the audit
log."""

from __future__ import annotations

import base64
from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device

from lantern.accounts import selectors, services
from lantern.accounts.forms import (
    EmailChangeForm,
    GrantRoleForm,
    LanternPasswordChangeForm,
    LanternPasswordResetForm,
    LanternSetPasswordForm,
    MemberEmailChangeForm,
    NameForm,
    OrganisationForm,
    SignInForm,
    StaffImportForm,
    TokenForm,
)
from lantern.accounts.home import home_sections
from lantern.accounts.models import Organisation, User
from lantern.accounts.tasks import send_welcome_email
from lantern.accounts.tokens import (
    RESET_LINK_SECONDS,
    WELCOME_LINK_SECONDS,
    lifetime,
    reset_tokens,
    welcome_tokens,
)
from lantern.core.audit import AREA_LABELS, action_label, audit_record, audit_verify
from lantern.core.links import qr_data_uri
from lantern.core.permissions import PUBLIC, SIGNED_IN, object_for, require, roles, route
from lantern.core.roles import Role


def _actor(request: HttpRequest) -> User:
    """The signed-in user; route policies have already refused anonymous visitors."""
    return cast(User, request.user)


# --- Sign in and out ---

sign_in = route(PUBLIC)(
    auth_views.LoginView.as_view(
        template_name="accounts/sign_in.html",
        authentication_form=SignInForm,
        redirect_authenticated_user=True,
    )
)


class _SignOut(auth_views.LogoutView):
    """Signs out (POST only) and says so on the page that follows."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        was_signed_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_signed_in:
            messages.success(request, "You have signed out")
        return response


sign_out = route(PUBLIC)(_SignOut.as_view())

password_reset = route(PUBLIC)(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        form_class=LanternPasswordResetForm,
        success_url=reverse_lazy("accounts:password_reset_sent"),
    )
)
password_reset_sent = route(PUBLIC)(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html")
)
password_reset_confirm = route(PUBLIC)(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        form_class=LanternSetPasswordForm,
        token_generator=reset_tokens,
        success_url=reverse_lazy("accounts:password_reset_complete"),
        extra_context={"lasts": lifetime(RESET_LINK_SECONDS), "welcome": False},
    )
)
welcome_confirm = route(PUBLIC)(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        form_class=LanternSetPasswordForm,
        token_generator=welcome_tokens,
        success_url=reverse_lazy("accounts:password_reset_complete"),
        extra_context={"lasts": lifetime(WELCOME_LINK_SECONDS), "welcome": True},
    )
)
password_reset_complete = route(PUBLIC)(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)


# --- Your account ---


@route(SIGNED_IN)
def account(request: HttpRequest) -> HttpResponse:
    user = _actor(request)
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": selectors.memberships_for_user(user),
            "two_factor": user_has_device(user),
            "elsewhere": selectors.sessions_elsewhere_count(
                user=user, session_key=request.session.session_key
            ),
            "email_pending": selectors.email_change_pending(user=user),
        },
    )


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def email_change(request: HttpRequest) -> HttpResponse:
    form = EmailChangeForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.email_change_request(
                user=_actor(request),
                new_email=form.cleaned_data["new_email"],
                ip=request.META.get("REMOTE_ADDR"),
            )
        except services.EmailChangeError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("accounts:email_change_sent")
    return render(request, "accounts/email_change.html", {"form": form})


@route(SIGNED_IN)
def email_change_sent(request: HttpRequest) -> HttpResponse:
    pending = selectors.email_change_pending(user=_actor(request))
    if pending is None:
        return redirect("accounts:account")
    return render(request, "accounts/email_change_sent.html", {"pending": pending})


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def email_change_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Opening the link shows a button: the change is made by the POST, so that a mail
    scanner that follows links cannot make it."""
    error = None
    if request.method == "POST":
        try:
            change = services.email_change_confirm(
                user=_actor(request), token=token, ip=request.META.get("REMOTE_ADDR")
            )
        except services.EmailChangeError as exc:
            error = str(exc)
        else:
            messages.success(
                request, f"Your email address is now {change.new_email}. Use it to sign in"
            )
            return redirect("accounts:account")
    return render(
        request,
        "accounts/email_change_confirm.html",
        {"error": error},
        status=400 if error else 200,
    )


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def name_change(request: HttpRequest) -> HttpResponse:
    user = _actor(request)
    form = NameForm(request.POST or None, initial={"full_name": user.full_name})
    if request.method == "POST" and form.is_valid():
        services.name_change(
            user=user, full_name=form.cleaned_data["full_name"], ip=request.META.get("REMOTE_ADDR")
        )
        messages.success(request, "Your name has been changed")
        return redirect("accounts:account")
    return render(request, "accounts/name_change.html", {"form": form})


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = LanternPasswordChangeForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = _actor(request)
        ended = services.password_change(
            user=user,
            new_password=form.cleaned_data["new_password1"],
            keep_session_key=request.session.session_key,
            ip=request.META.get("REMOTE_ADDR"),
        )
        update_session_auth_hash(request, user)  # this session stays signed in
        messages.success(request, _signed_out_message("Your password has been changed", ended))
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


@route(SIGNED_IN)
@require_POST
def sign_out_elsewhere(request: HttpRequest) -> HttpResponse:
    ended = services.sessions_end_others(
        user=_actor(request),
        keep_session_key=request.session.session_key,
        ip=request.META.get("REMOTE_ADDR"),
    )
    messages.success(request, _signed_out_message("Done", ended))
    return redirect("accounts:account")


def _signed_out_message(first: str, ended: int) -> str:
    if ended == 0:
        return f"{first}. You were not signed in anywhere else."
    where = "1 other device or browser" if ended == 1 else f"{ended} other devices or browsers"
    return f"{first}. You have been signed out on {where}."


# --- Two-factor --------------------------------------------------------------------------------


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    device = services.totp_device_start(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_device_confirm(user=user, device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, "Two-factor authentication is set up")
            return redirect("accounts:home")
        form.add_error(
            "token",
            "The security code is not right. Check the time on your phone and try the newest code",
        )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"form": form, "qr": qr_data_uri(device.config_url), "secret": secret},
    )


def _safe_next(request: HttpRequest) -> str | None:
    """The ``next`` address, if it is on this site: never another site (an open redirect
    straight after the second factor would be a ready-made phishing link)."""
    target = request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            audit_record(
                action="auth.two_factor_verified",
                actor=user,
                obj=user,
                ip=request.META.get("REMOTE_ADDR"),
            )
            return redirect(_safe_next(request) or "accounts:home")
        audit_record(
            action="auth.two_factor_failed",
            actor=user,
            obj=user,
            ip=request.META.get("REMOTE_ADDR"),
        )
        form.add_error("token", "The security code is not right. Try the newest code from your app")
    return render(request, "accounts/two_factor_verify.html", {"form": form})


# --- Home ---


@route(SIGNED_IN)
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(
        request,
        "accounts/home.html",
        {
            "sections": home_sections(user),
            "memberships": selectors.memberships_for_user(user),
        },
    )


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


# --- Audit log (DPO) ---


@route(roles(Role.DPO, Role.PLATFORM_ADMIN))
def audit_log(request: HttpRequest) -> HttpResponse:
    user = _actor(request)
    try:
        before = int(request.GET["before"]) if "before" in request.GET else None
    except ValueError:
        before = None
    area = request.GET.get("area", "")
    if area not in AREA_LABELS:
        area = ""
    events = selectors.audit_events_visible_to(user, before_seq=before, limit=50, area=area)
    names = selectors.people_named({e.actor_ref for e in events if e.actor_ref})
    rows = [
        {"event": e, "label": action_label(e.action), "by": names.get(e.actor_ref, "")}
        for e in events
    ]
    report = audit_verify()
    audit_record(action="audit.viewed", actor=user, obj=user)
    return render(
        request,
        "accounts/audit_log.html",
        {
            "rows": rows,
            "report": report,
            "area": area,
            "areas": sorted(set(AREA_LABELS.items()), key=lambda item: item[1]),
            "next_before": events[-1].seq if events else None,
        },
    )
