"""The HTCDS export is a lawful transfer: asked for, consent-gated, logged, audited."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from django.urls import reverse

from lantern.core.models import AuditEvent
from lantern.support.models import InformationShare
from tests.helpers import sign_in
from tests.support import factories as f
from tests.support.conftest import World


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _answers(partner: Any, **changes: str) -> dict[str, str]:
    data = {
        "partner": str(partner.pk),
        "purpose": "They take over support",
        "basis": "consent",
        "confirm": "on",
    }
    data.update(changes)
    return data


def _exports(world: World) -> Any:
    return AuditEvent.objects.filter(action="case.exported", object_ref=str(world.case.pk))


def test_opening_the_export_asks_first_and_exports_nothing(world: World) -> None:
    f.partner(world.case, world.caseworker)
    url = reverse("support:case_export_htcds", kwargs={"case_id": world.case.pk})
    response = _client(world.caseworker).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Who is the record for?" in html and "Lawful basis" in html
    assert "prs_First_Name" not in html and "Amanuel" not in html
    assert not _exports(world).exists()
    assert not InformationShare.objects.exists()


def test_a_transfer_without_consent_is_refused_like_any_share(world: World) -> None:
    partner = f.partner(world.case, world.caseworker)
    url = reverse("support:case_export_htcds", kwargs={"case_id": world.case.pk})
    response = _client(world.caseworker).post(url, _answers(partner))
    assert response.status_code == 200
    assert "without the person&#x27;s consent" in response.content.decode()
    assert not _exports(world).exists() and not InformationShare.objects.exists()
    assert AuditEvent.objects.filter(action="case.share_refused").exists()


def test_an_unconfirmed_transfer_is_not_made(world: World) -> None:
    partner = f.partner(world.case, world.caseworker)
    f.consent(world.case, world.caseworker, partner)
    url = reverse("support:case_export_htcds", kwargs={"case_id": world.case.pk})
    response = _client(world.caseworker).post(url, _answers(partner, confirm=""))
    assert "Confirm the transfer is lawful and needed" in response.content.decode()
    assert not _exports(world).exists() and not InformationShare.objects.exists()


def test_a_lawful_transfer_is_logged_with_the_shares_audited_and_served(world: World) -> None:
    partner = f.partner(world.case, world.caseworker)
    consent = f.consent(world.case, world.caseworker, partner)
    url = reverse("support:case_export_htcds", kwargs={"case_id": world.case.pk})
    response = _client(world.caseworker).post(url, _answers(partner))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    doc = json.loads(response.content)
    assert doc["lanternExtensions"]["caseReference"] == world.case.reference
    share = InformationShare.objects.get()
    assert share.partner == partner and share.basis == "consent" and share.consent == consent
    assert share.what_shared == ["identity", "plan"]
    # The transfer is in the log the export itself carries.
    assert [s["to"] for s in doc["lanternExtensions"]["informationSharing"]] == [partner.name]
    event = _exports(world).get()
    assert event.detail == {"what": "export:htcds", "share": str(share.pk), "basis": "consent"}
    assert AuditEvent.objects.filter(action="case.shared", object_ref=str(world.case.pk)).exists()
