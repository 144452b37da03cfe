"""What learners and checkers read: results, errors, the final check, pathway and verify pages."""

from __future__ import annotations

import itertools
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lantern.accounts.models import OrganisationType
from lantern.core.roles import Role
from lantern.learning import services
from lantern.learning.models import AttemptKind, Enrolment
from tests.helpers import make_org, make_user, sign_in
from tests.learning.factories import check_done, course

QUIZ = "/learning/awareness/unit/what-it-is.check/"


@pytest.fixture
def nurse(db):
    org = make_org("Test NHS Trust", org_type=OrganisationType.HEALTH)
    user = make_user(Role.LEARNER, org=org, email="nurse@example.test")
    course()
    return user


@pytest.fixture
def learner(nurse, client: Client) -> Enrolment:
    sign_in(client, nurse)
    enrolment = services.enrolment_start(user=nurse, course=course())
    check_done(enrolment, AttemptKind.PRE)
    return enrolment


def _finish(enrolment: Enrolment) -> None:
    spec = services.course_spec(enrolment.course)
    for unit in spec.required_units(enrolment.pathway):
        services.demo_unit_complete(enrolment=enrolment, unit=unit)
    check_done(enrolment, AttemptKind.POST, right=1)


def _headings(page: str) -> list[int]:
    return [int(n) for n in re.findall(r"<h([1-6])", page.split("<main", 1)[1])]


def test_results_name_the_correct_answer_and_headings_do_not_skip(learner, client) -> None:
    spec = services.course_spec(course())
    consent, border = spec.bank["def-consent"], spec.bank["def-border"]
    documents = spec.bank["control-documents"]
    wrong = [o.id for o in consent.options if not o.correct][:1]
    one_right = [next(o.id for o in documents.options if o.correct)]
    client.post(
        QUIZ,
        {
            "q_def-consent": wrong,
            "q_def-border": list(border.correct_ids),
            "q_control-documents": one_right,
        },
    )
    page = client.get(QUIZ).content.decode()
    cards = page.split('class="govuk-summary-card"')[1:]
    assert "<strong>Correct answer:</strong>" in cards[0] and "Also right" not in cards[0]
    assert "Correct answer" not in cards[1] and "Also right" not in cards[1]
    assert cards[2].count("<strong>Also right:</strong>") == len(documents.correct_ids) - 1
    levels = _headings(page)
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels


def test_each_missing_confidence_rating_has_its_own_error(nurse, client) -> None:
    sign_in(client, nurse)
    services.enrolment_start(user=nurse, course=course())
    # a browser always sends the CSRF token: an empty POST would leave the form unbound
    response = client.post("/learning/awareness/check/pre/", {"csrfmiddlewaretoken": "x"})
    page = response.content.decode()
    for wanted in ("could spot the signs", "would know what to do", "could refer someone"):
        assert f"Choose how confident you are that you {wanted}, from 1 to 5" in page
    assert "Choose how confident you feel" not in page


def test_the_final_check_result_shows_the_certificate_first(learner, client) -> None:
    _finish(learner)
    page = client.get("/learning/awareness/check/post/").content.decode()
    assert "You have earned a certificate" in page
    assert page.index('data-testid="certificate-code"') < page.index("govuk-summary-card")
    assert page.index("<h1") < page.index('data-testid="certificate-code"')


def test_a_finished_learner_is_told_the_pathway_cannot_change(learner, client) -> None:
    _finish(learner)
    page = client.get("/learning/awareness/pathway/").content.decode()
    assert 'data-testid="pathway-finished"' in page and "Health pathway" in page
    assert "<form" not in page.split("<main", 1)[1] and "until you finish" not in page
    client.post("/learning/awareness/pathway/", {"pathway": "regulatory"})
    assert Enrolment.objects.get(pk=learner.pk).pathway == "health"


def test_continue_after_a_pathway_switch_starts_the_new_pathways_first_unfinished_unit(
    learner, client
) -> None:
    spec = services.course_spec(course())
    units = spec.required_units("health")
    later = units[3]
    client.get(f"/learning/awareness/unit/{later.id}/")  # opened, not finished
    client.post("/learning/awareness/pathway/", {"pathway": "regulatory"})
    page = client.get("/learning/awareness/").content.decode()
    first = spec.required_units("regulatory")[0]
    assert f'href="/learning/awareness/unit/{first.id}/">Continue where you left off' in page


def test_the_review_date_is_written_out(learner, client) -> None:
    page = client.get("/learning/awareness/").content.decode()
    assert re.search(r"Content reviewed \d{1,2} [A-Z][a-z]+ \d{4}\.", page)
    assert not re.search(r"Content reviewed \d{4}-", page)


@pytest.mark.django_db
def test_a_certificate_code_is_twelve_letters_or_digits() -> None:
    anonymous = Client()
    for wrong in ("SCRIPTALERT1SC", "ABCD-EFGH-JKM<", "ABCD-EFGH-JK", "ÀBCD-EFGH-JKMN"):
        response = anonymous.get("/verify/", {"code": wrong})
        assert response.status_code == 200, wrong
        assert "Enter the 12-character code printed on the certificate" in (
            response.content.decode()
        )
    response = anonymous.get("/verify/", {"code": "abcd efgh-jkmn"})
    assert response["Location"] == "/verify/ABCD-EFGH-JKMN/"
    page = anonymous.get("/verify/ABCD-EFGH-JKMN/").content.decode()
    assert 'href="/verify/">Check another certificate' in page


@pytest.mark.django_db
def test_badge_upload_errors_read_as_govuk_errors() -> None:
    anonymous = Client()
    page = anonymous.post(
        "/verify/badge/", {"badge": SimpleUploadedFile("notes.txt", b"hello")}
    ).content.decode()
    assert "The selected file must be an SVG, JWT or JWS file" in page
    page = anonymous.post(
        "/verify/badge/", {"badge": SimpleUploadedFile("badge.svg", b"")}
    ).content.decode()
    assert "The selected file is empty" in page and "The submitted file is empty." not in page
