"""Thin views for sign-in, your account, two-factor, home, organisations, members and the audit
log, one module each; ``urls.py`` reaches them all as ``views.<name>``."""

from lantern.accounts.views.account import (
    account,
    email_change,
    email_change_confirm,
    email_change_sent,
    home,
    name_change,
    password_change,
    sign_out_elsewhere,
)
from lantern.accounts.views.audit import audit_log, audit_log_csv
from lantern.accounts.views.auth import (
    password_reset,
    password_reset_complete,
    password_reset_confirm,
    password_reset_sent,
    sign_in,
    sign_out,
    two_factor_setup,
    two_factor_verify,
    welcome_confirm,
)
from lantern.accounts.views.members import (
    member_email_change,
    members,
    membership_remove,
    organisation_create,
    organisations,
    staff_import,
)

__all__ = [
    "account",
    "audit_log",
    "audit_log_csv",
    "email_change",
    "email_change_confirm",
    "email_change_sent",
    "home",
    "member_email_change",
    "members",
    "membership_remove",
    "name_change",
    "organisation_create",
    "organisations",
    "password_change",
    "password_reset",
    "password_reset_complete",
    "password_reset_confirm",
    "password_reset_sent",
    "sign_in",
    "sign_out",
    "sign_out_elsewhere",
    "staff_import",
    "two_factor_setup",
    "two_factor_verify",
    "welcome_confirm",
]
