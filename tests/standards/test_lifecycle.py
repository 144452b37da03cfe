"""Drafting, consultation, responses, approval and the diff: services, rules and views."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from lantern.standards import rules, selectors, services
from lantern.standards.diff import compare_versions, word_diff
from lantern.standards.models import CommentChannel, Standard, StandardVersion
from tests.helpers import make_org, make_user, sign_in
from tests.standards import samples

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("status", "action", "result"),
    [
        ("draft", "open_consultation", "consultation"),
        ("consultation", "approve", "approved"),
        ("approved", "withdraw", "withdrawn"),
        ("draft", "approve", None),
        ("approved", "open_consultation", None),
    ],
)
def test_lifecycle_transitions(status: str, action: str, result: str | None) -> None:
    if result is None:
        with pytest.raises(rules.LifecycleError):
            rules.next_status(status, action)
    else:
        assert rules.next_status(status, action) == result


@pytest.mark.parametrize(
    ("status", "closed", "unanswered", "expected"),
    [
        ("consultation", True, 0, []),
        ("draft", True, 0, ["A version must go out to consultation before it can be approved"]),
        ("consultation", False, 0, ["Close the consultation before you approve the version"]),
        (
            "consultation",
            True,
            2,
            ["Respond to every comment first: 2 comments have no response"],
        ),
    ],
)
def test_approval_blockers(status: str, closed: bool, unanswered: int, expected: list[str]) -> None:
    assert (
        rules.approval_blockers(
            status=status, consultation_closed=closed, unanswered_comments=unanswered
        )
        == expected
    )


def test_consultation_dates() -> None:
    assert rules.check_consultation_dates(TODAY, TODAY, TODAY) == []
    assert rules.check_consultation_dates(TODAY - timedelta(days=1), TODAY, TODAY) == [
        "The consultation cannot open in the past"
    ]
    assert rules.check_consultation_dates(TODAY, TODAY - timedelta(days=1), TODAY) == [
        "The closing date must be the same as or after the opening date"
    ]


def test_word_diff_marks_only_the_changed_words() -> None:
    segments = word_diff("prepare and agree plans", "prepare, agree and review plans")
    removed = "".join(s.text for s in segments if s.op == "removed")
    added = "".join(s.text for s in segments if s.op == "added")
    assert "prepare" not in removed and "plans" not in added
    assert "review" in added


def test_the_whole_loop_through_services(standard: Standard) -> None:
    author = make_user(Role.STANDARDS_AUTHOR)
    draft = services.version_draft_create(actor=author, standard=standard)
    assert (draft.number, draft.status, draft.is_current) == (2, "draft", False)
    assert draft.items.count() == 49 and draft.glossary.count() == 1
    with pytest.raises(rules.LifecycleError, match="already has a version being drafted"):
        services.version_draft_create(actor=author, standard=standard)
    org = make_org("Invited Council")
    today = timezone.localdate()
    consultation = services.consultation_open(
        actor=author,
        version=draft,
        opens_on=today,
        closes_on=today + timedelta(days=28),
        organisations=[org],
    )
    pc14 = draft.items.get(kind="pc", number="14")
    comment = services.comment_add(
        consultation=consultation,
        item=pc14,
        body="Say that the plan is reviewed with the person.",
        channel=CommentChannel.ORGANISATION,
        organisation=org,
    )
    with pytest.raises(rules.LifecycleError, match="Close the consultation"):
        services.version_approve(
            actor=author, version=draft, indicative_review_on=today + timedelta(days=1500)
        )
    services.consultation_close(actor=author, consultation=consultation)
    with pytest.raises(rules.LifecycleError, match="1 comment has no response"):
        services.version_approve(
            actor=author, version=draft, indicative_review_on=today + timedelta(days=1500)
        )
    with pytest.raises(ValidationError):
        services.comment_respond(actor=author, comment=comment, decision="accepted", reason=" ")
    services.comment_respond(
        actor=author, comment=comment, decision="accepted", reason="Added review to PC14."
    )
    services.item_update(
        actor=author, item=pc14, text=pc14.text + ", and review them with the person"
    )
    services.version_approve(
        actor=author, version=draft, indicative_review_on=today + timedelta(days=1500)
    )
    v1, v2 = standard.versions.order_by("number")
    assert (v1.status, v1.is_current, v1.superseded_at is not None) == ("approved", False, True)
    assert (v2.status, v2.is_current, v2.approved_on) == ("approved", True, today)
    assert "SFJBMS05.PC14" in selectors.known_refs()
    diff = compare_versions(selectors.version_snapshot(v1), selectors.version_snapshot(v2))
    assert diff.changed_codes == ("PC14",)
    with pytest.raises(rules.LifecycleError):
        services.item_update(actor=author, item=pc14, text="too late")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "standards.version_drafted",
        "standards.consultation_opened",
        "standards.comment_added",
        "standards.consultation_closed",
        "standards.comment_responded",
        "standards.item_edited",
        "standards.version_approved",
    } <= actions
    # Nothing a consultee wrote reaches the audit log.
    assert not AuditEvent.objects.filter(detail__icontains="reviewed with the person").exists()


def test_the_database_refuses_two_current_versions(standard: Standard) -> None:
    draft = services.version_draft_create(actor=None, standard=standard)
    with pytest.raises(IntegrityError), transaction.atomic():
        StandardVersion.objects.filter(pk=draft.pk).update(status="approved", is_current=True)


def test_comments_are_refused_when_the_consultation_is_closed(standard: Standard) -> None:
    consultation = samples.consultation()
    services.consultation_close(actor=None, consultation=consultation)
    with pytest.raises(rules.LifecycleError, match="closed"):
        services.comment_add(consultation=consultation, body="Late", channel="link")


def test_consultees_outside_invited_organisations_cannot_see_the_draft(
    client: Client, standard: Standard
) -> None:
    invited = make_org("Invited Council")
    samples.consultation(invited)
    outsider = make_user(Role.LEARNER, org=make_org("Other Council"), email="out@example.test")
    sign_in(client, outsider)
    assert client.get("/standards/SFJBMS05/v2/consultation/").status_code == 404
    insider = make_user(Role.LEARNER, org=invited, email="in@example.test")
    other = Client()
    sign_in(other, insider)
    response = other.get("/standards/SFJBMS05/v2/consultation/")
    assert response.status_code == 200
    response = other.post(
        "/standards/SFJBMS05/v2/consultation/", {"on": "PC14", "body": "Name who agrees it."}
    )
    assert response.status_code == 302
    comment = samples.consultation().comments.get()
    assert comment.item is not None and comment.item.code == "PC14"
    assert comment.organisation == invited and comment.author == insider


def test_anyone_with_the_link_can_comment(client: Client, standard: Standard) -> None:
    consultation = samples.consultation()
    url = f"/standards/consult/{consultation.link_token}/"
    response = client.post(url, {"on": "", "body": ""})
    page = response.content.decode()
    assert "Choose what you are commenting on" in page and "Enter your comment" in page
    response = client.post(
        url, {"on": "standard", "body": "Add a glossary entry for first responder."}
    )
    assert response.status_code == 302
    assert consultation.comments.get().item is None
    assert client.get("/standards/consult/not-a-token/").status_code == 404


def test_author_views_drive_the_loop(client: Client, standard: Standard) -> None:
    author = make_user(Role.STANDARDS_AUTHOR)
    sign_in(client, author)
    assert client.post("/standards/SFJBMS05/new-version/").status_code == 302
    response = client.post(
        "/standards/SFJBMS05/v2/items/PC14/", {"text": "prepare, agree and review plans"}
    )
    assert response.status_code == 302
    today = timezone.localdate()
    response = client.post(
        "/standards/SFJBMS05/v2/consultation/open/",
        {"opens_on": today.isoformat(), "closes_on": (today - timedelta(days=1)).isoformat()},
    )
    assert "The closing date must be the same as or after" in response.content.decode()
    response = client.post(
        "/standards/SFJBMS05/v2/consultation/open/",
        {"opens_on": today.isoformat(), "closes_on": (today + timedelta(days=9)).isoformat()},
    )
    assert response.status_code == 302
    assert client.post("/standards/SFJBMS05/v2/consultation/close/").status_code == 302
    response = client.post(
        "/standards/SFJBMS05/v2/approve/",
        {"indicative_review_on": (today + timedelta(days=1800)).isoformat()},
    )
    assert response.status_code == 302
    page = client.get("/standards/SFJBMS05/compare/?from=1&to=2").content.decode()
    assert 'data-change="PC14"' in page and "<ins>" in page
    page = client.get("/standards/SFJBMS05/").content.decode()
    assert 'Version 2 <strong class="govuk-tag govuk-tag--green">Current version' in page
    page = client.get("/standards/SFJBMS05/v1/").content.decode()
    assert "This is not the current version of SFJBMS05" in page
