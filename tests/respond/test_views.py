"""The question flow (public, stores nothing) and referral drafts (signed in, audited)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from lantern.accounts.models import OrganisationType
from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from lantern.respond import flow, services
from lantern.respond.content import content
from lantern.respond.models import ReferralDraft
from tests.helpers import make_org, make_user, sign_in
from tests.respond.factories import EHO_ANSWERS, sample_draft


def _token(response: Any) -> str:
    return parse_qs(urlparse(response["Location"]).query)["a"][0]


def _answer(client: Client, step: str, token: str, data: dict[str, Any]) -> Any:
    return client.post(f"/worried/{step}/?a={token}", {"a": token, **data})


def _walk(client: Client, answers: list[tuple[str, dict[str, Any]]], token: str = "") -> str:
    for step, data in answers:
        response = _answer(client, step, token, data)
        assert response.status_code == 302, (step, response.content[:2000])
        token = _token(response)
    return token


EHO_WALK: list[tuple[str, dict[str, Any]]] = [
    ("danger", {"answer": "no"}),
    ("where", {"answer": "england"}),
    ("setting", {"answer": "housing_inspection"}),
    ("signs", {"featured": ["housing.beds_every_room", "housing.overcrowding"]}),
    ("age", {"answer": "adult"}),
    ("organisation", {"answer": "local_authority"}),
    ("care", {"answer": "no"}),
    ("consent", {"answer": "not_asked"}),
]


@pytest.mark.django_db
def test_signed_out_flow_reaches_the_result_and_stores_nothing(client: Client) -> None:
    audit_before = AuditEvent.objects.count()
    response = client.get("/worried/")
    assert response.status_code == 200
    assert b"tel:999" in response.content
    # the promise is only as wide as it is true: a saved draft is stored (encrypted, dated)
    start = " ".join(response.content.decode().split())
    assert "We do not store your answers, unless you are signed in and choose to save" in start
    assert "deleted automatically" in start
    token = _walk(client, EHO_WALK)
    check = client.get(f"/worried/check/?a={token}")
    assert check.status_code == 200
    assert b"Beds or mattresses in every room" in check.content
    result = client.get(f"/worried/result/?a={token}")
    html = result.content.decode()
    steps = re.findall(r'data-action="([a-z_0-9]+)"', html)
    assert steps == [
        "follow_internal_pathway",
        "contact_helpline",
        "seek_informed_consent",
        "nrm_referral",
        "duty_to_notify",
        "respect_their_decision",
    ]
    assert "council&#x27;s internal route" in html
    assert 'href="tel:08008083733"' in html
    assert "Sign in</a> to prepare a referral draft" in html
    assert ReferralDraft.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


@pytest.mark.django_db
def test_children_skip_consent_and_care_questions(client: Client) -> None:
    walk: list[tuple[str, dict[str, Any]]] = [
        ("danger", {"answer": "yes"}),
        ("where", {"answer": "wales"}),
        ("setting", {"answer": "school"}),
        ("signs", {}),
        ("age", {"answer": "unknown"}),
        ("organisation", {"answer": "education"}),
    ]
    token = _walk(client, walk)
    answers = flow.loads(token)
    assert flow.next_step(answers, content()) is None
    html = client.get(f"/worried/result/?a={token}").content.decode()
    steps = re.findall(r'data-action="([a-z_0-9]+)"', html)
    assert steps[:2] == ["call_999", "child_safeguarding_referral"]
    assert "seek_informed_consent" not in steps


@pytest.mark.django_db
def test_a_missing_answer_shows_an_error_and_a_tampered_token_starts_again(
    client: Client,
) -> None:
    response = client.post("/worried/danger/", {"a": ""})
    assert response.status_code == 200
    assert b"Select yes if anyone is in immediate danger now" in response.content
    assert b'href="#id_answer_0"' in response.content
    token = flow.dumps({"danger": False})
    response = client.get(f"/worried/result/?a={token[:-2]}xx")
    assert response.status_code == 302
    assert urlparse(response["Location"]).path == "/worried/danger/"


@pytest.mark.django_db
def test_change_from_check_page_returns_to_it(client: Client) -> None:
    token = _walk(client, EHO_WALK)
    response = client.post(
        f"/worried/where/?a={token}&change=1", {"a": token, "change": "1", "answer": "scotland"}
    )
    assert urlparse(response["Location"]).path == "/worried/check/"
    assert flow.loads(_token(response))["jurisdiction"] == "scotland"


@pytest.mark.django_db
def test_signed_in_users_skip_the_questions_their_organisation_answers() -> None:
    org = make_org(org_type=OrganisationType.LOCAL_AUTHORITY, nation="wales")
    user = make_user(Role.LEARNER, org=org)
    client = Client()
    sign_in(client, user)
    response = client.get("/worried/")
    assert b"filled in who you work for" in response.content
    token = parse_qs(urlparse(response.context["first_step"]).query)["a"][0]
    assert flow.loads(token) == {
        "organisation": "local_authority",
        "jurisdiction": "wales",
        "prefilled": ["jurisdiction", "organisation"],
    }
    # "Where in the UK" is answered: danger leads straight to the setting, and Back from the
    # setting returns to danger, not to the skipped page.
    after_danger = client.post(f"/worried/danger/?a={token}", {"a": token, "answer": "no"})
    assert urlparse(after_danger["Location"]).path == "/worried/setting/"
    setting = client.get(after_danger["Location"])
    assert urlparse(setting.context["back"]).path == "/worried/danger/"
    token = _walk(
        client,
        [
            ("setting", {"answer": "housing_inspection"}),
            ("signs", {}),
            ("age", {"answer": "adult"}),
        ],
        _token(after_danger),
    )
    care = client.get(f"/worried/care/?a={token}")  # "Who do you work for?" was skipped too
    assert care.status_code == 200 and urlparse(care.context["back"]).path == "/worried/age/"
    token = _walk(client, [("care", {"answer": "no"}), ("consent", {"answer": "given"})], token)
    check = client.get(f"/worried/check/?a={token}")
    html = check.content.decode()
    # Both pre-filled answers are on the check page, each with a Change link naming its question.
    rows = {row["step"]: row for row in check.context["rows"]}
    assert rows["where"]["value"] == "Wales" and rows["where"]["prefilled"]
    assert rows["organisation"]["prefilled"] and not rows["age"]["prefilled"]
    assert html.count('data-testid="prefilled"') == 2
    assert 'Change<span class="govuk-visually-hidden"> your answer to “Where in the UK' in html
    # Change goes to the question (with its answer selected) and returns to check.
    change = client.get(rows["where"]["change_url"])
    assert change.context["form"].initial == {"answer": "wales"}
    assert urlparse(change.context["back"]).path == "/worried/check/"
    response = client.post(
        rows["where"]["change_url"], {"a": token, "change": "1", "answer": "england"}
    )
    assert urlparse(response["Location"]).path == "/worried/check/"
    answers = flow.loads(_token(response))
    assert answers["jurisdiction"] == "england" and answers["prefilled"] == ["organisation"]


@pytest.mark.django_db
def test_visitors_who_are_not_signed_in_see_every_question(client: Client) -> None:
    response = client.get("/worried/")
    assert b"filled in who you work for" not in response.content
    token = parse_qs(urlparse(response.context["first_step"]).query)["a"][0]
    assert flow.loads(token) == {}
    after_danger = client.post(f"/worried/danger/?a={token}", {"a": token, "answer": "no"})
    assert urlparse(after_danger["Location"]).path == "/worried/where/"


def _draft_answers_token() -> str:
    return flow.dumps(EHO_ANSWERS)


@pytest.mark.django_db
def test_a_first_responder_creates_a_dtn_draft_without_identifiers() -> None:
    org = make_org(org_type=OrganisationType.LOCAL_AUTHORITY)
    author = make_user(Role.LEARNER, org=org)
    client = Client()
    sign_in(client, author)
    token = _draft_answers_token()
    result = client.get(f"/worried/result/?a={token}")
    assert b"Start a Duty to Notify draft" in result.content
    assert b"Start an NRM referral draft" not in result.content  # the adult declined
    response = client.post("/worried/drafts/new/", {"a": token, "kind": "dtn"})
    draft = ReferralDraft.objects.get()
    assert response["Location"] == f"/worried/drafts/{draft.pk}/edit/"
    assert set(draft.data) <= {
        "gender",
        "age_band",
        "nationality",
        "exploitation_types",
        "where",
        "when",
        "first_responder",
        "police_told",
        "indicators",
    }
    refused = client.post(
        f"/worried/drafts/{draft.pk}/edit/",
        {"where": "14 Acacia Road, NW1 2AB", "when": "November 2026"},
    )
    assert refused.status_code == 200
    assert b"must not identify the person" in refused.content
    saved = client.post(
        f"/worried/drafts/{draft.pk}/edit/",
        {
            "gender": "male",
            "age_band": "25_34",
            "nationality": "Not known",
            "exploitation_types": ["labour"],
            "where": "Camden",
            "when": "November 2026",
            "police_told": "no",
        },
    )
    assert saved.status_code == 302
    pdf = client.get(f"/worried/drafts/{draft.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    actions = list(
        AuditEvent.objects.filter(object_ref=str(draft.pk)).values_list("action", flat=True)
    )
    assert actions[:1] == ["referral_draft.created"]
    assert "referral_draft.updated" in actions and "referral_draft.downloaded" in actions
    assert "Camden" not in str(list(AuditEvent.objects.values_list("detail", flat=True)))


@pytest.mark.django_db
def test_drafts_are_encrypted_at_rest() -> None:
    from django.db import connection

    org = make_org()
    make_user(Role.LEARNER, org=org)
    draft = sample_draft(org)
    services.referral_draft_update(
        actor=draft.author, draft=draft, fields={"where": "Camden", "nationality": "Albania"}
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM respond_referraldraft")
        stored = cursor.fetchone()[0]
    assert stored.startswith("fernet:") and "Camden" not in stored


@pytest.mark.django_db
def test_only_the_author_and_the_safeguarding_lead_see_a_draft() -> None:
    org = make_org()
    author = make_user(Role.LEARNER, org=org)
    draft = sample_draft(org)
    assert draft.author == author
    lead = make_user(Role.SUPERVISOR, org=org)
    admin = make_user(Role.ORG_ADMIN, org=org)
    colleague = make_user(Role.LEARNER, org=org)
    other_org = make_org("Another Council")
    other_lead = make_user(Role.SUPERVISOR, org=other_org)
    clients: dict[Any, Client] = {}
    for user, status in [
        (author, 200),
        (lead, 200),
        (admin, 404),
        (colleague, 404),
        (other_lead, 404),
    ]:
        client = clients[user.pk] = Client()
        sign_in(client, user)
        assert client.get(f"/worried/drafts/{draft.pk}/").status_code == status, user
        assert client.get(f"/worried/drafts/{draft.pk}/pdf/").status_code == status, user
        listed = client.get("/worried/drafts/").context["drafts"]
        assert (draft in listed) == (status == 200)
    lead_client = clients[lead.pk]  # a second sign-in would replay the same one-time code
    assert lead_client.get(f"/worried/drafts/{draft.pk}/edit/").status_code == 404
    assert lead_client.post(f"/worried/drafts/{draft.pk}/delete/").status_code == 404


@pytest.mark.django_db
def test_non_first_responders_cannot_start_a_draft() -> None:
    org = make_org("A Hospital", org_type=OrganisationType.HEALTH)
    user = make_user(Role.LEARNER, org=org)
    client = Client()
    sign_in(client, user)
    token = flow.dumps({**EHO_ANSWERS, "organisation": "health"})
    assert b"referral draft" not in client.get(f"/worried/result/?a={token}").content
    response = client.post("/worried/drafts/new/", {"a": token, "kind": "dtn"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_expired_drafts_are_purged(settings: Any) -> None:
    settings.RESPOND_DRAFT_RETENTION_DAYS = 7
    org = make_org()
    make_user(Role.LEARNER, org=org)
    old = sample_draft(org)
    assert old.delete_after - old.created_at == timedelta(days=7)
    ReferralDraft.objects.filter(pk=old.pk).update(delete_after=timezone.now())
    fresh = sample_draft(org)
    call_command("respond_purge_drafts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(ReferralDraft.objects.all()) == [fresh]
    assert AuditEvent.objects.filter(
        action="referral_draft.purged", object_ref=str(old.pk)
    ).exists()


@pytest.mark.django_db
def test_nrm_draft_quality_check() -> None:
    from lantern.respond.quality import referral_quality

    library = content().indicators
    fields = {
        "indicators": ["general.id_held"],
        "exploitation_types": ["labour"],
        "observations": "3/11/2026 saw six mattresses in the kitchen\nworkers collected at 5am",
        "own_words": "",
        "consent_given": True,
        "consent_date": "",
    }
    checks = {c.key: c.met for c in referral_quality(kind="nrm", fields=fields, library=library)}
    assert checks == {
        "indicators_by_type": True,
        "dated_observations": False,
        "consent_recorded": False,
        "own_words_separate": False,
        "no_personal_details_in_text": True,
        "consent_consistent": True,
    }


@pytest.mark.django_db
def test_the_signs_page_leads_with_the_setting_and_keeps_ticks_in_folded_groups(
    client: Client,
) -> None:
    token = _walk(client, EHO_WALK[:3])
    page = client.get(f"/worried/signs/?a={token}").content.decode()
    featured = page.index('data-testid="featured-signs"')
    assert "Signs often seen at a housing or HMO inspection" in page[featured:]
    assert page.index("Beds or mattresses in every room") > featured
    # Every other sign is there, in a folded group (closed while nothing in it is ticked).
    assert page.count('data-testid="sign-group">') == page.count('data-testid="sign-group"')
    assert page.count('type="checkbox"') == len(content().indicators.indicators)
    token = _walk(
        client,
        [
            (
                "signs",
                {"featured": ["housing.overcrowding"], "group_situational": ["general.id_held"]},
            )
        ],
        token,
    )
    assert flow.loads(token)["indicators"] == ["housing.overcrowding", "general.id_held"]
    # Back (or Change) shows both still ticked, and opens the group holding the folded one.
    again = client.get(f"/worried/signs/?a={token}").content.decode()
    assert re.search(r'value="general\.id_held" id="[^"]+" class="[^"]+" checked', again)
    assert re.search(r'value="housing\.overcrowding" id="[^"]+" class="[^"]+" checked', again)
    situational = again[: again.index('value="general.id_held"')]
    details = situational[situational.rindex("<details") :]
    assert 'data-testid="sign-group" open' in details and "1 ticked" in details
    assert again.count('data-testid="sign-group" open') == 1


@pytest.mark.django_db
def test_ticks_stay_ticked_when_the_setting_changes_and_somewhere_else_folds_every_group(
    client: Client,
) -> None:
    token = _walk(client, EHO_WALK)  # housing inspection, two housing signs ticked
    response = _answer(client, "setting", token, {"change": "1", "answer": "car_wash"})
    assert urlparse(response["Location"]).path == "/worried/check/"
    page = client.get(f"/worried/signs/?a={_token(response)}").content.decode()
    assert "Signs often seen at a visit to a hand car wash" in page
    # The housing signs are now in their own group, folded but open because they are ticked.
    housing = page[page.index("Signs at a housing or HMO inspection (5 signs, 2 ticked)") :]
    assert re.search(r'value="housing\.overcrowding" id="[^"]+" class="[^"]+" checked', housing)
    other = _answer(client, "setting", token, {"change": "1", "answer": "other"})
    page = client.get(f"/worried/signs/?a={_token(other)}").content.decode()
    assert 'data-testid="featured-signs"' not in page and "Signs by group" in page
    assert page.count('type="checkbox"') == len(content().indicators.indicators)
