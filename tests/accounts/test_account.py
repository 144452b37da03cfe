"""Your account: see who you are signed in as, change your password (which signs you out
everywhere else), and sign out everywhere else. Wrong current passwords count towards the
sign-in lock-out."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from lantern.accounts.models import Session, User
from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from tests.helpers import PASSWORD, make_org, make_user, sign_in, signed_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "lanterns burn quietly at dusk"


def _home_status(client: Client) -> int:
    return client.get("/home/").status_code


def test_the_account_page_shows_who_you_are_and_where_else_you_aresigned_in() -> None:
    user = make_user(Role.LEARNER, org=make_org("Riverside NHS Trust"))
    User.objects.filter(pk=user.pk).update(full_name="Ada Okafor")
    here = signed_in(user)
    html = here.get("/account/").content.decode()
    assert "Ada Okafor" in html and user.email in html
    assert "Riverside NHS Trust: Learner" in html
    assert "You are not signed in anywhere else" in html
    signed_in(user)
    signed_in(user)
    html = here.get("/account/").content.decode()
    assert "You are signed in on 2 other devices or browsers" in html
    assert 'href="/account/"' in here.get("/home/").content.decode()  # in the navigation


def test_the_account_pages_need_sign_in() -> None:
    anonymous = Client()
    for path in ("/account/", "/account/password/"):
        response = anonymous.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    assert anonymous.post("/account/sign-out-elsewhere/").status_code == 302
    assert (
        signed_in(make_user(Role.LEARNER, org=make_org()))
        .get("/account/sign-out-elsewhere/")
        .status_code
        == 405
    )


def test_changing_the_password_keeps_this_session_and_ends_the_others() -> None:
    user = make_user(Role.LEARNER, org=make_org())
    here, phone = signed_in(user), signed_in(user)
    other = make_user(Role.LEARNER, org=make_org("Other"), email="other@example.test")
    bystander = signed_in(other)
    response = here.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/account/"
    assert "Your password has been changed. You have been signed out on 1 other" in html
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert _home_status(here) == 200
    assert _home_status(phone) == 302  # back to sign-in
    assert _home_status(bystander) == 200  # someone else's sessions are left alone
    assert Session.objects.filter(user=user).count() == 1
    event = AuditEvent.objects.get(action="auth.password_changed")
    assert event.actor_ref == str(user.pk) and event.detail == {"sessions_ended": 1}
    assert PASSWORD not in str(event.detail) and NEW_PASSWORD not in str(event.detail)
    (email,) = mail.outbox  # so that a change the person did not make is noticed
    assert email.to == [user.email] and email.subject == "Your Lantern password was changed"
    assert "/account/password-reset/" in email.body and NEW_PASSWORD not in email.body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"old_password": "", "new_password1": "", "new_password2": ""},
            "Enter your current password",
        ),
        (
            {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
            "Your current password is not right",
        ),
        (
            {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": "other"},
            "The two new passwords are not the same",
        ),
        (
            {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
            "at least 12 characters",
        ),
    ],
)
def test_a_bad_password_change_says_what_is_wrong_and_changes_nothing(
    data: dict[str, str], message: str
) -> None:
    user = make_user(Role.LEARNER, org=make_org())
    here, phone = signed_in(user), signed_in(user)
    response = here.post("/account/password/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and message in html
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert _home_status(phone) == 200
    assert not AuditEvent.objects.filter(action="auth.password_changed").exists()
    assert mail.outbox == []


def test_wrong_current_passwords_lock_the_account_as_sign_in_does(settings) -> None:
    user = make_user(Role.LEARNER, org=make_org())
    here = signed_in(user)
    wrong = {"old_password": "guess", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert (
            "Your current password is not right"
            in here.post("/account/password/", wrong).content.decode()
        )
    locked = here.post("/account/password/", wrong)
    assert locked.status_code == 429
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # The right password does not get through while locked, here or at sign-in.
    right = {**wrong, "old_password": PASSWORD}
    assert here.post("/account/password/", right).status_code == 429
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    response = Client().post("/sign-in/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429


def test_sign_out_everywhere_else_ends_only_your_other_sessions() -> None:
    user = make_user(Role.LEARNER, org=make_org())
    here, laptop, phone = signed_in(user), signed_in(user), signed_in(user)
    other = make_user(Role.LEARNER, org=make_org("Other"), email="other@example.test")
    bystander = signed_in(other)
    response = here.post("/account/sign-out-elsewhere/", follow=True)
    assert "You have been signed out on 2 other devices or browsers" in response.content.decode()
    assert _home_status(here) == 200
    assert _home_status(laptop) == 302 and _home_status(phone) == 302
    assert _home_status(bystander) == 200
    event = AuditEvent.objects.get(action="auth.signed_out_elsewhere")
    assert event.detail == {"sessions_ended": 2}
    again = here.post("/account/sign-out-elsewhere/", follow=True)
    assert "You were not signed in anywhere else" in again.content.decode()


def test_you_can_change_your_own_name() -> None:
    user = make_user(Role.LEARNER, org=make_org())
    here = signed_in(user)
    page = here.get("/account/name/").content.decode()
    assert "As it should appear on your certificates" in page
    response = here.post("/account/name/", {"full_name": "  Ada   Okafor-Mensah "}, follow=True)
    assert response.redirect_chain[-1][0] == "/account/"
    assert "Your name has been changed" in response.content.decode()
    user.refresh_from_db()
    assert user.full_name == "Ada Okafor-Mensah"
    event = AuditEvent.objects.get(action="account.name_changed")
    assert event.actor_ref == str(user.pk) and "Okafor" not in str(event.detail)


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Enter your full name"), ("x" * 151, "Full name must be 150 characters or fewer")],
)
def test_a_bad_name_says_what_is_wrong_and_changes_nothing(name: str, message: str) -> None:
    user = make_user(Role.LEARNER, org=make_org())
    before = user.full_name
    response = signed_in(user).post("/account/name/", {"full_name": name})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html and message in html
    user.refresh_from_db()
    assert user.full_name == before


@pytest.mark.parametrize(
    ("full_name", "greeting"),
    [
        ("Albert Carter", "Albert"),
        ("Dr. Albert Carter", "Albert"),
        ("Mrs Jane Smith", "Jane"),
        ("Prof Dame Ann Lee", "Ann"),
        ("Dr Smith", "Dr Smith"),  # only a title and a surname: the whole name
        ("Madonna", "Madonna"),
    ],
)
def test_greeting_uses_the_first_name_after_any_title(full_name: str, greeting: str) -> None:
    assert User(email="x@example.test", full_name=full_name).get_short_name() == greeting


def test_signing_out_says_so(client: Client) -> None:
    sign_in(client, make_user(Role.LEARNER, email="leaving@example.test"))
    response = client.post("/sign-out/", follow=True)
    assert "You have signed out" in response.content.decode()
    assert "You have signed out" not in client.get("/").content.decode()  # said once


def test_the_password_change_form_uses_gov_uk_words() -> None:
    user = make_user(Role.LEARNER, org=make_org())
    here = signed_in(user)
    html = here.get("/account/password/").content.decode()
    assert "Enter the same password as before" not in html
    assert "Use at least 12 characters. It must not be" in html
    common = {
        "old_password": PASSWORD,
        "new_password1": "password1234",
        "new_password2": "password1234",
    }
    page = here.post("/account/password/", common).content.decode()
    assert "Choose a password that is harder to guess" in page
    assert "This password is too common" not in page
    short = {"old_password": PASSWORD, "new_password1": "lantern", "new_password2": "lantern"}
    page = here.post("/account/password/", short).content.decode()
    assert "Your password must be at least 12 characters" in page
    assert "This password is too short" not in page
