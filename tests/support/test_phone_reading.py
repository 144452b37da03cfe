"""What got in the way on a 375px phone: where the case stands was last on the case page, the
tables' headings were the forms' sentences, and a share's document was off the screen."""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.urls import reverse

from lantern.support import services
from lantern.support.models import RightsInformation
from tests.helpers import sign_in
from tests.support import factories as f
from tests.support.conftest import World


def _page(world: World, name: str, client: Client | None = None, **kwargs: str) -> str:
    if client is None:
        client = Client()
        sign_in(client, world.caseworker)
    url = reverse(name, kwargs={"case_id": world.case.pk, **kwargs})
    return client.get(url).content.decode()


def test_the_case_page_says_how_many_steps_are_done_before_the_sections(world: World) -> None:
    html = _page(world, "support:case_detail")
    summary = html.index('data-testid="coverage-summary"')
    assert summary < html.index('data-testid="sections"')
    assert "SFJBMS05 performance criteria evidenced" in html[summary:]
    assert 'href="#coverage-title"' in html[summary:]


def test_table_headings_are_short_where_the_form_asks_a_sentence(world: World) -> None:
    services.section_entry_create(
        actor=world.caseworker,
        case=world.case,
        model=RightsInformation,
        section="rights",
        data={
            "language": "tir",
            "format": "audio",
            "topics": ["nrm"],
            "given_on": date(2026, 11, 2),
            "person_accepted_format": True,
        },
    )
    client = Client()
    sign_in(client, world.caseworker)  # once: a security code is accepted only once
    html = _page(world, "support:case_section", client, section="rights")
    table = html[html.index('data-testid="entries"') :]
    assert "Accepted by them</th>" in table
    assert "said this language and format work for them</th>" not in table
    f.consent(world.case, world.caseworker)  # for any partner in the plan
    consent = _page(world, "support:case_section", client, section="consent")
    assert "Any partner in the plan</td>" in consent
    assert (
        "Partner</th>" in consent and "leave empty for any partner" not in consent.split("<form")[0]
    )


def test_a_shares_document_is_the_third_column_of_the_log(world: World) -> None:
    f.share(world.case, world.caseworker)
    html = _page(world, "support:case_share")
    head = html[html.index("<thead") : html.index("</thead>")]
    headers = [h.split(">")[-1] for h in head.split("</th>")[:-1]]
    assert headers[:3] == ["Reference", "To", "Document to send"]
