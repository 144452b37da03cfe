"""The question flow and result page keep what the person answered and show it where it is
needed."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from django.test import Client
from django.urls import reverse

from lantern.respond import flow
from tests.respond.test_views import EHO_WALK, _walk

pytestmark = pytest.mark.django_db


def _without(step: str) -> list[tuple[str, dict[str, Any]]]:
    return [(s, d) for s, d in EHO_WALK if s != step]


def test_i_m_not_sure_about_care_needs_stays_not_sure_on_change(client: Client) -> None:
    walk = [(s, {"answer": "not_sure"} if s == "care" else d) for s, d in EHO_WALK]
    token = _walk(client, walk)
    assert flow.loads(token)["care"] == "not_sure"
    page = client.get(f"/worried/care/?a={token}&change=1").content.decode()
    assert re.search(r'value="not_sure"[^>]*checked', page)
    assert not re.search(r'value="yes"[^>]*checked', page)
    check = client.get(f"/worried/check/?a={token}").content.decode()
    assert "I&#x27;m not sure" in check or "I'm not sure" in check
    # The rules still treat not sure as yes: an adult safeguarding referral is advised.
    result = client.get(f"/worried/result/?a={token}").content.decode()
    no = _walk(Client(), EHO_WALK)
    without = Client().get(f"/worried/result/?a={no}").content.decode()
    assert "adult safeguarding" in result.lower()
    assert result.lower().count("adult safeguarding") > without.lower().count("adult safeguarding")


def test_signing_in_from_the_result_returns_to_the_same_result(client: Client) -> None:
    token = _walk(client, EHO_WALK)
    result_url = f"/worried/result/?a={token}"
    page = client.get(result_url).content.decode()
    start = page.find(f'href="{reverse("accounts:sign_in")}?next=')
    assert start >= 0, "the sign-in link carries next="
    href = page[start + len('href="') : page.index('"', start + len('href="'))]
    next_url = unquote(parse_qs(urlparse(href.replace("&amp;", "&")).query)["next"][0])
    assert next_url == result_url


def test_signed_out_the_eho_gets_a_number_to_call_for_advice(client: Client) -> None:
    """Signed out we do not know the council, so "use your council's internal route" has no
    contact: the helpline follows it, as a tel: link, with the check-before-use note."""
    token = _walk(client, EHO_WALK)
    html = client.get(f"/worried/result/?a={token}").content.decode()
    steps = re.findall(r'data-action="([a-z_0-9]+)"', html)
    assert steps[:2] == ["follow_internal_pathway", "contact_helpline"]
    step = html[html.index('data-action="contact_helpline"') :]
    step = step[: step.index("</li>")]
    assert "know your organisation&#x27;s contact" in step
    assert 'href="tel:08000121700"' in step and "08000 121 700" in step
    assert "Check current guidance" in step


def test_the_result_links_its_public_sources_and_never_shows_facts_md(client: Client) -> None:
    token = _walk(client, EHO_WALK)
    html = client.get(f"/worried/result/?a={token}").content.decode()
    assert "FACTS" not in html
    step = html[html.index('data-action="duty_to_notify"') :]
    step = step[: step.index("</li>")]
    assert (
        'Source: <a class="govuk-link" href="https://www.legislation.gov.uk/ukpga/2015/30/contents">'
        "Modern Slavery Act 2015</a> s52" in step
    )


def test_setting_advice_shows_its_own_review_date_where_it_has_one(client: Client) -> None:
    token = _walk(client, EHO_WALK)
    html = client.get(f"/worried/result/?a={token}").content.decode()
    advice = html[html.index("At a housing or HMO inspection") :]
    advice = advice[: advice.index("</ul>")]
    assert "not only a breach of the rules. " in advice
    assert (
        '<span class="govuk-!-font-size-16" data-testid="advice-reviewed">(reviewed 1 December 2026)'
        in advice
    )
    health = [
        ("setting", {"answer": "health_appointment"}) if s == "setting" else (s, d)
        for s, d in EHO_WALK
    ]
    health = [(s, {}) if s == "signs" else (s, d) for s, d in health]
    html = client.get(f"/worried/result/?a={_walk(client, health)}").content.decode()
    assert "At a health appointment or hospital visit" in html
    assert "advice-reviewed" not in html  # no item of its own date: the page date covers it
