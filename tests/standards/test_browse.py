"""Public pages: suite, standard, search, review-overdue warning; sensible query counts."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lantern.standards.models import Standard

pytestmark = pytest.mark.django_db


def test_index_works_on_an_empty_database(client: Client) -> None:
    response = client.get("/standards/")
    assert response.status_code == 200
    assert "No standards have been loaded yet" in response.content.decode()


def test_index_and_suite_list_the_standard_and_the_unknown_ones(
    client: Client, standard: Standard, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        page = client.get("/standards/").content.decode()
    assert "Plan support for potential victims of modern slavery" in page
    assert "Review overdue" in page
    suite = client.get("/standards/suites/addressing-modern-slavery/").content.decode()
    assert "To be confirmed" in suite and "Up to six standards" in suite


def test_standard_page_shows_every_item_metadata_and_the_overdue_warning(
    client: Client, standard: Standard, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = client.get("/standards/SFJBMS05/")
    page = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r'summary-list__key">PC\d', page)) == 22
    assert len(re.findall(r'summary-list__key">K\d', page)) == 27
    assert 'id="PC14"' in page and 'id="K1.3"' in page
    assert "Review overdue: this standard was due to be reviewed by November 2019" in page
    for text in [
        "November 2014",
        "Original",
        "Current",
        "Refugee Worker",
        "compulsory labour",
        "Securing services from children and vulnerable persons.",
    ]:
        assert text in page, text
    assert '<ul class="govuk-list govuk-list--bullet">' in page  # glossary Markdown rendered


def test_unknown_standard_and_version_are_404(client: Client, standard: Standard) -> None:
    assert client.get("/standards/NOPE01/").status_code == 404
    assert client.get("/standards/SFJBMS05/v9/").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected", "unexpected"),
    [
        ("interpreters", ["SFJBMS05.K11"], ["SFJBMS05.PC14"]),
        ("PC14", ["SFJBMS05.PC14"], ["SFJBMS05.PC1<"]),
        ("sfjbms05.k1.2", ["SFJBMS05.K1.2"], ["SFJBMS05.K12"]),
        ("control mechanisms", ["SFJBMS05.PC6<", "SFJBMS05.K16"], ["SFJBMS05.K11"]),
    ],
)
def test_search_finds_criteria_and_knowledge(
    client: Client, standard: Standard, query: str, expected: list[str], unexpected: list[str]
) -> None:
    page = client.get("/standards/search/", {"q": query}).content.decode()
    for ref in expected:
        assert ref in page, ref
    for ref in unexpected:
        assert ref not in page, ref


def test_search_with_no_results_says_so(client: Client, standard: Standard) -> None:
    page = client.get("/standards/search/", {"q": "zebra"}).content.decode()
    assert "0 results" in page and "Nothing in the current standards matches" in page


def test_drafts_are_hidden_from_the_public(client: Client, standard: Standard) -> None:
    from tests.standards import samples

    samples.draft()
    assert client.get("/standards/SFJBMS05/v2/").status_code == 404
    assert client.get("/standards/SFJBMS05/v2/case.json").status_code == 404
    page = client.get("/standards/SFJBMS05/").content.decode()
    assert "Version 2" not in page
