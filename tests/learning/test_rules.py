from __future__ import annotations

from datetime import date

import pytest

from lantern.learning import rules

PATHWAYS = ["police", "health", "la_social_care", "regulatory", "voluntary", "general"]


@pytest.mark.parametrize(
    ("org_type", "job", "expected"),
    [
        ("police", "", "police"),
        ("nca", "", "police"),
        ("health", "Nurse", "health"),
        ("hsc_trust", "", "health"),
        ("local_authority", "Social worker", "la_social_care"),
        ("local_authority", "Environmental health officer", "regulatory"),
        ("local_authority", "Licensing officer", "regulatory"),
        ("local_authority", "Private sector housing officer", "regulatory"),
        ("glaa", "", "regulatory"),
        ("ngo", "", "voluntary"),
        ("ngo_first_responder", "", "voluntary"),
        ("business", "", "general"),
        ("education", "", "general"),
        (None, "", "general"),
    ],
)
def test_pathway_for(org_type: str | None, job: str, expected: str) -> None:
    assert rules.pathway_for(org_type=org_type, job_title=job, available=PATHWAYS) == expected


def test_pathway_falls_back_to_general_when_missing() -> None:
    assert rules.pathway_for(org_type="police", available=["general"]) == "general"


@pytest.mark.parametrize(
    ("edges", "endings", "fragment"),
    [
        ({"a": ["b"], "b": []}, ["x"], "dead end"),
        ({"a": ["b"], "b": ["a"], "end": []}, ["end"], "cannot be reached"),
        ({"a": ["b"], "b": ["a"], "c": ["end"], "end": []}, ["end"], "no ending can be reached"),
        ({"a": ["nowhere"], "end": []}, ["end"], "does not exist"),
        ({"a": ["end"], "end": ["a"]}, ["end"], "must not offer choices"),
    ],
)
def test_scenario_graph_problems(edges, endings, fragment) -> None:
    problems = rules.scenario_graph_problems(start="a", edges=edges, endings=endings)
    assert any(fragment in p.message for p in problems), problems


def test_sound_graph_with_jump_back_has_no_problems() -> None:
    edges = {"a": ["b", "c"], "b": ["a"], "c": ["good", "poor"], "good": [], "poor": []}
    assert rules.scenario_graph_problems(start="a", edges=edges, endings=["good", "poor"]) == []


def test_pre_and_post_items_differ_but_share_topics() -> None:
    bank = [(f"q{i}", f"t{i % 4}") for i in range(16)]
    pre = rules.choose_items(bank=bank, count=4, seed="x:pre")
    post = rules.choose_items(bank=bank, count=4, seed="x:post", exclude=pre)
    assert not set(pre) & set(post)
    topic = dict(bank)
    assert {topic[i] for i in pre} == {topic[i] for i in post} == {"t0", "t1", "t2", "t3"}
    assert pre == rules.choose_items(bank=bank, count=4, seed="x:pre")


def test_the_final_check_prefers_questions_the_learner_has_not_been_marked_on() -> None:
    bank = [(f"q{i}", f"t{i % 4}") for i in range(16)]
    pre = rules.choose_items(bank=bank, count=4, seed="x:pre")
    seen = [i for i, _ in bank if i not in pre][:6]  # answered in the modules' checks
    post = rules.choose_items(bank=bank, count=4, seed="x:post", exclude=pre, seen=seen)
    assert not set(post) & (set(pre) | set(seen))
    # when too few are left, seen ones make up the number; the excluded never come back
    few = rules.choose_items(bank=bank, count=10, seed="x:post", exclude=pre, seen=seen)
    assert len(few) == 10 and not set(few) & set(pre)
    assert set(few) - set(seen) == {i for i, _ in bank} - set(pre) - set(seen)
    # no seen items: the same choice as before this rule existed
    assert rules.choose_items(bank=bank, count=4, seed="x:post", exclude=pre) == rules.choose_items(
        bank=bank, count=4, seed="x:post", exclude=pre, seen=[]
    )


@pytest.mark.parametrize(
    ("correct", "selected", "ok"),
    [
        (["a"], ["a"], True),
        (["a"], ["b"], False),
        (["a", "b"], ["a"], False),
        (["a", "b"], ["b", "a"], True),
        (["a"], [], False),
        (["a"], ["dont-know"], False),  # "I do not know yet" is never right
        (["a", "b"], ["a", "b", "dont-know"], False),  # nor does it make a right answer count
    ],
)
def test_answer_is_correct(correct, selected, ok) -> None:
    assert rules.answer_is_correct(correct=correct, selected=selected) is ok


@pytest.mark.parametrize(
    ("selected", "mixed"),
    [
        (["dont-know"], False),
        (["a"], False),
        (["a", "b"], False),
        (["a", "dont-know"], True),
        (["dont-know", "dont-know"], False),
    ],
)
def test_dont_know_is_exclusive(selected, mixed) -> None:
    assert rules.dont_know_mixed(selected) is mixed


def test_add_months_clamps() -> None:
    assert rules.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert rules.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert rules.add_months(date(2026, 8, 15), 6) == date(2027, 2, 15)


def test_suppression() -> None:
    assert rules.group_mean([50, 60, 70, 80]) is None
    assert rules.group_mean([50, 60, 70, 80, 90]) == 70.0


def test_an_average_counts_the_people_behind_it_not_the_group() -> None:
    # A team of ten where one person has taken the final check: their score must not show.
    assert rules.group_mean([90] + [None] * 9) is None
    assert rules.group_gain([(40, 90)] + [(50, None)] * 9) is None


def test_gain_is_over_the_people_with_both_before_and_after() -> None:
    pairs = [(40, 80), (60, 80), (50, 70), (30, 90), (40, 60), (90, None), (None, 20)]
    # (40 + 20 + 20 + 60 + 20) / 5; the two unpaired people are left out of the gain
    assert rules.group_gain(pairs) == 32.0


def test_fallback_standards_ids() -> None:
    assert rules.standard_ref_problems(["SFJBMS05.PC6.1", "SFJBMS05.K1.3", "SFJBMS05.K24"]) == []
    assert rules.standard_ref_problems(["SFJBMS05.K25"])
    assert rules.standard_ref_problems(["SFJBMS05.PC6.3"])


@pytest.mark.parametrize(
    ("ending", "steps", "expected"),
    [
        (100, [(2, 2), (2, 2), (2, 2)], 100),  # the best choice at every step
        (100, [(0, 2), (0, 0), (2, 2), (2, 2), (2, 2)], 75),  # cousin, back, then all best
        (100, [(0, 2), (0, 0), (2, 2), (0, 2), (1, 1), (2, 2)], 56),  # and a leading question
        (50, [(2, 2), (2, 2), (0, 2)], 33),  # a mixed ending scales the same way
        (0, [(2, 2)], 0),
        (80, [(0, 0), (0, 0)], 80),  # nothing to lose on the way
        (100, [(3, 2), (-1, 2)], 50),  # points outside 0..best count as 0..best
    ],
)
def test_scenario_score_reflects_the_path(ending, steps, expected) -> None:
    assert rules.scenario_score(ending_score=ending, steps=steps) == expected


@pytest.mark.django_db
def test_the_courses_final_check_avoids_the_modules_questions_where_the_bank_allows() -> None:
    from lantern.accounts.models import OrganisationType
    from lantern.core.roles import Role
    from lantern.learning import services
    from lantern.learning.models import Attempt, AttemptKind
    from tests.helpers import make_org, make_user
    from tests.learning.factories import check_done, course

    org = make_org("Test NHS Trust", org_type=OrganisationType.HEALTH)
    user = make_user(Role.LEARNER, org=org, email="nurse@example.test")
    enrolment = services.enrolment_start(user=user, course=course())
    check_done(enrolment, "pre")
    spec = services.course_spec(course())
    pre = set(Attempt.objects.get(enrolment=enrolment, kind=AttemptKind.PRE).items)
    quiz_units = [u for u in spec.units.values() if u.kind == "questions"][:2]
    seen = {item for unit in quiz_units for item in unit.items}
    for unit in quiz_units:
        Attempt.objects.create(
            enrolment=enrolment, kind=AttemptKind.QUIZ, unit=unit.id, items=list(unit.items)
        )
    post = set(services.check_start(enrolment=enrolment, kind="post").items)
    seen |= spec.module_check_items(enrolment.pathway)  # met in the modules' checks, or to be
    fresh = {i for i, _ in spec.bank_pairs(enrolment.pathway)} - pre - seen
    assert not post & pre
    assert len(post & seen) == max(0, spec.check_items - len(fresh))
    assert not pre & seen  # the check before the course avoids them too
