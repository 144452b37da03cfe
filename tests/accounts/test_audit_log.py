"""The audit log page a DPO can use: the chain's state from the daily check (not a walk of
the chain on every view), filters by person, case and date, readable records, paging that
keeps the filters, and a CSV download (review findings 4 and 8)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lantern.accounts import services
from lantern.accounts.models import Organisation, User
from lantern.core import audit
from lantern.core.audit import audit_check, audit_record
from lantern.core.models import AuditChainCheck, AuditEvent
from lantern.core.roles import Role
from tests.helpers import make_org, make_user, sign_in
from tests.support import factories as f

pytestmark = pytest.mark.django_db


def _dpo(org: Organisation, name: str = "Dana Protector") -> User:
    dpo = make_user(Role.DPO, org=org, email="dpo@example.test")
    User.objects.filter(pk=dpo.pk).update(full_name=name)
    dpo.refresh_from_db()
    return dpo


def _fill(org: Organisation, n: int, action: str = "test.filler") -> None:
    for _ in range(n):
        audit_record(action=action, organisation_ref=str(org.pk))


def _page(client: Client, query: str = "") -> str:
    response = client.get(f"/audit/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _filtered(client: Client, **filters: Any) -> str:
    """Send the filter form (kept in the session), then the page it leads to."""
    response = client.post("/audit/", {k: str(v) for k, v in filters.items()}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


# --- The chain's state -------------------------------------------------------------------


def test_a_page_view_does_not_walk_the_chain(client: Client) -> None:
    org = make_org()
    dpo = _dpo(org)
    sign_in(client, dpo)
    _fill(org, 10)
    audit_check()
    client.get("/audit/")  # the first view of a session reads what later ones reuse
    with CaptureQueriesContext(connection) as small:
        _page(client)
    _fill(org, 300)
    audit_check()
    sealed = mock.Mock(wraps=audit.event_hash)
    with mock.patch.object(audit, "event_hash", sealed), CaptureQueriesContext(connection) as big:
        html = _page(client)
    # The only events sealed are the ones the view writes (its own audit.viewed event).
    assert sealed.call_count == 1
    # However long the chain, a page reads as many rows (here fewer: no names to look up).
    assert len(big.captured_queries) <= len(small.captured_queries)
    assert max(len(q["sql"]) for q in big.captured_queries) < 5000
    assert "intact" in html


def test_the_page_says_what_the_last_check_found_and_when(client: Client) -> None:
    org = make_org()
    dpo = _dpo(org)
    sign_in(client, dpo)
    html = _page(client)
    assert "The audit chain has not been checked yet" in html
    audit_check()
    newest = AuditEvent.objects.order_by("-seq").first()
    assert newest is not None
    check = AuditChainCheck.objects.get()
    html = _page(client)
    when = timezone.localtime(check.checked_at)
    assert f"on {when:%-d %B %Y} at {when:%H:%M}: intact" in html
    assert "The last checkpoint was taken in the same check" in html
    assert "may have stopped" not in html
    AuditChainCheck.objects.update(checked_at=timezone.now() - timedelta(days=2))
    assert "the daily check may have stopped" in _page(client)


def test_a_dpo_is_not_told_the_platforms_count(client: Client) -> None:
    camden = make_org("Camden Council (test)")
    elsewhere = make_org("Elsewhere (test)")
    dpo = _dpo(camden)
    sign_in(client, dpo)
    mine = audit_record(action="test.mine", organisation_ref=str(camden.pk))
    _fill(elsewhere, 40)
    check_report = audit_check()
    html = _page(client)
    assert f"Checked up to event {mine.seq} on" in html
    assert f"event {check_report.checked} " not in html and str(check_report.checked) not in html
    assert "Checkpoint to keep" not in html


def test_a_platform_admin_sees_the_checkpoint(client: Client) -> None:
    platform = make_org("Lantern platform")
    admin = make_user(Role.PLATFORM_ADMIN, org=platform)
    sign_in(client, admin)
    report = audit_check()
    html = _page(client)
    assert f"Checked up to event {report.checked} on" in html
    assert f"{report.checked}:{report.last_hash}" in html


def test_a_broken_chain_found_by_the_check_is_shown(client: Client) -> None:
    org = make_org()
    dpo = _dpo(org)
    sign_in(client, dpo)
    AuditChainCheck.objects.create(
        checked_at=timezone.now(),
        ok=False,
        checked=6,
        broken_seq=7,
        problem="event #7 has been altered (its content no longer matches its hash)",
    )
    html = _page(client)
    assert "found the audit chain broken at event 7" in html
    assert "Tell your security team" in html


# --- Reading the events ------------------------------------------------------------------


def test_events_read_as_words_without_codes_or_ids(client: Client) -> None:
    org = make_org()
    dpo = _dpo(org)
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    priya = make_user(Role.LEARNER, org=org, email="priya@example.test")
    User.objects.filter(pk=priya.pk).update(full_name="Priya Shah")
    services.membership_grant(actor=admin, user=priya, organisation=org, role=Role.CASEWORKER)
    team = f.team(org)
    caseworker = f.person(Role.CASEWORKER, org, team)
    case = f.case(caseworker, org, team)
    sign_in(client, dpo)
    html = _page(client)
    assert "Role given" in html and "Caseworker to Priya Shah" in html
    assert f"Case {case.reference}" in html
    assert "Sign-in: signed in" in html and "Dana Protector" in html
    for code in ("auth.signed_in", "role.granted", "case.created", "support.case"):
        assert code not in html
    assert str(case.pk)[:8] not in html
    membership = priya.memberships.get(role=Role.CASEWORKER)
    platform = make_user(Role.PLATFORM_ADMIN, org=make_org("Lantern platform"))
    services.membership_revoke(actor=platform, membership=membership)
    assert "Caseworker from Priya Shah" in _filtered(client, area="role")


def test_filter_by_person_name_or_email(client: Client) -> None:
    org = make_org()
    dpo = _dpo(org)
    priya = make_user(Role.LEARNER, org=org, email="priya.shah@example.test")
    User.objects.filter(pk=priya.pk).update(full_name="Priya Shah")
    other = make_user(Role.LEARNER, org=org, email="other@example.test")
    sign_in(Client(), priya)
    sign_in(Client(), other)
    sign_in(client, dpo)
    for asked in ("priya", "Shah Priya", "PRIYA.SHAH@example.test"):
        html = _filtered(client, person=asked)
        assert "Priya Shah" in html, asked
        assert "Test Person" not in html, asked  # the other learner's sign-in
    assert "No events match" in _filtered(client, person="nobody-at-all")


def test_a_person_is_found_in_role_changes_made_to_them(client: Client) -> None:
    org = make_org()
    dpo = _dpo(org)
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    priya = make_user(email="priya@example.test")
    User.objects.filter(pk=priya.pk).update(full_name="Priya Shah")
    services.membership_grant(actor=admin, user=priya, organisation=org, role=Role.SUPERVISOR)
    sign_in(client, dpo)
    html = _filtered(client, person="Priya Shah")
    assert "Supervisor to Priya Shah" in html


def test_filter_by_case_reference(client: Client) -> None:
    org = make_org()
    dpo = _dpo(org)
    team = f.team(org)
    caseworker = f.person(Role.CASEWORKER, org, team)
    first = f.case(caseworker, org, team)
    second = f.case(caseworker, org, team)
    sign_in(client, dpo)
    html = _filtered(client, case=first.reference.lower())
    assert f"Case {first.reference}" in html and f"Case {second.reference}" not in html
    missing = _filtered(client, case="SHS-1999-0001")
    assert "There is no case with the reference SHS-1999-0001 in your organisation" in missing
    assert "No events match" in missing


def test_a_case_in_another_organisation_is_not_found(client: Client) -> None:
    mine = make_org("Camden Council (test)")
    theirs = make_org("Safe Harbour Support (test)")
    dpo = _dpo(mine)
    team = f.team(theirs)
    case = f.case(f.person(Role.CASEWORKER, theirs, team), theirs, team)
    sign_in(client, dpo)
    html = _filtered(client, case=case.reference)
    assert "There is no case with the reference" in html


def test_filter_by_date_range(client: Client) -> None:
    org = make_org()
    dpo = _dpo(org)
    sign_in(client, dpo)
    audit_record(action="test.today", organisation_ref=str(org.pk))
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    html = _filtered(client, since_day=today.day, since_month=today.month, since_year=today.year)
    assert "Test: today" in html
    later = _filtered(
        client, since_day=tomorrow.day, since_month=tomorrow.month, since_year=tomorrow.year
    )
    assert "Test: today" not in later and "No events match" in later


def test_a_bad_date_range_is_explained(client: Client) -> None:
    org = make_org()
    dpo = _dpo(org)
    sign_in(client, dpo)
    html = _filtered(
        client,
        since_day=5,
        since_month=6,
        since_year=2026,
        until_day=4,
        until_month=6,
        until_year=2026,
    )
    assert "<title>Error: Audit log" in html and "Error: Error" not in html
    assert "The date to show events up to must be the same as or after" in html
    html = _filtered(client, since_day=31, since_month=2, since_year=2026)
    assert "The date to show events from must be a real date" in html


def test_an_unknown_kind_of_event_shows_every_kind(client: Client) -> None:
    org = make_org()
    dpo = _dpo(org)
    sign_in(client, dpo)
    client.get("/audit/")
    html = _filtered(client, area="nonsense")
    assert "Sign-in: signed in" in html and "Error:" not in html
    only = _filtered(client, area="audit")
    assert "Audit log: viewed" in only and "Sign-in: signed in" not in only
    assert 'value="audit" selected' in only


def test_a_name_too_many_people_share_asks_for_more(client: Client) -> None:
    org = make_org()
    dpo = _dpo(org)
    sign_in(client, dpo)
    make_user(Role.LEARNER, org=org, email="one@example.test")
    make_user(Role.LEARNER, org=org, email="two@example.test")
    with mock.patch("lantern.accounts.audit_selectors.PEOPLE_MATCHED_MAX", 1):
        html = _filtered(client, person="Test")  # both are "Test Person"
    assert "Too many people have a name like this" in html


# --- Paging ------------------------------------------------------------------------------


def test_older_events_keep_the_filters_and_are_never_empty(client: Client) -> None:
    org = make_org()
    dpo = _dpo(org)
    sign_in(client, dpo)
    _fill(org, 50, "directory.kept")
    html = _filtered(client, area="directory")
    assert html.count("Directory of services: kept") == 50
    assert "Older events" not in html  # exactly one page of them
    _fill(org, 1, "directory.kept")
    html = _page(client)  # the filter is kept
    assert "Older events" in html
    rows = [e.seq for e in AuditEvent.objects.filter(action="directory.kept").order_by("-seq")]
    assert f'href="/audit/?before={rows[49]}"' in html
    older = _page(client, f"?before={rows[49]}")
    assert older.count("Directory of services: kept") == 1 and "Older events" not in older
    assert "Newest events" in older and "No events match" not in older


# --- Download ----------------------------------------------------------------------------


def test_the_filtered_events_download_as_csv_and_the_download_is_audited(
    client: Client,
) -> None:
    org = make_org()
    dpo = _dpo(org)
    team = f.team(org)
    caseworker = f.person(Role.CASEWORKER, org, team)
    case = f.case(caseworker, org, team)
    elsewhere = make_org("Elsewhere (test)")
    audit_record(action="test.elsewhere", organisation_ref=str(elsewhere.pk))
    sign_in(client, dpo)
    html = _filtered(client, case=case.reference)
    assert 'href="/audit/events.csv"' in html and "Download these events (CSV)" in html
    response = client.get("/audit/events.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "lantern-audit-log-" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["Event number", "Date and time", "Event", "By", "Record", "Organisation"]
    assert rows[1:] and all(row[4] == f"Case {case.reference}" for row in rows[1:])
    assert "Case record: created" in {row[2] for row in rows[1:]}
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.organisation_ref == str(org.pk)
    assert exported.detail == {"cases": [str(case.pk)]}
    client.post("/audit/", {"clear": "1"})
    everything = client.get("/audit/events.csv")
    text = b"".join(everything.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "Test: elsewhere" not in text and "Audit log: downloaded (CSV)" in text


def test_a_persons_name_is_kept_out_of_addresses(client: Client) -> None:
    """Searches are kept in the session: a name or an email address never goes into a URL
    (browser histories, server logs), and the audit event records people by id."""
    org = make_org()
    dpo = _dpo(org)
    priya = make_user(Role.LEARNER, org=org, email="priya.shah@example.test")
    _fill(org, 60, "directory.kept")
    sign_in(client, dpo)
    response = client.post("/audit/", {"person": "priya.shah@example.test"})
    assert response.status_code == 302 and response["Location"] == "/audit/"
    html = _page(client)
    assert 'value="priya.shah@example.test"' in html  # the form shows what is kept
    assert "priya.shah" not in "".join(part.split('"')[0] for part in html.split('href="')[1:])
    viewed = AuditEvent.objects.filter(action="audit.viewed").latest("seq")
    assert viewed.detail == {"people": [str(priya.pk)]}
    client.post("/audit/", {"clear": "1"})
    assert 'value="priya.shah@example.test"' not in _page(client)


def test_a_download_whose_kept_filters_no_longer_work_goes_back_to_the_page(
    client: Client,
) -> None:
    org = make_org()
    dpo = _dpo(org)
    sign_in(client, dpo)
    session = client.session
    session["audit-log-filters"] = {"since_day": "40", "since_month": "1", "since_year": "2026"}
    session.save()
    response = client.get("/audit/events.csv")
    assert response.status_code == 302 and response["Location"] == "/audit/"
    assert not AuditEvent.objects.filter(action="audit.exported").exists()
    assert "must be a real date" in _page(client)


def test_only_dpos_and_platform_admins_download(client: Client) -> None:
    org = make_org()
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    sign_in(client, admin)
    assert client.get("/audit/events.csv").status_code == 403
    assert client.get("/audit/").status_code == 403
