"""Inviting a trainee to a cohort (audit finding 1: account lookup by a programme lead).

A programme lead signs in without a second factor, so the cohort page must not tell them who
has a Lantern account. The lead sends an invitation; the same thing happens whatever the
address; the person joins when they accept it, signed in as themselves."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client

from lantern.core.roles import Role
from lantern.facilitation.invitations import invitation_token
from lantern.facilitation.models import Cohort, Facilitator
from tests.facilitation.factories import make_cohort, make_programme
from tests.helpers import make_org, make_user, signed_in

pytestmark = pytest.mark.django_db


def _invite(lead: Client, cohort: Cohort, email: str) -> list[str]:
    """What the lead sees after inviting ``email``."""
    response = lead.post(f"/facilitation/cohorts/{cohort.pk}/", {"email": email})
    assert response.status_code == 302
    shown = lead.get(f"/facilitation/cohorts/{cohort.pk}/")
    return [str(m).replace(email, "X") for m in get_messages(shown.wsgi_request)]


def _link(body: object) -> str:
    found = re.search(r"https?://[^/\s]+(/facilitation/cohorts/join/[^\s]+/)", str(body))
    assert found, body
    return found.group(1)


def _setup() -> tuple[Cohort, Client]:
    programme = make_programme()
    cohort = make_cohort(programme)
    lead = programme.leads.get()
    mail.outbox.clear()
    return cohort, signed_in(lead)


def test_the_lead_is_told_the_same_whether_or_not_the_address_has_an_account() -> None:
    cohort, lead = _setup()
    nurse = make_user(Role.LEARNER, org=make_org("NHS Trust"), email="nurse@nhs.test")
    page = lead.get(f"/facilitation/cohorts/{cohort.pk}/").content.decode()
    assert "Invite a trainee" in page and "no Lantern account" not in page

    known = _invite(lead, cohort, "nurse@nhs.test")
    unknown = _invite(lead, cohort, "nobody@nowhere.test")

    assert known == unknown and len(known) == 1
    # Nobody joins until they accept: the list shows nothing new either way.
    assert not Facilitator.objects.filter(cohort=cohort).exists()
    to_nurse, to_nobody = mail.outbox
    assert to_nurse.to == [nurse.email] and to_nobody.to == ["nobody@nowhere.test"]
    assert to_nurse.subject == to_nobody.subject
    assert _link(to_nurse.body) != _link(to_nobody.body)
    assert to_nurse.body.replace(_link(to_nurse.body), "") == to_nobody.body.replace(
        _link(to_nobody.body), ""
    )
    assert "nurse" not in _link(to_nurse.body)  # no address in the URL


def test_the_invited_person_joins_when_they_accept() -> None:
    cohort, lead = _setup()
    nurse = make_user(Role.LEARNER, org=make_org("NHS Trust"), email="nurse@nhs.test")
    _invite(lead, cohort, "Nurse@NHS.test")
    link = _link(mail.outbox[0].body)
    person = signed_in(nurse)
    asked = person.get(link)
    assert asked.status_code == 200 and f"Join {cohort.name}" in asked.content.decode()
    assert not Facilitator.objects.filter(user=nurse).exists()  # a GET changes nothing
    joined = person.post(link)
    assert joined.status_code == 302
    trainee = Facilitator.objects.get(user=nurse, cohort=cohort)
    assert trainee.organisation.name == "NHS Trust"
    again = person.post(link)
    assert "already in this programme" in again.content.decode()


def test_only_the_person_invited_can_accept() -> None:
    cohort, lead = _setup()
    _invite(lead, cohort, "nurse@nhs.test")
    link = _link(mail.outbox[0].body)
    someone_else = make_user(Role.LEARNER, email="other@nhs.test")
    response = signed_in(someone_else).post(link)
    assert response.status_code == 403
    assert "sent to another email address" in response.content.decode()
    assert not Facilitator.objects.filter(cohort=cohort).exists()


def test_a_link_not_ours_or_for_a_cohort_gone_is_refused() -> None:
    cohort, _lead = _setup()
    person = signed_in(make_user(Role.LEARNER, email="nurse@nhs.test"))
    assert person.get("/facilitation/cohorts/join/not-a-token/").status_code == 404
    token = invitation_token(cohort_id=cohort.pk, email="nurse@nhs.test")
    cohort.delete()
    assert person.get(f"/facilitation/cohorts/join/{token}/").status_code == 404


def test_the_invitation_form_validates_in_govuk_words() -> None:
    cohort, lead = _setup()
    html = lead.post(f"/facilitation/cohorts/{cohort.pk}/", {"email": "nope"}).content.decode()
    assert "Enter an email address in the correct format" in html
    assert mail.outbox == []
