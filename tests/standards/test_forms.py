"""GOV.UK error wording on the standards forms, and the error summary on the search page."""

from __future__ import annotations

from lantern.standards.forms import OVERVIEW_MAX, VersionForm


def test_an_overview_that_is_too_long_gets_a_govuk_message() -> None:
    form = VersionForm({"title": "A title", "overview": "x" * (OVERVIEW_MAX + 1)})
    assert not form.is_valid()
    assert form.errors["overview"] == ["Enter an overview of 5,000 characters or fewer"]
    assert VersionForm({"title": "A title", "overview": "x" * OVERVIEW_MAX}).is_valid()
