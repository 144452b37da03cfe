"""The document a recorded share produces for the partner (PC18): data-minimised to the
categories the share covered, with the partner, lawful basis, consent position, who shared it
and when, and a reference to quote back; a print page and a PDF, for people who may see the
case only, each audited and in the DPO's plain-English history; nothing once consent is
withdrawn."""

from __future__ import annotations

import base64
import re
import zlib
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lantern.core.models import AuditEvent
from lantern.support import selectors, services
from lantern.support.models import (
    ImmediateNeed,
    InformationShare,
    PersonAccount,
    PlanGoal,
    Risk,
)
from lantern.support.referral import HANDLING, SEND_BY_SECURE_ROUTE, referral_parts
from tests.helpers import sign_in
from tests.support import factories as f
from tests.support.conftest import World

SECRET_NOTE = "Met at the drop-in centre"  # the case's notes: in no category, never shared
ADDRESS = "Flat 2, 10 Example Road"
ACCOUNT = "I worked at the car wash for two years"
RISK = "The gang still phones her sister"
NEED = "Needs a winter coat"
PLAN_WORDS = "To feel safe and learn English"


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _urls(share: InformationShare) -> tuple[str, str]:
    kwargs = {"case_id": share.case_id, "share_id": share.pk}
    return (
        reverse("support:case_share_referral", kwargs=kwargs),
        reverse("support:case_share_referral_pdf", kwargs=kwargs),
    )


def _pdf_text(body: bytes) -> str:
    """The text drawn in a PDF's (compressed) content streams, enough to look for words."""
    text = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\n?endstream", body, re.S):
        data = stream.strip()
        if data.endswith(b"~>"):  # ReportLab's ASCII85 around the compressed stream
            data = base64.a85decode(data[:-2].replace(b"\n", b""))
        try:
            text.append(zlib.decompress(data).decode("latin-1"))
        except zlib.error:
            continue
    return "".join(text)


def _fill_case(world: World) -> None:
    """Something in every category, so a test can see which ones a document leaves out."""
    case, actor = world.case, world.caseworker
    services.case_update(
        actor=actor, case=case, expected_version=case.version, place_of_safety_address=ADDRESS
    )
    rows: list[tuple[Any, str, dict[str, Any]]] = [
        (Risk, "risks", {"category": "family", "description": RISK, "likelihood": "high"}),
        (ImmediateNeed, "needs", {"need_type": "clothing", "description": NEED}),
        (
            PersonAccount,
            "account",
            {"recorded_on": date(2026, 11, 2), "account": ACCOUNT, "at_own_pace": True},
        ),
        (PlanGoal, "goals", {"goal": "Learn English"}),
    ]
    for model, section, data in rows:
        services.section_entry_create(
            actor=actor, case=case, model=model, section=section, data=data
        )
    services.plan_save(
        actor=actor,
        case=case,
        expected_version=0,
        in_their_words=PLAN_WORDS,
        safety_plan="",
        agreed_with_person=False,
        agreed_on=None,
    )


def test_the_document_holds_only_what_the_share_covered(world: World) -> None:
    _fill_case(world)
    world.case.refresh_from_db()
    share = f.share(world.case, world.caseworker, what=("identity", "risks"))
    page, pdf = _urls(share)
    client = _client(world.caseworker)

    html = client.get(page).content.decode()
    reference = selectors.referral_reference(world.case, share)
    assert reference == f"{world.case.reference}-S1"
    # Who it is for, the basis and consent as recorded, who shared it and when, the reference.
    for expected in (
        "Referral to Haven Legal (test)",
        reference,
        "The person&#x27;s consent",
        "The person gave consent to share this with you on 1 November 2026.",
        world.caseworker.full_name,
        timezone.localtime(share.created_at).strftime("%B %Y"),
        "Advice about their immigration status",
        "Name, date of birth and other identifiers",
        "Amanuel",  # identity was covered
        "Tigrinya",
        RISK,  # risks were covered
        SEND_BY_SECURE_ROUTE.replace("'", "&#x27;"),
        HANDLING[0],
    ):
        assert expected in html, expected
    # Nothing else from the case.
    for absent in (SECRET_NOTE, ADDRESS, ACCOUNT, NEED, PLAN_WORDS, "Learn English"):
        assert absent not in html, absent

    response = client.get(pdf)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="referral-{reference}.pdf"'
    assert "no-store" in response["Cache-Control"]
    text = _pdf_text(response.content)
    for expected in ("Referral to Haven Legal", reference, "Amanuel", RISK):
        assert expected in text, expected
    for absent in (SECRET_NOTE, ADDRESS, ACCOUNT, NEED, PLAN_WORDS):
        assert absent not in text, absent


def test_the_filename_and_urls_hold_no_personal_data(world: World) -> None:
    share = f.share(world.case, world.caseworker, what=("identity", "contact"))
    page, pdf = _urls(share)
    response = _client(world.caseworker).get(pdf)
    for personal in ("Amanuel", "Example", "ER", "tir"):
        assert personal not in page and personal not in pdf
        assert personal not in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("categories", "headings"),
    [
        (["identity"], ["About the person"]),
        (["contact"], ["How to contact them safely"]),
        (["needs", "risks"], ["Their needs", "Risks to them now"]),
        (["plan"], ["Their support and safety plan"]),
        (["account"], ["Their account, in their own words"]),
        ([], []),
    ],
)
def test_each_category_brings_its_own_part_and_no_other(
    categories: list[str], headings: list[str]
) -> None:
    class Case:
        given_name = "Amanuel"
        family_name = aliases = date_of_birth = contact_details = place_of_safety_address = ""
        age_band, age_disputed, gender, nationality = "25-34", False, "male", "ER"
        languages, interpreter_needed = ["tir"], True

    entries: dict[str, Any] = {"needs": [], "risks": [], "plan": None, "goals": [], "account": []}
    parts = referral_parts(categories=categories, case=Case(), entries=entries)
    assert [p.heading for p in parts] == headings
    words = " ".join(r.value for p in parts for r in p.rows)
    assert ("Amanuel" in words) == ("identity" in categories)


def test_a_closed_risk_is_not_sent(world: World) -> None:
    risk = services.section_entry_create(
        actor=world.caseworker,
        case=world.case,
        model=Risk,
        section="risks",
        data={"category": "debt", "description": "Owed the agent money", "likelihood": "low"},
    )
    services.section_entry_update(
        actor=world.caseworker,
        entry=risk,
        section="risks",
        expected_version=risk.version,
        data={
            "category": "debt",
            "description": "Owed the agent money",
            "likelihood": "low",
            "status": "closed",
        },
    )
    share = f.share(world.case, world.caseworker, what=("risks",))
    html = _client(world.caseworker).get(_urls(share)[0]).content.decode()
    assert "Owed the agent money" not in html and "No current risks are recorded." in html


def test_only_people_who_may_see_the_case_can_produce_it(world: World) -> None:
    share = f.share(world.case, world.caseworker)
    clients = {u.pk: _client(u) for u in (world.caseworker, world.teammate, world.supervisor)}
    for client in clients.values():
        assert all(client.get(url).status_code == 200 for url in _urls(share))
    for user in (world.other_team_caseworker, world.other_org_caseworker):
        client = _client(user)
        assert all(client.get(url).status_code == 404 for url in _urls(share)), user
    # The DPO and organisation admin see no case content at all (the route refuses them).
    for user in (world.dpo, world.org_admin):
        client = _client(user)
        assert all(client.get(url).status_code in (403, 404) for url in _urls(share)), user
    # A restricted case: only the people named on it.
    services.case_restrict(actor=world.caseworker, case=world.case, restricted=True, named_users=[])
    assert clients[world.teammate.pk].get(_urls(share)[0]).status_code == 404
    assert clients[world.caseworker.pk].get(_urls(share)[0]).status_code == 200


def test_a_share_from_another_case_is_not_found(world: World) -> None:
    other = f.case(world.caseworker, world.org, world.team)
    share = f.share(other, world.caseworker)
    url = reverse(
        "support:case_share_referral",
        kwargs={"case_id": world.case.pk, "share_id": share.pk},
    )
    assert _client(world.caseworker).get(url).status_code == 404


def test_withdrawn_consent_produces_nothing(world: World) -> None:
    share = f.share(world.case, world.caseworker)
    client = _client(world.caseworker)
    assert client.get(_urls(share)[1]).status_code == 200
    f.consent(world.case, world.caseworker, share.partner, decision="withdrawn")
    before = AuditEvent.objects.filter(action="case.exported").count()
    assert all(client.get(url).status_code == 404 for url in _urls(share))
    assert AuditEvent.objects.filter(action="case.exported").count() == before
    log = client.get(reverse("support:case_share", kwargs={"case_id": world.case.pk}))
    html = log.content.decode()
    assert "None: the person has withdrawn their consent" in html
    assert _urls(share)[0] not in html

    # Consent given again: the share's document can be produced again.
    f.consent(world.case, world.caseworker, share.partner, decision="given")
    assert client.get(_urls(share)[0]).status_code == 200


def test_a_refused_share_leaves_nothing_to_produce(world: World) -> None:
    partner = f.partner(world.case, world.caseworker)  # and no consent recorded
    with pytest.raises(services.ShareRefused):
        services.information_share_create(
            actor=world.caseworker,
            case=world.case,
            partner=partner,
            kind="referral",
            what_shared=["identity"],
            purpose="Legal advice",
            basis="consent",
            actor_may_override=False,
        )
    assert selectors.sharing_log(world.case) == []
    html = (
        _client(world.caseworker)
        .get(reverse("support:case_share", kwargs={"case_id": world.case.pk}))
        .content.decode()
    )
    assert "Nothing has been shared." in html and "Open to print" not in html


def test_a_share_without_consent_says_so_and_survives_a_withdrawal(world: World) -> None:
    partner = f.partner(world.case, world.caseworker)
    share = services.information_share_create(
        actor=world.supervisor,
        case=world.case,
        partner=partner,
        kind="share",
        what_shared=["risks"],
        purpose="Urgent safeguarding",
        basis="safeguarding",
        override_reason="Asking would alert the people exploiting him",
        actor_may_override=True,
    )
    f.consent(world.case, world.caseworker, partner, decision="refused")
    html = _client(world.caseworker).get(_urls(share)[0]).content.decode()
    assert "Information for Haven Legal (test)" in html
    assert "This was shared without the person&#x27;s consent." in html
    assert f"A supervisor, {world.supervisor.full_name}, authorised it" in html
    assert "Safeguarding an adult at risk" in html
    # The supervisor's reason stays in the record: the partner reads the basis, not the why.
    assert "Asking would alert" not in html


def test_every_production_is_audited_and_in_the_dpo_history(world: World) -> None:
    share = f.share(world.case, world.caseworker, what=("identity",))
    page, pdf = _urls(share)
    client = _client(world.caseworker)
    client.get(page)
    client.get(pdf)
    viewed = AuditEvent.objects.filter(action="case.viewed", detail__what="referral").get()
    exported = AuditEvent.objects.filter(
        action="case.exported", detail__what="export:referral_pdf"
    ).get()
    for event in (viewed, exported):
        assert event.object_ref == str(world.case.pk)
        assert event.detail["share"] == str(share.pk) and event.detail["basis"] == "consent"
        assert "Amanuel" not in str(event.detail)

    lines = {e.line.what: e.line.more for e in selectors.case_access_history(world.case)}
    ref = f"{world.case.reference}-S1"
    pdf_line = f"Downloaded the referral document {ref} for Haven Legal (test) (PDF)"
    assert lines[pdf_line] == "With the person's consent"
    assert f"Opened the referral document {ref} for Haven Legal (test), to print" in lines
    history = _client(world.dpo).get(
        reverse("support:case_access_history", kwargs={"case_id": world.case.pk})
    )
    assert pdf_line in history.content.decode()


def test_the_sharing_log_numbers_shares_and_links_their_documents(
    world: World, django_assert_max_num_queries: Any
) -> None:
    first = f.share(world.case, world.caseworker)
    InformationShare.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - timedelta(days=1)
    )
    second = f.share(world.case, world.caseworker, first.partner, what=("needs",))
    with django_assert_max_num_queries(2):
        log = selectors.sharing_log(world.case)
    assert [(row.share.pk, row.reference, row.available) for row in log] == [
        (second.pk, f"{world.case.reference}-S2", True),
        (first.pk, f"{world.case.reference}-S1", True),
    ]
    response = _client(world.caseworker).post(
        reverse("support:case_share", kwargs={"case_id": world.case.pk}),
        {
            "partner": str(first.partner.pk),
            "kind": "referral",
            "what_shared": ["identity"],
            "purpose": "Housing",
            "basis": "consent",
        },
        follow=True,
    )
    html = response.content.decode()
    assert f"The share has been logged as {world.case.reference}-S3" in html
    assert html.count("Download PDF") == 3
