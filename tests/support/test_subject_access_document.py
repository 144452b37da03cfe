"""The subject access document a person can read: plain English under headings, codes as
words, staff by name and role, and a DPO review before release: a passage left out (with a
reason, audited) is missing from the page and the PDF, which say in general terms why."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from lantern.core.models import AuditEvent
from lantern.support import selectors, services
from lantern.support.models import ImmediateNeed, Risk
from tests.helpers import sign_in
from tests.support import factories as f
from tests.support.conftest import World

THIRD_PARTY = "The people who controlled them know their phone number"


def _case(world: World) -> tuple[Any, Any]:
    services.section_entry_create(
        actor=world.caseworker,
        case=world.case,
        model=ImmediateNeed,
        section="needs",
        data={
            "need_type": "shelter",
            "description": "Needs a bed tonight",
            "status": "outstanding",
        },
    )
    risk = services.section_entry_create(
        actor=world.caseworker,
        case=world.case,
        model=Risk,
        section="risks",
        data={"category": "re_trafficking", "description": THIRD_PARTY, "likelihood": "high"},
    )
    share = f.share(world.case, world.caseworker)
    return risk, share


def _dpo(world: World) -> Client:
    client = Client()
    sign_in(client, world.dpo)
    return client


def test_the_document_reads_in_plain_english(world: World) -> None:
    _case(world)
    client = _dpo(world)
    url = reverse("support:case_subject_access_document", kwargs={"case_id": world.case.pk})
    page = client.get(url).content.decode()
    for heading in (
        "What we hold about you",
        "Where it came from",
        "Who we shared it with and why",
        "How long we keep it",
        "Who has looked at your record",
    ):
        assert heading in page
    # Codes as words: Eritrea for ER, Tigrinya for tir, the need's label for "shelter".
    assert "Eritrea" in page and "Tigrinya" in page
    assert "25 to 34" in page or "25-34" not in page
    assert ">shelter<" not in page
    # Staff by name and role, never a UUID.
    assert f"Recorded by {world.caseworker.full_name} (caseworker)" in page
    assert str(world.caseworker.pk) not in page and str(world.case.organisation_id) not in page
    assert "With your consent" in page
    assert "Information we have left out" not in page


def test_a_passage_left_out_is_missing_and_the_document_says_why(world: World) -> None:
    risk, _ = _case(world)
    client = _dpo(world)
    review = reverse("support:case_subject_access_review", kwargs={"case_id": world.case.pk})
    assert THIRD_PARTY in client.get(review).content.decode()
    withhold = reverse("support:case_subject_access_withhold", kwargs={"case_id": world.case.pk})
    key = f"entry:{risk.pk}"
    missing = client.post(f"{withhold}?item={key}", {"reason": ""})
    assert "Select why you are leaving it out" in missing.content.decode()
    client.post(f"{withhold}?item={key}", {"reason": "third_party", "note": "About the gang"})

    document = reverse("support:case_subject_access_document", kwargs={"case_id": world.case.pk})
    page = client.get(document).content.decode()
    assert THIRD_PARTY not in page
    assert "Some information is about other people" in page
    assert "About the gang" not in page  # the DPO's note is for the file only
    event = AuditEvent.objects.get(action="case.subject_access_withheld")
    assert event.detail == {"item": key, "reason": "third_party"}
    assert event.actor_ref == str(world.dpo.pk)

    pdf = client.get(reverse("support:case_subject_access_pdf", kwargs={"case_id": world.case.pk}))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(
        action="case.exported", detail__what="export:subject_access_pdf"
    ).exists()

    # Put back: in the document again, and audited.
    include = reverse("support:case_subject_access_include", kwargs={"case_id": world.case.pk})
    client.post(include, {"item": key})
    assert THIRD_PARTY in client.get(document).content.decode()
    assert AuditEvent.objects.filter(action="case.subject_access_included").exists()


def test_only_passages_of_the_document_can_be_left_out(world: World) -> None:
    client = _dpo(world)
    withhold = reverse("support:case_subject_access_withhold", kwargs={"case_id": world.case.pk})
    assert client.get(f"{withhold}?item=entry:not-a-passage").status_code == 404


def test_another_organisations_dpo_gets_404(world: World) -> None:
    client = Client()
    sign_in(client, world.other_org_dpo)
    for name in ("case_subject_access_review", "case_subject_access_document"):
        url = reverse(f"support:{name}", kwargs={"case_id": world.case.pk})
        assert client.get(url).status_code == 404


def test_released_leaves_out_only_what_was_marked(world: World) -> None:
    risk, share = _case(world)
    services.subject_access_withhold(
        actor=world.dpo, case=world.case, item=f"share:{share.pk}", reason="other"
    )
    full = selectors.subject_access_review(world.case)
    out = selectors.released(full)
    keys = set(selectors.item_keys(out))
    assert f"share:{share.pk}" not in keys and f"entry:{risk.pk}" in keys
    assert out.withheld_notes == [
        "Some other information has been left out for a reason our data protection officer "
        "has recorded."
    ]


def test_anonymising_the_case_deletes_the_marks(world: World) -> None:
    from lantern.support.models import SubjectAccessWithholding

    risk, _ = _case(world)
    services.subject_access_withhold(
        actor=world.dpo, case=world.case, item=f"entry:{risk.pk}", reason="third_party", note="X"
    )
    services.closure_request(actor=world.caseworker, case=world.case, reason="support_complete")
    services.closure_approve(actor=world.supervisor, case=world.case)
    services.case_anonymise(case=world.case)
    assert not SubjectAccessWithholding.objects.filter(case=world.case).exists()
