"""The consultation's opening and closing dates and the indicative review date are GOV.UK date
inputs, with GOV.UK's messages, the range named with its date, and what was typed kept."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lantern.core.roles import Role
from lantern.standards.forms import ApproveForm, ConsultationOpenForm
from lantern.standards.models import Standard, StandardVersion
from tests.helpers import make_user, sign_in


def _parts(name: str, when: date, **typed: str) -> dict[str, str]:
    values = {"day": str(when.day), "month": str(when.month), "year": str(when.year)} | typed
    return {f"{name}_{part}": value for part, value in values.items()}


def _input(html: str, name: str) -> str:
    start = html.index(f'name="{name}"')
    return html[html.rindex("<input", 0, start) : html.index(">", start) + 1]


@pytest.mark.django_db
def test_the_consultation_dates_are_three_inputs_each_with_todays_defaults() -> None:
    today = timezone.localdate()
    html = str(ConsultationOpenForm())
    assert f'value="{today.day}"' in _input(html, "opens_on_day")
    closes = today + timedelta(days=42)
    assert f'value="{closes.month}"' in _input(html, "closes_on_month")
    assert 'type="date"' not in html


@pytest.mark.django_db
def test_the_consultation_dates_have_govuk_messages() -> None:
    today = timezone.localdate()
    form = ConsultationOpenForm(
        data=_parts("opens_on", today, month="") | _parts("closes_on", today, day="31", month="2")
    )
    assert form.errors == {
        "opens_on": ["The opening date must include a month"],
        "closes_on": ["The closing date must be a real date"],
    }
    yesterday = today - timedelta(days=1)
    form = ConsultationOpenForm(
        data=_parts("opens_on", yesterday) | _parts("closes_on", today + timedelta(days=1))
    )
    assert form.errors == {"opens_on": ["The opening date must be today or in the future"]}


@pytest.mark.django_db
def test_a_closing_date_before_the_opening_date_names_the_opening_date() -> None:
    opens = date(timezone.localdate().year + 1, 3, 27)
    form = ConsultationOpenForm(
        data=_parts("opens_on", opens) | _parts("closes_on", opens - timedelta(days=1))
    )
    assert form.errors == {
        "closes_on": [
            f"The closing date must be the same as or after 27 March {opens.year}, the opening date"
        ]
    }
    same_day = ConsultationOpenForm(data=_parts("opens_on", opens) | _parts("closes_on", opens))
    assert same_day.is_valid(), same_day.errors


@pytest.mark.django_db
def test_the_indicative_review_date() -> None:
    today = timezone.localdate()
    html = str(ApproveForm())
    assert f'value="{today.year + 5}"' in _input(html, "indicative_review_on_year")
    example = f"For example, 27 {today.month} {today.year + 5}"
    assert f"Usually 5 years from approval. {example}" in html
    form = ApproveForm(data=_parts("indicative_review_on", today))
    assert form.errors == {
        "indicative_review_on": ["The indicative review date must be in the future"]
    }
    form = ApproveForm(data=_parts("indicative_review_on", today, year="31"))
    assert form.errors == {
        "indicative_review_on": ["The indicative review date must include a year with 4 numbers"]
    }
    leap = date(2032, 2, 29)
    form = ApproveForm(data=_parts("indicative_review_on", leap))
    assert form.is_valid() and form.cleaned_data["indicative_review_on"] == leap


def test_opening_and_approving_through_the_pages(client: Client, standard: Standard) -> None:
    sign_in(client, make_user(Role.STANDARDS_AUTHOR))
    assert client.post("/standards/SFJBMS05/new-version/").status_code == 302
    today = timezone.localdate()
    url = "/standards/SFJBMS05/v2/consultation/open/"
    typed = _parts("opens_on", today) | _parts("closes_on", today, day="", month="")
    page = client.post(url, typed).content.decode()
    assert '<a href="#id_closes_on_day">The closing date must include a day and month</a>' in page
    assert f'value="{today.year}"' in _input(page, "closes_on_year")
    assert "govuk-input--error" in _input(page, "closes_on_month")
    assert "govuk-input--error" not in _input(page, "closes_on_year")
    closes = today + timedelta(days=14)
    assert client.post(url, typed | _parts("closes_on", closes)).status_code == 302
    version = StandardVersion.objects.get(standard=standard, number=2)
    consultation = version.consultation
    assert (consultation.opens_on, consultation.closes_on) == (today, closes)
    assert client.post("/standards/SFJBMS05/v2/consultation/close/").status_code == 302
    review = date(today.year + 5, 2, 28)
    response = client.post(
        "/standards/SFJBMS05/v2/approve/", _parts("indicative_review_on", review)
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.indicative_review_on == review
