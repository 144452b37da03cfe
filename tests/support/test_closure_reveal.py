"""The closure form's "Other" option reveals the box for the caseworker's words (GOV.UK radios
with conditional reveal). Without JavaScript the box always shows, so what is typed in it for
another reason is ignored, never an error, and never kept."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from lantern.support.forms import ClosureForm
from lantern.support.models import Case
from tests.helpers import sign_in
from tests.support.conftest import World


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def test_other_reveals_the_box_for_the_reason() -> None:
    html = str(ClosureForm())
    other = html.index('value="other"')
    radio = html[html.rindex("<input", 0, other) : html.index(">", other)]
    assert 'data-aria-controls="conditional-id_reason_' in radio
    block = html.index('class="govuk-radios__conditional govuk-radios__conditional--hidden"')
    assert other < block < html.index('name="other_reason"')
    assert html.count('name="other_reason"') == 1
    assert "If you chose Other" not in html


def test_words_typed_for_another_reason_are_ignored() -> None:
    form = ClosureForm(data={"reason": "moved_away", "other_reason": "x" * 1001})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["other_reason"] == ""
    form = ClosureForm(data={"reason": "other", "other_reason": "x" * 1001})
    assert form.errors["other_reason"][0] == (
        "Why the case is closing must be 1000 characters or fewer"
    )


def test_asking_to_close_for_another_reason_keeps_no_words(world: World) -> None:
    caseworker = _client(world.caseworker)
    url = reverse("support:case_close", kwargs={"case_id": world.case.pk})
    response = caseworker.post(url, {"reason": "moved_away", "other_reason": "Left over"})
    assert response.status_code == 302
    case = Case.objects.get(pk=world.case.pk)
    assert case.closure_reason == "moved_away" and case.closure_other_reason == ""
