"""Whose events a DPO sees: their organisation's, never another's, and a leaver's sign-ins
for good (review findings 1 and 7)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts import services
from lantern.accounts.audit_selectors import AuditFilters, audit_page, audit_search
from lantern.accounts.models import Membership, Organisation, User
from lantern.core.audit import audit_record, audit_verify
from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from tests.helpers import make_org, make_user, sign_in
from tests.support import factories as f

pytestmark = pytest.mark.django_db


def _sign_in_again(user: User) -> None:
    """Sign in in a new browser; the authenticator's code may be used again (in real life it
    would be the next one)."""
    TOTPDevice.objects.filter(user=user).update(last_t=-1)
    sign_in(Client(), user)


def _seen_by(user: User, **filters: Any) -> list[AuditEvent]:
    search = audit_search(user, AuditFilters(**filters))
    return list(search.events)


def _seqs(user: User, **filters: Any) -> set[int]:
    return {e.seq for e in _seen_by(user, **filters)}


def _camden_and_safe_harbour() -> tuple[Organisation, Organisation]:
    return make_org("Camden Council (test)"), make_org("Safe Harbour Support (test)")


def test_an_admin_made_dpo_cannot_read_another_organisations_casework(client: Client) -> None:
    """The review's steps: Camden's admin becomes DPO (given by a second admin: nobody can
    give it to themselves), then adds Safe Harbour's caseworker as a Camden learner."""
    camden, harbour = _camden_and_safe_harbour()
    admin = make_user(Role.ORG_ADMIN, org=camden, email="orgadmin@example.test")
    colleague = make_user(Role.ORG_ADMIN, org=camden, email="colleague@example.test")
    team = f.team(harbour)
    marc = f.person(Role.CASEWORKER, harbour, team, email="marc@example.test")
    harbour_dpo = f.person(Role.DPO, harbour)
    sign_in(Client(), marc)  # Marc signs in before Camden has anything to do with him
    case = f.case(marc, harbour, team)
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0

    services.membership_grant(actor=colleague, user=admin, organisation=camden, role=Role.DPO)
    services.membership_grant(actor=admin, user=marc, organisation=camden, role=Role.LEARNER)
    _sign_in_again(marc)  # now a Camden learner too
    marc.forget_roles()

    seen = _seen_by(admin)
    about_harbour = [e for e in seen if e.organisation_ref == str(harbour.pk)]
    assert about_harbour == []
    assert not [e for e in seen if e.object_ref == str(case.pk)]
    # Marc's sign-ins from before he was a Camden member stay out of Camden's log; the one
    # after it is there, recorded for Camden.
    marcs = [e for e in seen if e.actor_ref == str(marc.pk) and e.action == "auth.signed_in"]
    assert marcs and all(e.seq > before and e.organisation_ref == str(camden.pk) for e in marcs)
    # Safe Harbour's DPO sees the casework and every one of Marc's sign-ins.
    harbour_seen = _seen_by(harbour_dpo)
    assert any(e.object_ref == str(case.pk) for e in harbour_seen)
    harbour_sign_ins = [
        e for e in harbour_seen if e.actor_ref == str(marc.pk) and e.action == "auth.signed_in"
    ]
    assert len(harbour_sign_ins) == 2
    assert audit_verify().ok


def test_the_audit_log_page_shows_the_dpo_only_their_organisation(client: Client) -> None:
    camden, harbour = _camden_and_safe_harbour()
    dpo = make_user(Role.DPO, org=camden, email="dpo@example.test")
    team = f.team(harbour)
    marc = f.person(Role.CASEWORKER, harbour, team, email="marc@example.test")
    case = f.case(marc, harbour, team)
    services.membership_grant(actor=None, user=marc, organisation=camden, role=Role.LEARNER)
    sign_in(client, dpo)
    html = client.post("/audit/", {"area": "case"}, follow=True).content.decode()
    assert case.reference not in html
    assert "No events match" in html


def test_a_leavers_sign_ins_stay_with_their_old_organisation_only() -> None:
    camden, harbour = _camden_and_safe_harbour()
    camden_dpo = make_user(Role.DPO, org=camden, email="camden-dpo@example.test")
    harbour_dpo = make_user(Role.DPO, org=harbour, email="harbour-dpo@example.test")
    platform = make_user(Role.PLATFORM_ADMIN, org=make_org("Lantern platform"))
    leaver = make_user(Role.CASEWORKER, org=camden, email="leaver@example.test")
    sign_in(Client(), leaver)
    leavers_events = {
        e.seq
        for e in AuditEvent.objects.filter(actor_ref=str(leaver.pk), action__startswith="auth.")
    }
    assert leavers_events  # the sign-in and the second factor
    assert all(
        e.organisation_ref == str(camden.pk)
        for e in AuditEvent.objects.filter(seq__in=leavers_events)
    )
    membership = Membership.objects.get(user=leaver, organisation=camden)
    services.membership_revoke(actor=platform, membership=membership)
    # Later they join Safe Harbour: its DPO does not get their Camden past.
    services.membership_grant(actor=None, user=leaver, organisation=harbour, role=Role.LEARNER)
    assert leavers_events <= _seqs(camden_dpo, area="auth")
    assert not leavers_events & _seqs(harbour_dpo)


def test_a_person_in_two_organisations_signs_in_once_for_each() -> None:
    camden, harbour = _camden_and_safe_harbour()
    person = make_user(Role.LEARNER, org=camden, email="both@example.test")
    services.membership_grant(actor=None, user=person, organisation=harbour, role=Role.LEARNER)
    sign_in(Client(), person)
    events = AuditEvent.objects.filter(action="auth.signed_in", actor_ref=str(person.pk))
    assert sorted(events.values_list("organisation_ref", flat=True)) == sorted(
        [str(camden.pk), str(harbour.pk)]
    )


def test_someone_in_no_organisation_signs_in_once_with_none() -> None:
    person = make_user(email="nobody@example.test")
    sign_in(Client(), person)
    (event,) = AuditEvent.objects.filter(action="auth.signed_in", actor_ref=str(person.pk))
    assert event.organisation_ref == ""


def test_failed_sign_ins_and_two_factor_are_recorded_for_the_organisation(
    client: Client,
) -> None:
    camden, _ = _camden_and_safe_harbour()
    worker = make_user(Role.CASEWORKER, org=camden, email="worker@example.test")
    client.post("/sign-in/", {"username": worker.email, "password": "not-it"})
    failed = AuditEvent.objects.get(action="auth.sign_in_failed")
    assert failed.organisation_ref == str(camden.pk) and failed.object_ref == str(worker.pk)
    sign_in(client, worker)
    verified = AuditEvent.objects.get(action="auth.two_factor_verified")
    assert verified.organisation_ref == str(camden.pk)


def test_the_case_list_and_the_audit_log_are_recorded_for_their_organisations(
    client: Client,
) -> None:
    camden, harbour = _camden_and_safe_harbour()
    worker = f.person(Role.CASEWORKER, harbour, f.team(harbour))
    services.membership_grant(actor=None, user=worker, organisation=camden, role=Role.LEARNER)
    sign_in(client, worker)
    client.get("/cases/")
    listed = AuditEvent.objects.filter(action="case.list_viewed")
    # The list holds Safe Harbour's cases only: Camden's DPO is not told of it.
    assert list(listed.values_list("organisation_ref", flat=True)) == [str(harbour.pk)]
    dpo = make_user(Role.DPO, org=camden, email="dpo@example.test")
    reader = Client()
    sign_in(reader, dpo)
    reader.get("/audit/")
    viewed = AuditEvent.objects.get(action="audit.viewed")
    assert viewed.organisation_ref == str(camden.pk) and viewed.actor_ref == str(dpo.pk)


def test_older_events_with_no_organisation_follow_membership_at_the_time() -> None:
    """Events written before organisations were recorded on sign-ins: a DPO still sees those
    of people who were members when they happened, and no one else's."""
    camden, harbour = _camden_and_safe_harbour()
    dpo = make_user(Role.DPO, org=camden, email="dpo@example.test")
    member = make_user(Role.LEARNER, org=camden, email="member@example.test")
    newcomer = make_user(Role.LEARNER, org=harbour, email="newcomer@example.test")
    old_member_event = audit_record(action="auth.signed_in", actor=member, obj=member)
    newcomer_event = audit_record(action="auth.signed_in", actor=newcomer, obj=newcomer)
    elsewhere = audit_record(
        action="case.viewed",
        actor=member,
        object_type="support.case",
        object_ref="3045343f-0000-0000-0000-000000000000",
        organisation_ref=str(harbour.pk),
    )
    system = audit_record(action="crypto.keys_rotated", detail={"rows": 1})
    # The newcomer joins Camden afterwards: their earlier sign-in is not Camden's business.
    services.membership_grant(actor=None, user=newcomer, organisation=camden, role=Role.LEARNER)
    Membership.objects.filter(user=newcomer, organisation=camden).update(
        created_at=timezone.now() + timedelta(seconds=1)
    )
    seen = _seqs(dpo)
    assert old_member_event.seq in seen
    assert newcomer_event.seq not in seen
    assert elsewhere.seq not in seen  # a member's act in another organisation
    assert system.seq not in seen


def test_a_platform_admin_sees_every_event() -> None:
    camden, harbour = _camden_and_safe_harbour()
    admin = make_user(Role.PLATFORM_ADMIN, org=make_org("Lantern platform"))
    events = [
        audit_record(action="test.camden", organisation_ref=str(camden.pk)),
        audit_record(action="test.harbour", organisation_ref=str(harbour.pk)),
        audit_record(action="test.nowhere"),
    ]
    assert {e.seq for e in events} <= _seqs(admin)


def test_a_dpo_of_nothing_sees_nothing() -> None:
    camden, _ = _camden_and_safe_harbour()
    learner = make_user(Role.LEARNER, org=camden, email="learner@example.test")
    audit_record(action="test.camden", organisation_ref=str(camden.pk))
    assert _seqs(learner) == set()
    assert audit_page(audit_search(learner, AuditFilters())).rows == []
