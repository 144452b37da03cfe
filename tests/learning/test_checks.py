"""The knowledge checks: "I do not know yet" on the checks that measure (before, final,
refreshers), and questions chosen to fit the learner's pathway, without reuse."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from lantern.accounts.models import OrganisationType, User
from lantern.core.roles import Role
from lantern.learning import rules, selectors, services
from lantern.learning.models import Answer, Attempt, AttemptKind, Enrolment, Refresher, Statement
from lantern.learning.services import LearningError
from lantern.learning.spec import CourseSpec
from tests.helpers import make_org, make_user, sign_in
from tests.learning.factories import check_done, course
from tests.learning.test_xapi import problems as xapi_problems

pytestmark = pytest.mark.django_db

PRE = "/learning/awareness/check/pre/"
CONF = {"identify": "2", "respond": "2", "refer": "2"}
DONT_KNOW_RADIO = re.compile(
    r'<div class="govuk-radios__divider">or</div>\s*<div class="govuk-radios__item">\s*'
    r'<input type="radio" name="q_[^"]+" value="dont-know"'
)
DONT_KNOW_CHECKBOX = re.compile(
    r'<div class="govuk-checkboxes__divider">or</div>\s*<div class="govuk-checkboxes__item">\s*'
    r'<input type="checkbox" name="q_[^"]+" value="dont-know"[^>]*data-behaviour="exclusive"'
)


def _spec() -> CourseSpec:
    return services.course_spec(course())


def _learner(pathway: str, n: int = 0) -> Enrolment:
    org = make_org(f"Org {pathway} {n}", org_type=OrganisationType.OTHER)
    user = make_user(Role.LEARNER, org=org, email=f"{pathway}-{n}@example.test")
    return services.enrolment_start(user=user, course=course(), pathway=pathway)


def _take_every_unit(enrolment: Enrolment, spec: CourseSpec) -> None:
    """Every unit of the pathway, the modules' checks answered (so they are 'seen')."""
    for unit in spec.required_units(enrolment.pathway):
        if unit.kind == "questions":
            answers = {i: list(spec.bank[i].correct_ids) for i in unit.items}
            services.quiz_submit(enrolment=enrolment, unit=unit, answers=answers)
        else:
            services.demo_unit_complete(enrolment=enrolment, unit=unit)


def _with_items(enrolment: Enrolment, kind: str, items: list[str]) -> None:
    """Fix the check's questions (check_start keeps an attempt once it is made)."""
    Attempt.objects.create(enrolment=enrolment, kind=kind, items=items)


# --- Questions that fit the pathway, never reused --------------------------------------------


def test_every_pathway_has_enough_questions_for_both_checks_beyond_its_modules() -> None:
    """The bank is big enough that neither check ever has to take a module's question."""
    spec = _spec()
    for pathway in spec.pathway_ids():
        fresh = {i for i, _ in spec.bank_pairs(pathway)} - spec.module_check_items(pathway)
        assert len(fresh) >= 2 * spec.check_items, (pathway, len(fresh))


@pytest.mark.parametrize(
    "pathway", ["police", "health", "la_social_care", "regulatory", "voluntary", "general"]
)
def test_each_pathway_fills_its_checks_with_its_own_questions_and_no_reuse(pathway: str) -> None:
    spec = _spec()
    assert pathway in spec.pathway_ids()
    others_only = {q.id for q in spec.bank.values() if not q.suits(pathway)}
    assert others_only, "every pathway has questions it should not meet"
    for n in range(3):  # three learners: three different draws
        enrolment = _learner(pathway, n)
        check_done(enrolment, AttemptKind.PRE)
        _take_every_unit(enrolment, spec)
        check_done(enrolment, AttemptKind.POST)
        pre, post = (
            Attempt.objects.get(enrolment=enrolment, kind=kind).items
            for kind in (AttemptKind.PRE, AttemptKind.POST)
        )
        module = {
            i
            for items in Attempt.objects.filter(
                enrolment=enrolment, kind=AttemptKind.QUIZ
            ).values_list("items", flat=True)
            for i in items
        }
        assert module == spec.module_check_items(pathway)
        assert len(pre) == len(post) == spec.check_items
        assert not set(pre) & set(post), "pre and post use different items"
        assert not (set(pre) | set(post)) & module, "no module question is asked again"
        assert not (set(pre) | set(post)) & others_only, "only questions that fit the pathway"
        enrolment.refresh_from_db()
        refresher = Refresher.objects.filter(enrolment=enrolment).order_by("months").first()
        assert refresher is not None
        Refresher.objects.filter(pk=refresher.pk).update(due_on=timezone.localdate())
        refresher.refresh_from_db()
        items = services.refresher_start(refresher=refresher).items
        assert len(items) == spec.refresher_items and not set(items) & others_only


def test_no_health_learner_is_asked_a_council_or_inspection_question() -> None:
    spec = _spec()
    council = {q.id for q in spec.bank.values() if q.pathways and not {"health"} & set(q.pathways)}
    assert {"signs-code-violation", "consent-adult-declines", "council-duties"} <= council
    # every draw a health learner could get, before and after, over many learners
    bank = spec.bank_pairs("health")
    module = spec.module_check_items("health")
    for n in range(300):
        pre = rules.choose_items(bank=bank, count=spec.check_items, seed=f"{n}:pre", seen=module)
        post = rules.choose_items(
            bank=bank, count=spec.check_items, seed=f"{n}:post", exclude=pre, seen=module
        )
        assert not (set(pre) | set(post)) & council


def test_a_module_check_asks_only_questions_for_every_pathway_that_takes_it() -> None:
    spec = _spec()
    for pathway in spec.pathway_ids():
        for item in spec.module_check_items(pathway):
            assert spec.bank[item].suits(pathway), (pathway, item)


def test_a_learner_who_changes_pathway_gets_a_final_check_for_the_new_one() -> None:
    spec = _spec()
    enrolment = _learner("regulatory")
    check_done(enrolment, AttemptKind.PRE)
    services.enrolment_pathway_change(enrolment=enrolment, pathway="health")
    _take_every_unit(enrolment, spec)
    check_done(enrolment, AttemptKind.POST)
    pre = set(Attempt.objects.get(enrolment=enrolment, kind=AttemptKind.PRE).items)
    post = Attempt.objects.get(enrolment=enrolment, kind=AttemptKind.POST).items
    assert all(spec.bank[i].suits("health") for i in post)
    assert not pre & set(post)


# --- "I do not know yet" ---------------------------------------------------------------------


@pytest.fixture
def nurse(db) -> User:
    org = make_org("Test NHS Trust", org_type=OrganisationType.HEALTH)
    user = make_user(Role.LEARNER, org=org, email="nurse@example.test")
    course()
    return user


def test_the_check_before_the_course_offers_i_do_not_know_yet_after_an_or(nurse, client) -> None:
    sign_in(client, nurse)
    enrolment = services.enrolment_start(user=nurse, course=course())
    _with_items(enrolment, AttemptKind.PRE, ["def-border", "signs-labour", "def-consent"])
    page = client.get(PRE).content.decode()
    assert "It is fine not to know yet" in page and "instead of guessing" in page
    assert len(DONT_KNOW_RADIO.findall(page)) == 2  # the two single-choice questions
    assert len(DONT_KNOW_CHECKBOX.findall(page)) == 1  # exclusive in the select-all one
    assert page.count("I do not know yet</label>") == 3


def test_module_checks_do_not_offer_it_and_refuse_it(nurse, client) -> None:
    sign_in(client, nurse)
    enrolment = services.enrolment_start(user=nurse, course=course())
    check_done(enrolment, AttemptKind.PRE)
    page = client.get("/learning/awareness/unit/what-it-is.check/").content.decode()
    assert "I do not know yet" not in page and "__divider" not in page
    unit = _spec().units["what-it-is.check"]
    with pytest.raises(LearningError, match="Answer every question"):
        services.quiz_submit(
            enrolment=enrolment, unit=unit, answers={i: [rules.DONT_KNOW] for i in unit.items}
        )


def test_i_do_not_know_yet_is_marked_wrong_stored_and_sent_honestly(nurse, client) -> None:
    sign_in(client, nurse)
    enrolment = services.enrolment_start(user=nurse, course=course())
    items = ["def-border", "signs-labour", "def-consent"]
    _with_items(enrolment, AttemptKind.PRE, items)
    spec = _spec()
    data = {f"q_{i}": [rules.DONT_KNOW] for i in items[:2]}
    data["q_def-consent"] = list(spec.bank["def-consent"].correct_ids)
    response = client.post(PRE, data | CONF)
    assert response.status_code == 302
    attempt = Attempt.objects.get(enrolment=enrolment, kind=AttemptKind.PRE)
    assert (attempt.score, attempt.max_score) == (1, 3)
    answers = {a.item: a for a in Answer.objects.filter(attempt=attempt)}
    assert answers["def-border"].selected == ["dont-know"] and not answers["def-border"].correct
    assert answers["signs-labour"].selected == ["dont-know"]
    assert answers["def-consent"].correct

    answered = {
        s.object_id.rsplit("/", 1)[1]: s.payload for s in Statement.objects.filter(verb="answered")
    }
    for item in items[:2]:
        assert answered[item]["result"] == {"success": False, "response": "dont-know"}
        assert xapi_problems(answered[item]) == []
    assert answered["def-consent"]["result"]["success"] is True

    # The results say what they chose, and show the right answer with its feedback.
    page = client.get(PRE).content.decode()
    cards = page.split('class="govuk-summary-card"')[1:]
    assert (
        "Not known yet" in cards[0]
        and "<strong>Your answer:</strong> I do not know yet" in cards[0]
    )
    assert "<strong>Correct answer:</strong>" in cards[0]
    assert cards[1].count("<strong>Correct answer:</strong>") == len(
        spec.bank["signs-labour"].correct_ids
    )
    assert "Right</strong>" in cards[2]


def test_ticking_it_with_an_answer_is_refused_with_a_govuk_message(nurse, client) -> None:
    sign_in(client, nurse)
    enrolment = services.enrolment_start(user=nurse, course=course())
    items = ["def-border", "signs-labour"]
    _with_items(enrolment, AttemptKind.PRE, items)
    response = client.post(
        PRE, {"q_def-border": "b", "q_signs-labour": ["a", rules.DONT_KNOW]} | CONF
    )
    assert response.status_code == 200
    page = response.content.decode()
    message = "Answer question 2: select all that apply, or select &#x27;I do not know yet&#x27;"
    assert page.count(message) == 2  # in the error summary and beside the question
    assert 'href="#id_q_signs-labour_0"' in page
    assert not Answer.objects.exists()
    assert Attempt.objects.get(enrolment=enrolment, kind=AttemptKind.PRE).submitted_at is None
    # the service refuses it too, whatever sends it
    with pytest.raises(LearningError, match="not both"):
        services.check_submit(
            enrolment=enrolment,
            kind=AttemptKind.PRE,
            answers={"def-border": ["b"], "signs-labour": ["a", rules.DONT_KNOW]},
            identify=2,
            respond=2,
            refer=2,
        )
    assert not Answer.objects.exists()


def test_the_final_check_and_a_refresher_offer_it_too(nurse, client) -> None:
    sign_in(client, nurse)
    enrolment = services.enrolment_start(user=nurse, course=course())
    check_done(enrolment, AttemptKind.PRE)
    for unit in _spec().required_units(enrolment.pathway):
        services.demo_unit_complete(enrolment=enrolment, unit=unit)
    page = client.get("/learning/awareness/check/post/").content.decode()
    assert "I do not know yet</label>" in page and "as at the start" in page
    check_done(enrolment, AttemptKind.POST, right=0, dont_know=True)
    post = Attempt.objects.get(enrolment=enrolment, kind=AttemptKind.POST)
    assert post.score == 0
    assert set(Answer.objects.filter(attempt=post).values_list("correct", flat=True)) == {False}

    refresher = Refresher.objects.filter(enrolment=enrolment).order_by("months").first()
    assert refresher is not None
    Refresher.objects.filter(pk=refresher.pk).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    page = client.get(f"/learning/refreshers/{refresher.pk}/").content.decode()
    assert "I do not know yet</label>" in page
    attempt = services.refresher_start(refresher=refresher)
    done = services.refresher_submit(
        refresher=refresher, answers={i: [rules.DONT_KNOW] for i in attempt.items}
    )
    assert done.score == 0 and done.max_score == len(attempt.items)


def test_the_report_counts_it_as_not_correct() -> None:
    org = make_org("Test Council", org_type=OrganisationType.LOCAL_AUTHORITY)
    admin = make_user(Role.ORG_ADMIN, org=org, email="admin@example.test")
    spec = _spec()
    for n in range(5):
        user = make_user(Role.LEARNER, org=org, email=f"officer{n}@example.test")
        enrolment = services.enrolment_start(user=user, course=course())
        # two right, three "I do not know yet", before; four right, one not known, after
        check_done(enrolment, AttemptKind.PRE, right=2, dont_know=True)
        for unit in spec.required_units(enrolment.pathway):
            services.demo_unit_complete(enrolment=enrolment, unit=unit)
        check_done(enrolment, AttemptKind.POST, right=4, dont_know=True)
    chosen = Answer.objects.values_list("selected", flat=True)
    assert sum(1 for selected in chosen if selected == [rules.DONT_KNOW]) == 5 * (3 + 1)
    (row,) = selectors.cohort_report(user=admin, group_by="organisation")
    assert row["knowledge_before"] == 40.0
    assert row["knowledge_after"] == 80.0
    assert row["knowledge_gain"] == 40.0
    for enrolment in Enrolment.objects.all():
        gain = selectors.learner_gain(enrolment=enrolment)
        assert (gain.knowledge.before, gain.knowledge.after) == (40, 80)
