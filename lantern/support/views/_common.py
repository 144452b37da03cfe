"""Helpers shared by the support views: the route policies, the signed-in user, auditing a view
of a case, and showing a stale edit beside what is saved now."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest

from lantern.accounts.models import User
from lantern.core.permissions import roles
from lantern.core.roles import Role
from lantern.support import services
from lantern.support.models import Case

CASE_ROUTE = roles(Role.CASEWORKER, Role.SUPERVISOR)
CASEWORKER_ROUTE = roles(Role.CASEWORKER)
SUPERVISOR_ROUTE = roles(Role.SUPERVISOR)
DPO_ROUTE = roles(Role.DPO)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _seen(request: HttpRequest, case: Case, what: str) -> None:
    services.case_access_record(actor=_user(request), case=case, what=what, ip=_ip(request))


def _conflict_rows(form: Any, current: Any) -> list[dict[str, str]]:
    """What is saved now beside what this person tried to save, for the fields that differ."""
    rows: list[dict[str, str]] = []
    if current is None:
        return rows
    for name, field in form.fields.items():
        if name == "version" or not hasattr(current, name):
            continue
        saved = getattr(current, name)
        mine = form.cleaned_data.get(name)
        if hasattr(saved, "pk"):
            saved = str(saved)
        if saved != mine and not (saved in (None, "", []) and mine in (None, "", [])):
            rows.append({"label": str(field.label), "saved": _plain(saved), "mine": _plain(mine)})
    return rows


def _plain(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(empty)"
    return str(value)


def _rebase(form: Any, version: int) -> None:
    """Carry the person's input forward on top of the version saved now."""
    data = form.data.copy()
    data["version"] = str(version)
    form.data = data


def _show_conflict(form: Any, exc: services.EditConflict) -> list[dict[str, str]]:
    """Someone saved first: the rows to show (saved now beside this person's input), with the
    form carried forward onto the version saved now (0 when nothing is saved yet)."""
    conflict = _conflict_rows(form, exc.current)
    _rebase(form, exc.current.version if exc.current else 0)
    return conflict


def _share_refused(form: Any, exc: Exception) -> None:
    """Show why a share or transfer was refused: a missing reason beside its field, any other
    refusal (no consent, not a supervisor, the basis) or validation problem above the form."""
    if isinstance(exc, services.ShareRefused):
        field = "override_reason" if exc.decision.code == "no_reason" else None
        form.add_error(field, exc.decision.message)
    else:
        form.add_error(None, exc)
