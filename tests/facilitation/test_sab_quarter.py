"""A quarter the SAB report does not offer is an error on the page, with the list of quarters
to choose from, never another quarter's report shown in its place (finding 14)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lantern.core import quarters
from lantern.facilitation import selectors
from tests.facilitation.factories import make_facilitator
from tests.helpers import signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        ("banana", "Choose a quarter from the list"),
        ("2026-q5", "Choose a quarter from the list"),
        ("2019-q1", "There is no report for January to March 2019. Choose one of the last 8"),
    ],
)
def test_a_bad_quarter_shows_an_error_and_the_quarters_not_another_report(
    asked: str, message: str
) -> None:
    programme = make_facilitator(org=None).programme
    client = signed_in(programme.leads.get())
    url = f"/facilitation/programmes/{programme.pk}/sab-report/"
    response = client.get(url, {"quarter": asked})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "There is a problem" in page and message in page
    assert 'href="#quarter"' in page and 'aria-describedby="quarter-error"' in page
    # The list of quarters is there to choose from; no report is shown.
    assert page.count("<option ") == 8
    assert 'data-testid="sab-quarter"' not in page and "Download the report (PDF)" not in page
    # The PDF link with the same quarter goes back to the page and its message.
    pdf = client.get(f"/facilitation/programmes/{programme.pk}/sab-report.pdf", {"quarter": asked})
    assert pdf.status_code == 302 and pdf["Location"].startswith(url)
    assert message in client.get(pdf["Location"]).content.decode()


def test_no_quarter_or_an_offered_one_shows_the_report() -> None:
    programme = make_facilitator(org=None).programme
    client = signed_in(programme.leads.get())
    today = timezone.localdate()
    current = quarters.quarter_of(today)
    assert selectors.sab.sab_quarter(programme, None, today) == (current, None)
    assert selectors.sab.sab_quarter(programme, current.key, today) == (current, None)
    earlier = current.previous()
    page = client.get(
        f"/facilitation/programmes/{programme.pk}/sab-report/", {"quarter": earlier.key}
    ).content.decode()
    assert "There is a problem" not in page and "<title>Error: " not in page
    assert f'data-testid="sab-quarter">{earlier.label}<' in page
