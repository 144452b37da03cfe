"""The importer accepts the real course and refuses broken ones, naming file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lantern.learning import services
from lantern.learning.content import CourseInvalid, load_course
from lantern.learning.spec import build_spec

REAL = services.courses_dir() / "awareness"


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "awareness"
    shutil.copytree(REAL, target)
    return target


def _problems(folder: Path) -> list[str]:
    with pytest.raises(CourseInvalid) as caught:
        load_course(folder)
    return [str(p) for p in caught.value.problems]


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


# The dates of the content reviews: every fact was checked against FACTS.md on one of them.
REVIEW_DATES = {"2026-11-30", "2026-12-01"}


@pytest.mark.django_db
def test_the_real_course_imports_and_every_pathway_fits_45_minutes() -> None:
    spec = build_spec(load_course(REAL))
    assert {p.id for p in spec.pathways} == {
        "police",
        "health",
        "la_social_care",
        "regulatory",
        "voluntary",
        "general",
    }
    for pathway in spec.pathways:
        assert spec.minutes_for(pathway.id) <= 45, pathway.id
        kinds = {u.kind for u in spec.required_units(pathway.id)}
        assert kinds == {"page", "questions", "scenario"}, pathway.id
    scenarios = [u for u in spec.units.values() if u.kind == "scenario"]
    assert len(scenarios) >= 5
    for unit in spec.units.values():
        assert unit.covers
        if unit.kind != "questions":
            assert unit.facts and all(f.reviewed in REVIEW_DATES for f in unit.facts)


@pytest.mark.django_db
def test_a_dead_end_scenario_node_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    module = folder / "modules" / "11-health.yaml"
    text = module.read_text()
    # "leading" loses its only choice: a node with no way forward that is not an ending.
    text = text.replace(
        """        choices:
          - id: reset
            text: "Slow down. Say she is not in trouble, and ask: \\"Tell me about your day at work.\\""
            to: listens
            feedback: Recovering with a calm, open question often works.
            points: 1
""",
        "",
    )
    module.write_text(text)
    problems = _problems(folder)
    line = _line_of(module, "      leading:")
    assert (
        f"awareness/modules/11-health.yaml:{line}: node 'leading' is a dead end: it has no choices and is not an ending"
        in problems
    )


@pytest.mark.django_db
def test_an_unreachable_node_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    module = folder / "modules" / "16-case-nail-bar.yaml"
    text = module.read_text().replace("            to: asked\n", "            to: end-poor\n")
    module.write_text(text)
    problems = _problems(folder)
    assert any(
        "node 'asked' cannot be reached" in p and "16-case-nail-bar.yaml" in p for p in problems
    )


@pytest.mark.django_db
def test_an_unknown_standards_id_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    module = folder / "modules" / "01-what-it-is.yaml"
    text = module.read_text().replace("covers: [SFJBMS05.K2]\n", "covers: [SFJBMS05.K99]\n", 1)
    module.write_text(text)
    problems = _problems(folder)
    line = _line_of(module, "covers: [SFJBMS05.K99]")
    assert any(
        p.startswith(f"awareness/modules/01-what-it-is.yaml:{line}:") and "SFJBMS05.K99" in p
        for p in problems
    ), problems


@pytest.mark.django_db
def test_an_image_without_alt_text_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    module = folder / "modules" / "13-regulatory.yaml"
    text = module.read_text()
    start = text.index("![") + 2
    end = text.index("](images/terraced-house.svg)")
    module.write_text(text[:start] + text[end:])
    problems = _problems(folder)
    assert any(
        "13-regulatory.yaml" in p and "the image 'images/terraced-house.svg' has no alt text" in p
        for p in problems
    ), problems


@pytest.mark.django_db
def test_unknown_question_source_and_long_pathway_are_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    module = folder / "modules" / "02-spotting-signs.yaml"
    text = module.read_text().replace("[signs-several, signs-labour]", "[signs-several, no-such-q]")
    text = text.replace("source: stop_the_traffik", "source: nowhere")
    text = text.replace("minutes: 3\n", "minutes: 10\n")
    module.write_text(text)
    problems = "\n".join(_problems(folder))
    assert "unknown question 'no-such-q'" in problems
    assert "unknown source 'nowhere'" in problems
    assert "the limit is 45" in problems


@pytest.mark.django_db
def test_a_question_s_facts_are_checked_like_a_page_s(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    bank = folder / "questions.yaml"
    text = bank.read_text()
    # the helpline question's only fact: an unknown source and an impossible date
    bank.write_text(
        text.replace(
            "      source: helpline\n      reviewed: 2026-12-01",
            "      source: nowhere\n      reviewed: 2026-13-01",
            1,
        )
    )
    problems = "\n".join(_problems(folder))
    assert (
        f"awareness/questions.yaml:{_line_of(bank, 'source: nowhere')}: unknown source 'nowhere'"
        in problems
    )
    assert (
        f"awareness/questions.yaml:{_line_of(bank, 'reviewed: 2026-13-01')}: expected a date"
        in problems
    )
    # `source` at the top of a question was once accepted and dropped: it is refused now
    bank.write_text(
        text.replace("- id: talking-open\n", "- id: talking-open\n  source: msa2015\n", 1)
    )
    assert any("source" in p and "questions.yaml" in p for p in _problems(folder))


@pytest.mark.django_db
def test_import_stores_course_and_is_idempotent() -> None:
    first = services.course_import(folder=REAL)
    second = services.course_import(folder=REAL)
    assert first.pk == second.pk and first.content_hash == second.content_hash
    assert services.course_spec(second).title == "Modern slavery awareness"


@pytest.mark.django_db
def test_dates_are_checked_as_written_and_a_bad_one_is_named_with_its_line(
    tmp_path: Path,
) -> None:
    folder = _copy(tmp_path)
    module = folder / "modules" / "01-what-it-is.yaml"
    text = module.read_text()
    # A quoted date is the same date: the reader leaves every date as the text in the file.
    module.write_text(text.replace("reviewed: 2026-11-30", "reviewed: '2026-11-30'", 1))
    assert load_course(folder) == load_course(REAL)
    module.write_text(text.replace("reviewed: 2026-11-30", "reviewed: 2026-02-30", 1))
    problems = _problems(folder)
    line = _line_of(module, "reviewed: 2026-02-30")
    assert problems == [
        f"awareness/modules/01-what-it-is.yaml:{line}: expected a date written as YYYY-MM-DD"
    ]


@pytest.mark.django_db
def test_invalid_yaml_is_named_with_file_and_line(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    module = folder / "modules" / "02-spotting-signs.yaml"
    text = module.read_text()
    module.write_text(text.replace("title: Spotting the signs", "title: Spotting: the signs", 1))
    assert _problems(folder) == [
        "awareness/modules/02-spotting-signs.yaml:2: not valid YAML: "
        "mapping values are not allowed here"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        (
            "id: awareness",
            "id: Awareness Course",
            "'Awareness Course' is not a valid id (lower case, digits, . _ -)",
        ),
        ("reviewed: 2026-11-30", "reviewed: last week", "expected a date written as YYYY-MM-DD"),
        ("version: 1", "version: one", "expected a whole number, 1 or more"),
        ("cpd_hours: 0.75", "cpd_hours: 0", "expected a number of hours, more than 0 (e.g. 1.5)"),
    ],
)
def test_the_course_s_own_fields_are_checked_and_named(
    tmp_path: Path, before: str, after: str, message: str
) -> None:
    folder = _copy(tmp_path)
    course_file = folder / "course.yaml"
    course_file.write_text(course_file.read_text().replace(before, after, 1))
    line = _line_of(course_file, after)
    assert _problems(folder) == [f"awareness/course.yaml:{line}: {message}"]


@pytest.mark.django_db
def test_a_question_for_an_unknown_pathway_is_refused_with_its_line(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    bank = folder / "questions.yaml"
    bank.write_text(
        bank.read_text().replace(
            "  pathways: [regulatory]\n", "  pathways: [regulatory, nursing]\n", 1
        )
    )
    line = _line_of(bank, "pathways: [regulatory, nursing]")
    assert _problems(folder) == [
        f"awareness/questions.yaml:{line}: unknown pathway 'nursing' (the pathways in "
        "course.yaml are police, health, la_social_care, regulatory, voluntary, general)"
    ]
    bank.write_text(bank.read_text().replace("pathways: [regulatory, nursing]", "pathways: []"))
    assert _problems(folder) == [
        f"awareness/questions.yaml:{line}: 'pathways' must list at least one pathway id, "
        "or be left out for all"
    ]


@pytest.mark.django_db
def test_the_dont_know_option_id_is_kept_for_the_checks(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    bank = folder / "questions.yaml"
    text = bank.read_text()
    start = text.index("- id: def-border\n")
    at = text.index("    - id: a\n", start)
    bank.write_text(text[:at] + "    - id: dont-know\n" + text[at + len("    - id: a\n") :])
    line = _line_of(bank, "- id: dont-know")
    assert _problems(folder) == [
        f"awareness/questions.yaml:{line}: option id 'dont-know' is kept for the checks' "
        "'I do not know yet' answer: use another id"
    ]


@pytest.mark.django_db
def test_a_core_module_check_may_not_ask_a_question_for_some_pathways_only(
    tmp_path: Path,
) -> None:
    folder = _copy(tmp_path)
    module = folder / "modules" / "02-spotting-signs.yaml"
    module.write_text(
        module.read_text().replace(
            "[signs-several, signs-labour]", "[signs-several, signs-code-violation]"
        )
    )
    line = _line_of(module, "signs-code-violation")
    assert _problems(folder) == [
        f"awareness/modules/02-spotting-signs.yaml:{line}: question 'signs-code-violation' "
        "suits only regulatory, but pathway 'police', 'health', 'la_social_care', 'voluntary', "
        "'general' takes this module too: a module's check asks questions that suit every "
        "pathway that takes it"
    ]


@pytest.mark.django_db
def test_a_pathway_without_enough_questions_for_its_checks_is_refused(tmp_path: Path) -> None:
    spec = build_spec(load_course(REAL))
    suits = {p: len(spec.bank_pairs(p)) for p in spec.pathway_ids()}
    # a check long enough that the smallest pathway's questions cannot fill it twice
    items = min(suits.values()) // 2 + 1
    assert 2 * items <= max(suits.values()), "some pathway still has enough"
    folder = _copy(tmp_path)
    course_file = folder / "course.yaml"
    course_file.write_text(course_file.read_text().replace("  items: 5 ", f"  items: {items} ", 1))
    problems = _problems(folder)
    for pathway, count in suits.items():
        line = _line_of(course_file, f"  - id: {pathway}")
        message = (
            f"awareness/course.yaml:{line}: pathway '{pathway}' has {count} questions that suit "
            f"it; its check before the course and its final check need {2 * items} (they use "
            "different items)"
        )
        assert (message in problems) is (count < 2 * items), pathway
