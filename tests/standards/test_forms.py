"""GOV.UK error wording on the standards forms, and the error summary on the search page."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms as django_forms
from django.test import Client

from lantern.standards.forms import (
    OVERVIEW_MAX,
    ItemAddForm,
    ItemTextForm,
    LinkCommentForm,
    ResponseForm,
    SearchForm,
    VersionForm,
)


def test_an_overview_that_is_too_long_gets_a_govuk_message() -> None:
    form = VersionForm({"title": "A title", "overview": "x" * (OVERVIEW_MAX + 1)})
    assert not form.is_valid()
    assert form.errors["overview"] == ["Enter an overview of 5,000 characters or fewer"]
    assert VersionForm({"title": "A title", "overview": "x" * OVERVIEW_MAX}).is_valid()


@pytest.mark.parametrize(
    ("form", "data", "field", "message"),
    [
        (SearchForm, {"q": "x" * 201}, "q", "Enter a search of 200 characters or fewer"),
        (
            VersionForm,
            {"title": "x" * 301, "overview": "o"},
            "title",
            "Enter a title of 300 characters or fewer",
        ),
        (
            ItemTextForm,
            {"text": "x" * 2001},
            "text",
            "Enter item text of 2,000 characters or fewer",
        ),
        (
            ItemAddForm,
            {"kind": "pc", "text": "x" * 2001},
            "text",
            "Enter item text of 2,000 characters or fewer",
        ),
        (
            ResponseForm,
            {"decision": "accepted", "reason": "x" * 5001},
            "reason",
            "Enter a reason of 5,000 characters or fewer",
        ),
    ],
)
def test_too_long_values_get_govuk_messages(
    form: type[django_forms.Form], data: dict[str, Any], field: str, message: str
) -> None:
    bound = form(data)
    assert not bound.is_valid()
    assert bound.errors[field] == [message]
    assert "Ensure this value" not in str(bound.errors)


def test_the_link_comment_form_says_what_is_too_long() -> None:
    form = LinkCommentForm(
        {"on": "standard", "body": "x" * 5001, "respondent_name": "n" * 151},
        choices=[],
    )
    assert not form.is_valid()
    assert form.errors["body"] == ["Enter a comment of 5,000 characters or fewer"]
    assert form.errors["respondent_name"] == ["Enter a name of 150 characters or fewer"]


@pytest.mark.django_db
def test_the_search_page_shows_an_error_summary(client: Client) -> None:
    response = client.get("/standards/search/", {"q": "x" * 201})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a search of 200 characters or fewer" in page
    assert 'href="#id_q"' in page
    assert "<title>Error: " in page
