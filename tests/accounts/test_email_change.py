"""Change your email address: a link sent to the new address confirms it, signed in as the
person who asked; the old address is told. Nothing says whether another account uses an
address, links are single-use, replaced by newer ones and expire, and wrong passwords count
towards the sign-in lock-out."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from lantern.accounts.models import EmailChange, User
from lantern.accounts.services import EMAIL_CHANGES_A_DAY, email_changes_clear
from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from tests.helpers import PASSWORD, make_org, make_user, signed_in

pytestmark = pytest.mark.django_db

NEW = "ada.okafor@new-trust.example.test"


def _ask(client: Client, email: str = NEW, password: str = PASSWORD):
    return client.post("/account/email/", {"new_email": email, "password": password})


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+(/account/email/confirm/[^/\s]+/)", str(message.body))
    assert found, message.body
    return found.group(1)


def test_a_new_address_is_confirmed_by_the_link_sent_there() -> None:
    user = make_user(Role.LEARNER, org=make_org())
    old = user.email
    here = signed_in(user)
    assert 'href="/account/email/"' in here.get("/account/").content.decode()
    assert here.get("/account/email/").status_code == 200

    response = _ask(here, NEW.upper())
    assert response.status_code == 302 and response["Location"] == "/account/email/sent/"
    sent = here.get("/account/email/sent/").content.decode()
    assert f"We have sent a link to <strong>{NEW}</strong>" in sent
    assert f"We have sent a link to {NEW}" in here.get("/account/").content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [NEW]
    link = _link(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    change = EmailChange.objects.get(user=user)
    assert change.token_hash == EmailChange.hash_token(token)
    assert token not in str(EmailChange.objects.filter(pk=change.pk).values().get())

    page = here.get(link)  # opening the link changes nothing: a scanner may open it
    assert page.status_code == 200 and "Confirm your new email address" in page.content.decode()
    user.refresh_from_db()
    assert user.email == old

    done = here.post(link, follow=True)
    assert f"Your email address is now {NEW}" in done.content.decode()
    user.refresh_from_db()
    assert user.email == NEW
    notice = mail.outbox[1]
    assert notice.to == [old] and NEW not in notice.body and "http" not in notice.body
    actions = list(
        AuditEvent.objects.filter(object_ref=str(user.pk)).values_list("action", "detail")
    )
    assert ("account.email_change_requested", {}) in actions
    assert ("account.email_changed", {}) in actions
    assert here.get("/home/").status_code == 200  # this session stays signed in

    assert Client().post("/sign-in/", {"username": NEW, "password": PASSWORD}).status_code == 302
    again = here.post(link)
    assert again.status_code == 400 and "already been used" in again.content.decode()


def test_a_newer_link_replaces_the_older_one() -> None:
    user = make_user(Role.LEARNER, org=make_org())
    here = signed_in(user)
    _ask(here, "first@example.test")
    _ask(here, "second@example.test")
    first, second = (_link(m) for m in mail.outbox)
    assert here.post(first).status_code == 400
    assert here.post(second).status_code == 302
    user.refresh_from_db()
    assert user.email == "second@example.test"


def test_an_expired_link_changes_nothing() -> None:
    user = make_user(Role.LEARNER, org=make_org())
    here = signed_in(user)
    _ask(here)
    EmailChange.objects.update(created_at=timezone.now() - timedelta(hours=25))
    response = here.post(_link(mail.outbox[0]))
    assert response.status_code == 400 and "This link has expired" in response.content.decode()
    user.refresh_from_db()
    assert user.email != NEW
    assert 'href="/account/email/sent/"' not in here.get("/account/").content.decode()


def test_the_link_works_only_for_the_person_who_asked() -> None:
    org = make_org()
    user, other = make_user(Role.LEARNER, org=org), make_user(Role.LEARNER, org=org)
    _ask(signed_in(user))
    link = _link(mail.outbox[0])
    anonymous = Client().get(link)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/sign-in/")
    assert signed_in(other).post(link).status_code == 400
    assert {u.email for u in User.objects.filter(pk__in=[user.pk, other.pk])} == {
        user.email,
        other.email,
    }


def test_an_address_another_account_uses_is_not_given_away_and_not_taken() -> None:
    org = make_org()
    user, owner = make_user(Role.LEARNER, org=org), make_user(Role.LEARNER, org=org)
    here = signed_in(user)
    response = _ask(here, owner.email)
    assert response["Location"] == "/account/email/sent/"  # the same page as for a free address
    message = mail.outbox[0]
    assert message.to == [owner.email] and "/account/email/confirm/" not in message.body
    assert "already uses this address" in message.body
    assert EmailChange.objects.get(user=user).token_hash == ""

    # Free when the link is sent, taken before it is used: refused, with what to do.
    _ask(here, NEW)
    link = _link(mail.outbox[1])
    make_user(Role.LEARNER, org=org, email=NEW)
    refused = here.post(link)
    assert refused.status_code == 400
    assert "Another Lantern account uses this email address" in refused.content.decode()
    user.refresh_from_db()
    assert user.email != NEW


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("", PASSWORD, "Enter your new email address"),
        ("not-an-address", PASSWORD, "Enter an email address in the correct format"),
        (None, PASSWORD, "This is already your email address"),
        (NEW, "", "Enter your password"),
        (NEW, "wrong password", "Your current password is not right"),
    ],
)
def test_bad_input_says_what_is_wrong_and_sends_nothing(
    email: str | None, password: str, message: str
) -> None:
    user = make_user(Role.LEARNER, org=make_org())
    here = signed_in(user)
    response = _ask(here, user.email.upper() if email is None else email, password)
    assert response.status_code == 200 and message in response.content.decode()
    assert 'class="govuk-error-summary' in response.content.decode()
    assert not EmailChange.objects.exists() and mail.outbox == []


def test_wrong_passwords_lock_the_account_as_sign_in_does(settings) -> None:
    user = make_user(Role.LEARNER, org=make_org())
    here = signed_in(user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _ask(here, password="guess").status_code == 200
    assert _ask(here, password="guess").status_code == 429
    assert _ask(here).status_code == 429  # the right password does not get through either
    assert not EmailChange.objects.exists()


def test_at_most_five_links_a_day() -> None:
    user = make_user(Role.LEARNER, org=make_org())
    here = signed_in(user)
    for n in range(EMAIL_CHANGES_A_DAY):
        assert _ask(here, f"try{n}@example.test").status_code == 302
    refused = _ask(here, "one-more@example.test")
    assert refused.status_code == 200
    assert f"You have asked for {EMAIL_CHANGES_A_DAY} links in the last 24 hours" in (
        refused.content.decode()
    )
    assert len(mail.outbox) == EMAIL_CHANGES_A_DAY


def test_requests_are_cleared_after_a_week() -> None:
    user = make_user(Role.LEARNER, org=make_org())
    here = signed_in(user)
    _ask(here, "old@example.test")
    EmailChange.objects.update(created_at=timezone.now() - timedelta(days=8))
    _ask(here, "recent@example.test")
    assert email_changes_clear() == "1 old email change request(s) deleted"
    assert list(EmailChange.objects.values_list("new_email", flat=True)) == ["recent@example.test"]


def test_the_email_pages_need_sign_in() -> None:
    for path in ("/account/email/", "/account/email/sent/"):
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_an_admin_asks_for_a_member_s_new_address_and_only_the_member_can_confirm_it() -> None:
    org = make_org("Moving Council")
    member = make_user(Role.LEARNER, org=org)
    old = member.email
    admin = make_user(Role.ORG_ADMIN, org=org)
    desk = signed_in(admin)
    members = desk.get(f"/organisations/{org.pk}/members/").content.decode()
    url = f"/organisations/{org.pk}/members/{member.pk}/email/"
    assert f'href="{url}"' in members

    same = desk.post(url, {"new_email": old.upper()})
    assert "This is already their email address" in same.content.decode() and not mail.outbox
    response = desk.post(url, {"new_email": NEW})
    assert (
        response.status_code == 302 and response["Location"] == f"/organisations/{org.pk}/members/"
    )
    (message,) = mail.outbox
    assert message.to == [NEW] and "an admin of your organisation" in message.body
    link = _link(message)
    event = AuditEvent.objects.get(action="account.email_change_requested")
    assert event.actor_ref == str(admin.pk) and event.object_ref == str(member.pk)
    assert event.detail == {"by_admin": True}

    # The admin holds the link (it went to an address they typed) and still cannot use it.
    assert desk.post(link).status_code == 400
    member.refresh_from_db()
    assert member.email == old

    signed_in(member).post(link)
    member.refresh_from_db()
    assert member.email == NEW and mail.outbox[-1].to == [old]


def test_an_admin_changes_only_their_own_members_addresses_and_not_their_own() -> None:
    org = make_org("Own Council")
    member = make_user(Role.LEARNER, org=org)
    admin = make_user(Role.ORG_ADMIN, org=org)
    other_admin = signed_in(make_user(Role.ORG_ADMIN, org=make_org("Other Council")))
    assert other_admin.get(f"/organisations/{org.pk}/members/{member.pk}/email/").status_code == 404
    desk = signed_in(admin)
    assert desk.get(f"/organisations/{org.pk}/members/{admin.pk}/email/").status_code == 404
    stranger = make_user(Role.LEARNER, org=make_org("Third Council"))
    assert (
        desk.post(
            f"/organisations/{org.pk}/members/{stranger.pk}/email/", {"new_email": NEW}
        ).status_code
        == 404
    )
    assert not mail.outbox and not EmailChange.objects.exists()
