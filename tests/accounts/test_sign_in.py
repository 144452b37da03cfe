from __future__ import annotations

import time
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.test import Client

from lantern.accounts.models import User
from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from tests.helpers import PASSWORD, current_code, make_user, sign_in

pytestmark = pytest.mark.django_db


def test_sign_in_with_email_and_password_lands_on_home(client: Client) -> None:
    user = make_user(Role.LEARNER, email="Nurse@Example.test")
    response = client.post(
        "/sign-in/", {"username": "nurse@example.test", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/home/"
    assert "Your Lantern home" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.signed_in", actor_ref=str(user.pk)).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "", "password": ""}, "Enter your email address"),
        (
            {"username": "not-an-email", "password": "x"},
            "Enter an email address in the correct format",
        ),
        (
            {"username": "nobody@example.test", "password": "wrong"},
            "Enter a correct email address and password",
        ),
    ],
)
def test_bad_sign_in_gets_an_error_summary(
    client: Client, data: dict[str, str], message: str
) -> None:
    response = client.post("/sign-in/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert "govuk-error-summary" in html


def test_failed_sign_in_is_audited_without_the_email_address(client: Client) -> None:
    user = make_user(Role.LEARNER, email="someone@example.test")
    client.post("/sign-in/", {"username": "someone@example.test", "password": "wrong"})
    event = AuditEvent.objects.get(action="auth.sign_in_failed")
    assert event.object_ref == str(user.pk)
    assert "someone@example.test" not in str(event.detail)


def test_repeated_failures_lock_the_account_out(client: Client, settings) -> None:
    make_user(Role.LEARNER, email="target@example.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/sign-in/", {"username": "target@example.test", "password": "wrong"})
    response = client.post("/sign-in/", {"username": "target@example.test", "password": PASSWORD})
    assert response.status_code == 429
    assert "You cannot sign in for now" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.locked_out").exists()


def test_two_factor_is_required_for_caseworkers(client: Client) -> None:
    user = make_user(Role.CASEWORKER)
    client.post("/sign-in/", {"username": user.email, "password": PASSWORD})
    response = client.get("/home/")
    assert response.status_code == 302 and response["Location"] == "/account/two-factor/verify/"
    bad = client.post(
        "/account/two-factor/verify/",
        {"token": "000000" if current_code(user) != "000000" else "111111"},
    )
    assert "The security code is not right" in bad.content.decode()
    # django-otp throttles a device after a failure (1 s, then doubling); skip the wait here.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.get(user=user).throttle_reset()
    client.post("/account/two-factor/verify/", {"token": current_code(user)})
    assert client.get("/home/").status_code == 200


def test_two_factor_setup_for_a_new_admin(client: Client) -> None:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user(Role.LEARNER, email="new-admin@example.test")
    from lantern.accounts import services
    from lantern.accounts.models import Organisation

    services.membership_grant(
        actor=None, user=user, organisation=Organisation.objects.get(), role=Role.ORG_ADMIN
    )
    client.post("/sign-in/", {"username": user.email, "password": PASSWORD})
    response = client.get("/home/")
    assert response["Location"] == "/account/two-factor/setup/"
    page = client.get("/account/two-factor/setup/").content.decode()
    assert "data:image/svg+xml;charset=utf-8,%3Csvg%20xmlns" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    client.post("/account/two-factor/setup/", {"token": code})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/home/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.two_factor_enrolled").exists()


def test_idle_sessions_expire(client: Client, settings) -> None:
    user = make_user(Role.LEARNER)
    sign_in(client, user)
    session = client.session
    session["last_seen"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get("/home/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    assert client.get("/home/").status_code == 302


def test_sign_out_is_a_post_and_is_audited(client: Client) -> None:
    user = make_user(Role.LEARNER)
    sign_in(client, user)
    assert client.get("/sign-out/").status_code == 405
    client.post("/sign-out/")
    assert client.get("/home/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.signed_out", actor_ref=str(user.pk)).exists()


def test_password_reset_sends_a_working_link_by_task(client: Client) -> None:
    user = make_user(Role.LEARNER, email="forgetful@example.test")
    response = client.post("/account/password-reset/", {"email": "forgetful@example.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/account/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    page = client.get(path, follow=True)
    assert "Choose a new password" in page.content.decode()
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-long-pass", "new_password2": "a-brand-new-long-pass"},
    )
    user.refresh_from_db()
    assert user.check_password("a-brand-new-long-pass")


def test_password_reset_for_an_unknown_address_says_the_same(client: Client) -> None:
    response = client.post(
        "/account/password-reset/", {"email": "nobody@example.test"}, follow=True
    )
    assert "If there is a Lantern account with that email address" in response.content.decode()
    assert mail.outbox == []


def test_emails_are_stored_lowercase() -> None:
    user = make_user(Role.LEARNER, email="MiXeD@Example.TEST")
    assert User.objects.get(pk=user.pk).email == "mixed@example.test"


def test_after_the_code_the_page_asked_for_opens_and_never_another_site(client: Client) -> None:
    user = make_user(Role.CASEWORKER)
    client.post("/sign-in/", {"username": user.email, "password": PASSWORD})
    response = client.get("/cases/")
    assert response["Location"] == "/account/two-factor/verify/?next=%2Fcases%2F"
    done = client.post(response["Location"], {"token": current_code(user)})
    assert done.status_code == 302 and done["Location"] == "/cases/"


@pytest.mark.parametrize(
    "target", ["https://example.org/phish", "//example.org/phish", "/\\example.org", "javascript:x"]
)
def test_the_code_page_does_not_send_anyone_to_another_site(client: Client, target: str) -> None:
    user = make_user(Role.CASEWORKER)
    client.post("/sign-in/", {"username": user.email, "password": PASSWORD})
    done = client.post(
        "/account/two-factor/verify/?" + urlencode({"next": target}), {"token": current_code(user)}
    )
    assert done.status_code == 302 and done["Location"] == "/home/"


def _reset_page(client: Client, email: str) -> tuple[str, str]:
    """The "choose a new password" page reached from a reset email: its address and HTML."""
    client.post("/account/password-reset/", {"email": email})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "password-reset/" in line)
    page = client.get(link.split("testserver", 1)[1], follow=True)
    return page.redirect_chain[-1][0], page.content.decode()


def test_choosing_a_new_password_uses_gov_uk_words(client: Client) -> None:
    user = make_user(Role.LEARNER, email="forgetful@example.test")
    url, html = _reset_page(client, "forgetful@example.test")
    assert "Confirm new password" in html and "New password confirmation" not in html
    assert "Enter the same password as before" not in html
    assert "Your password can" not in html  # Django's help bullets
    assert (
        "Use at least 12 characters. It must not be too like your name or email address, "
        "a commonly used password or only numbers." in html
    )
    cases = [
        ({"new_password1": "lanterns at dusk", "new_password2": "other"}, "not the same"),
        ({"new_password1": "short", "new_password2": "short"}, "at least 12 characters"),
        ({"new_password1": "password1234", "new_password2": "password1234"}, "harder to guess"),
        ({"new_password1": "483920174655", "new_password2": "483920174655"}, "only numbers"),
        ({"new_password1": "", "new_password2": ""}, "Enter a new password"),
    ]
    expected = {
        "not the same": "The two new passwords are not the same",
        "at least 12 characters": "Your password must be at least 12 characters",
        "harder to guess": "Choose a password that is harder to guess",
        "only numbers": "Your password must not be only numbers",
        "Enter a new password": "Enter a new password",
    }
    for data, key in cases:
        response = client.post(url, data)
        page = response.content.decode()
        assert response.status_code == 200 and "There is a problem" in page
        assert expected[key] in page, key
        assert "fields didn" not in page and "This password is too" not in page
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_password_hint_follows_the_validators_configured(client: Client, settings) -> None:
    settings.AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 15},
        }
    ]
    make_user(Role.LEARNER, email="forgetful@example.test")
    url, html = _reset_page(client, "forgetful@example.test")
    assert "Use at least 15 characters. A few unrelated words" in html
    assert "It must not be" not in html
    response = client.post(
        url, {"new_password1": "fourteen chars", "new_password2": "fourteen chars"}
    )
    assert "Your password must be at least 15 characters" in response.content.decode()
