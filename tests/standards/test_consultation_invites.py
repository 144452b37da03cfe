"""Members of organisations invited to a consultation are told, and find their way in."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from lantern.core.roles import Role
from lantern.standards import services
from tests.helpers import make_org, make_user, sign_in
from tests.standards import samples

pytestmark = pytest.mark.django_db


def _open(orgs: list[Any]) -> Any:
    version = samples.draft()
    today = timezone.localdate()
    return services.consultation_open(
        actor=None,
        version=version,
        opens_on=today,
        closes_on=today + timedelta(days=30),
        organisations=orgs,
    )


def test_opening_emails_each_member_of_invited_organisations_once(
    django_capture_on_commit_callbacks: Any, caplog: pytest.LogCaptureFixture
) -> None:
    invited = make_org("Invited Council")
    also_invited = make_org("Invited Charity")
    other = make_org("Not Invited Trust")
    member = make_user(Role.LEARNER, org=invited, email="member@example.test")
    make_user(Role.FACILITATOR, org=also_invited, email="second@example.test")
    # In both invited organisations: one email, not two.
    both = make_user(Role.LEARNER, org=invited, email="both@example.test")
    from lantern.accounts import services as accounts

    accounts.membership_grant(actor=None, user=both, organisation=also_invited, role=Role.LEARNER)
    make_user(Role.LEARNER, org=other, email="outsider@example.test")
    mail.outbox.clear()

    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        consultation = _open([invited, also_invited])

    to = sorted(address for m in mail.outbox for address in m.to)
    assert to == ["both@example.test", "member@example.test", "second@example.test"]
    message = next(m for m in mail.outbox if m.to == [member.email])
    version = consultation.version
    assert f"/standards/SFJBMS05/v{version.number}/consultation/" in message.body
    assert consultation.closes_on.strftime("%-d %B %Y") in message.body
    assert "SFJBMS05" in message.subject
    assert "<" not in message.body  # plain text, nothing HTML-escaped
    assert not any("member@example.test" in r.getMessage() for r in caplog.records)


def test_nothing_is_sent_before_the_consultation_is_committed(
    django_capture_on_commit_callbacks: Any,
) -> None:
    org = make_org("Invited Council")
    make_user(Role.LEARNER, org=org, email="member@example.test")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _open([org])
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_signed_in_member_sees_open_consultations_on_the_standards_page(
    client: Client,
) -> None:
    org = make_org("Invited Council")
    member = make_user(Role.LEARNER, org=org, email="member@example.test")
    consultation = _open([org])
    url = f"/standards/SFJBMS05/v{consultation.version.number}/consultation/"

    assert url not in client.get("/standards/").content.decode()  # anonymous: no list

    sign_in(client, member)
    page = client.get("/standards/").content.decode()
    assert "Open consultations you can comment on" in page
    assert f'href="{url}"' in page

    services.consultation_close(actor=None, consultation=consultation)
    assert url not in client.get("/standards/").content.decode()


def test_members_of_other_organisations_see_no_consultation_list(client: Client) -> None:
    _open([make_org("Invited Council")])
    outsider = make_user(Role.LEARNER, org=make_org("Elsewhere"), email="out@example.test")
    sign_in(client, outsider)
    assert "Open consultations you can comment on" not in client.get("/standards/").content.decode()


# --- Comments keep the wording they were made on (editing continues during consultation) ---


def test_a_comment_records_the_item_text_and_its_author_sees_earlier_wording(
    client: Client,
) -> None:
    org = make_org("Invited Council")
    member = make_user(Role.LEARNER, org=org, email="member@example.test")
    consultation = _open([org])
    version = consultation.version
    item = version.items.get(kind="pc", number="14")
    original = item.text
    sign_in(client, member)
    url = f"/standards/SFJBMS05/v{version.number}/consultation/"
    response = client.post(url, {"on": "PC14", "body": "Say who agrees the plan."})
    assert response.status_code == 302
    comment = consultation.comments.get()
    assert comment.item_text == original

    page = client.get(url).content.decode()
    assert "Commented on earlier wording" not in page  # unchanged so far

    # The author amends PC14 in response (the draft stays editable during consultation).
    services.item_update(actor=None, item=item, text="Agree the plan with the person.")
    comment.refresh_from_db()
    assert comment.item_text == original
    page = client.get(url).content.decode()
    assert "Commented on earlier wording" in page
    assert original.split()[0] in page.split("Commented on earlier wording", 1)[1]
