"""GOV.UK radios with conditional reveal: follow-up fields render inside their option, the
script that hides them runs under the Content Security Policy, and on the server a follow-up
field of an option not chosen is ignored rather than rejected."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.test import Client

from lantern.core.forms import ConditionalRevealForm
from lantern.core.templatetags.govuk import govuk_error_summary


class _Contact(ConditionalRevealForm):
    reveals = {"how": {"email": ("email",), "phone": ("phone",)}}

    how = forms.ChoiceField(
        label="How should we contact you?",
        choices=[("email", "Email"), ("phone", "Phone"), ("post", "Post")],
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(label="Email address", required=False)
    phone = forms.CharField(label="Phone number", max_length=5, required=False)
    note = forms.CharField(label="Note", required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if data.get("how") == "email" and data.get("email") == "":
            self.add_error("email", "Enter an email address")
        return data


def test_follow_up_fields_render_inside_their_option_once() -> None:
    html = str(_Contact(initial={"how": "phone"}))
    assert html.count('name="email"') == 1 and html.count('name="phone"') == 1
    email_radio = re.search(r'<input type="radio"[^>]*value="email"[^>]*>', html)
    assert email_radio and 'data-aria-controls="conditional-id_how_0"' in email_radio.group()
    post_radio = re.search(r'<input type="radio"[^>]*value="post"[^>]*>', html)
    assert post_radio and "aria-controls" not in post_radio.group()
    # Each follow-up sits in its conditional block, straight after its option, inside the radios.
    email_block = html.index('id="conditional-id_how_0"')
    assert (
        html.index('id="id_how_0"')
        < email_block
        < html.index('name="email"')
        < html.index('id="id_how_1"')
    )
    assert (
        '<div class="govuk-radios__conditional govuk-radios__conditional--hidden" '
        'id="conditional-id_how_0">' in html
    )
    # The chosen option's block is not hidden.
    assert '<div class="govuk-radios__conditional" id="conditional-id_how_1">' in html
    assert html.index('name="note"') > html.index('name="phone"')


def test_a_follow_up_of_an_option_not_chosen_is_ignored_not_rejected() -> None:
    # Without JavaScript every field shows, and someone may type in the wrong one.
    form = _Contact(data={"how": "phone", "phone": "12345", "email": "not an address"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["email"] == "" and form.cleaned_data["phone"] == "12345"
    form = _Contact(data={"how": "post", "phone": "far too long", "email": "x"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["email"] == "" and form.cleaned_data["phone"] == ""


def test_a_follow_up_of_the_chosen_option_is_checked() -> None:
    form = _Contact(data={"how": "email", "email": "not an address", "phone": "far too long"})
    assert form.errors == {"email": ["Enter a valid email address."]}
    form = _Contact(data={"how": "email"})
    assert form.errors == {"email": ["Enter an email address"]}
    assert govuk_error_summary(form)["errors"] == [
        {"href": "#id_email", "text": "Enter an email address"}
    ]
    # With a problem, the chosen option's block is open and shows the error.
    html = str(form)
    assert '<div class="govuk-radios__conditional" id="conditional-id_how_0">' in html
    assert html.index("Enter an email address") > html.index('id="conditional-id_how_0"')


def test_no_option_chosen_ignores_every_follow_up() -> None:
    form = _Contact(data={"phone": "far too long"})
    assert list(form.errors) == ["how"]


@pytest.mark.django_db
def test_the_frontend_script_runs_under_the_content_security_policy() -> None:
    response = Client().get("/accessibility/")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce, policy
    html = response.content.decode()
    # GOV.UK Frontend's body snippet (inline, so it carries the nonce) and the module that
    # starts the components (a static file: 'self').
    snippet = re.search(r'<body class="govuk-template__body">\s*<script nonce="([^"]+)">', html)
    assert snippet and snippet.group(1) == nonce.group(1)
    assert (
        "govuk-frontend-supported" in html[snippet.end() : html.index("</script>", snippet.end())]
    )
    assert re.search(r'<script type="module" src="/static/lantern/lantern\.js"', html)
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
