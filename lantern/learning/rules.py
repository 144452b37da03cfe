"""Pure learning rules: no ORM, no I/O. Tested by tables of cases (tests/learning/test_rules.py).

- which pathway a learner starts on, from their organisation type and roles;
- whether a branching scenario's graph is sound (no dead ends, nothing unreachable);
- marking a question, choosing pre/post/refresher items from one bank;
- gain and retention arithmetic for reports.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

# --- Standards identifiers -------------------------------------------------------------------
# Fallback used only when lantern.standards is not installed: the identifiers of NOS SFJBMS05
# (seed 001): PC1-PC20 with PC6.1/6.2, K1-K24 with K1.1-1.3.
_SFJBMS05_IDS: frozenset[str] = frozenset(
    [f"SFJBMS05.PC{n}" for n in range(1, 21)]
    + ["SFJBMS05.PC6.1", "SFJBMS05.PC6.2"]
    + [f"SFJBMS05.K{n}" for n in range(1, 25)]
    + ["SFJBMS05.K1.1", "SFJBMS05.K1.2", "SFJBMS05.K1.3"]
)


def standard_ref_problems(refs: Iterable[str]) -> list[str]:
    """Problems with standards references, one message per unknown identifier."""
    problems = []
    for ref in refs:
        if ref not in _SFJBMS05_IDS:
            problems.append(
                f"unknown standards item '{ref}' (expected an identifier such as "
                "SFJBMS05.PC7, SFJBMS05.PC6.1, SFJBMS05.K16 or SFJBMS05.K1.2)"
            )
    return problems


# --- Pathways --------------------------------------------------------------------------------

GENERAL_PATHWAY = "general"

# Organisation type -> pathway. Local authorities are split by job title (see pathway_for).
_PATHWAY_BY_ORG_TYPE: dict[str, str] = {
    "police": "police",
    "nca": "police",
    "home_office": "police",
    "glaa": "regulatory",
    "health": "health",
    "hsc_trust": "health",
    "ngo": "voluntary",
    "ngo_first_responder": "voluntary",
    "local_authority": "la_social_care",
}
_REGULATORY_WORDS = re.compile(
    r"environmental health|trading standards|licensing|housing|\bEHO\b|\bHMO\b|inspector",
    re.IGNORECASE,
)


def pathway_for(*, org_type: str | None, job_title: str = "", available: Iterable[str]) -> str:
    """The pathway a learner starts on. They can always change it."""
    options = set(available)
    choice = _PATHWAY_BY_ORG_TYPE.get(org_type or "", GENERAL_PATHWAY)
    if org_type == "local_authority" and _REGULATORY_WORDS.search(job_title or ""):
        choice = "regulatory"
    return choice if choice in options else GENERAL_PATHWAY


# --- Branching scenarios ---------------------------------------------------------------------


@dataclass(frozen=True)
class GraphProblem:
    node: str
    message: str


def scenario_graph_problems(
    *, start: str, edges: Mapping[str, Sequence[str]], endings: Iterable[str]
) -> list[GraphProblem]:
    """Check a scenario graph. ``edges`` maps every node to the nodes its choices lead to.

    Sound means: the start exists; every choice leads to a node that exists; every node that is
    not an ending has at least one choice; every node can be reached from the start; and from
    every reachable node some ending can be reached (a loop with no way out is a dead end too).
    """
    ends = set(endings)
    problems: list[GraphProblem] = []
    if start not in edges:
        return [GraphProblem(start, f"the start node '{start}' does not exist")]
    for node, targets in edges.items():
        if node in ends and targets:
            problems.append(GraphProblem(node, f"ending '{node}' must not offer choices"))
        if node not in ends and not targets:
            problems.append(
                GraphProblem(
                    node, f"node '{node}' is a dead end: it has no choices and is not an ending"
                )
            )
        for target in targets:
            if target not in edges:
                problems.append(
                    GraphProblem(
                        node, f"a choice in node '{node}' leads to '{target}', which does not exist"
                    )
                )
    reachable = {start}
    frontier = [start]
    while frontier:
        node = frontier.pop()
        for target in edges.get(node, ()):
            if target in edges and target not in reachable:
                reachable.add(target)
                frontier.append(target)
    for node in edges:
        if node not in reachable:
            problems.append(
                GraphProblem(node, f"node '{node}' cannot be reached from the start node '{start}'")
            )
    # Reverse reachability from the endings: which nodes can still finish the scenario?
    reverse: dict[str, set[str]] = {n: set() for n in edges}
    for node, targets in edges.items():
        for target in targets:
            if target in reverse:
                reverse[target].add(node)
    can_finish = {n for n in ends if n in edges}
    frontier = list(can_finish)
    while frontier:
        node = frontier.pop()
        for parent in reverse[node]:
            if parent not in can_finish:
                can_finish.add(parent)
                frontier.append(parent)
    if not can_finish:
        problems.append(GraphProblem(start, "the scenario has no ending"))
    for node in sorted(reachable - can_finish):
        if node not in ends and edges.get(node):
            problems.append(
                GraphProblem(node, f"node '{node}' is a dead end: no ending can be reached from it")
            )
    return problems


def scenario_score(*, ending_score: int, steps: Iterable[tuple[int, int]]) -> int:
    """A case study's score for the path taken, not only the ending reached.

    ``steps`` holds, for each choice made, its points and the most points any choice at that
    step was worth. The score is the ending's score times the share of those best points the
    learner earned, rounded: the best choice at every step keeps the ending's score, and each
    poorer choice on the way (a companion interpreting, a leading question) costs its share,
    even when the learner recovered and reached the best ending. A step whose choices are all
    worth nothing (only going back, say) costs nothing.
    """
    earned = best = 0
    for points, most in steps:
        earned += max(0, min(points, most))
        best += max(0, most)
    if best == 0:
        return ending_score
    return int(ending_score * earned / best + 0.5)


# --- Questions -------------------------------------------------------------------------------


# "I do not know yet": an answer the checks that measure knowledge offer (the one before the
# course, the final check and the refreshers), so that someone who does not know says so
# instead of guessing, and a lucky guess does not inflate the gain. It is never right, and in
# a select-all question it is exclusive: it cannot be chosen with any other option. The
# importer refuses it as a content option id, so an answer or an xAPI response that says
# "dont-know" can mean nothing else. (GOV.UK style avoids negative contractions: "do not".)
DONT_KNOW = "dont-know"
DONT_KNOW_TEXT = "I do not know yet"


def answer_is_correct(*, correct: Iterable[str], selected: Iterable[str]) -> bool:
    """Single and multiple choice alike: right when the selection is exactly the correct set.
    "I do not know yet" is never right, whatever else is chosen with it."""
    chosen = set(selected)
    return bool(chosen) and DONT_KNOW not in chosen and chosen == set(correct)


def dont_know_mixed(selected: Iterable[str]) -> bool:
    """True when "I do not know yet" is chosen together with an answer: not allowed."""
    chosen = set(selected)
    return DONT_KNOW in chosen and len(chosen) > 1


def percent(score: int | None, max_score: int | None) -> int:
    return round(100 * (score or 0) / max_score) if max_score else 0


def progress_percent(*, minutes_left: int, minutes_total: int) -> int:
    """How much of a course is done, by its minutes (units and checks alike), so that the figure
    agrees with the time left beside it. Rounded down: 100 only when nothing is left."""
    if minutes_total <= 0:
        return 0
    done = min(max(minutes_total - minutes_left, 0), minutes_total)
    return 100 * done // minutes_total


def _seeded(seed: str) -> random.Random:
    # Not for security: a stable shuffle per learner so that a reload shows the same items.
    return random.Random(int(hashlib.sha256(seed.encode()).hexdigest()[:16], 16))  # noqa: S311


def choose_items(
    *,
    bank: Sequence[tuple[str, str]],
    count: int,
    seed: str,
    exclude: Iterable[str] = (),
    seen: Iterable[str] = (),
) -> list[str]:
    """Pick ``count`` item ids from ``bank`` ((item_id, topic) pairs), spread across topics.

    The pre-course check and the post-course check call this with the same bank (the questions
    that suit the learner's pathway) and the post check excludes the pre check's items, so a
    learner meets the same topics, not the same questions. Items in ``seen`` (answered and
    marked in a module's check, or to be met in one) are taken only when there are not enough
    others, so the final check measures what the learner knows rather than what they were just
    shown. Deterministic for a given seed.
    """
    excluded = set(exclude)
    seen_set = set(seen) - excluded
    rng = _seeded(seed)
    fresh = [(i, t) for i, t in bank if i not in excluded and i not in seen_set]
    chosen = _spread(fresh, count, rng)
    if len(chosen) < count and seen_set:
        again = [(i, t) for i, t in bank if i in seen_set]
        chosen += _spread(again, count - len(chosen), rng)
    return chosen


def _spread(bank: Sequence[tuple[str, str]], count: int, rng: random.Random) -> list[str]:
    """Round-robin over shuffled topics, a shuffled item from each in turn."""
    by_topic: dict[str, list[str]] = {}
    for item_id, topic in bank:
        by_topic.setdefault(topic, []).append(item_id)
    topics = sorted(by_topic)
    rng.shuffle(topics)
    for items in by_topic.values():
        rng.shuffle(items)
    chosen: list[str] = []
    while len(chosen) < count and any(by_topic.values()):
        for topic in topics:
            if by_topic[topic] and len(chosen) < count:
                chosen.append(by_topic[topic].pop())
    return chosen


# --- Refreshers and reporting ----------------------------------------------------------------

PASS_MARK = 80  # percent on the post-course check for an xAPI (and cmi5) "passed"
REFRESHER_MONTHS: tuple[int, ...] = (1, 3, 6)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError("unreachable")


def mean(values: Iterable[float | int | None]) -> float | None:
    present = [float(v) for v in values if v is not None]
    return round(sum(present) / len(present), 1) if present else None


SMALL_NUMBER = 5


def group_mean(values: Iterable[float | int | None]) -> float | None:
    """The mean of the values people have, hidden when fewer than SMALL_NUMBER people have one.

    The count is of the people behind the average, not of the group: in a team of ten where one
    person has taken the final check, the team's "after" average would be that person's score."""
    present = [float(v) for v in values if v is not None]
    return mean(present) if len(present) >= SMALL_NUMBER else None


def group_gain(pairs: Iterable[tuple[float | int | None, float | int | None]]) -> float | None:
    """The mean change from before to after, over the people who have both (so the before and
    after averages describe the same people), hidden under SMALL_NUMBER such people."""
    return group_mean(
        after - before for before, after in pairs if before is not None and after is not None
    )


def hidden_groups(groups: Sequence[tuple[object, int]], forced: Iterable[int] = ()) -> set[int]:
    """Which groups' averages to hide: ``groups`` are (parent, people behind the average), the
    parent being what the groups add up to and what is shown elsewhere (the organisation for
    its teams; the whole report for organisations and pathways).

    A group of 1 to SMALL_NUMBER - 1 people is hidden. When the people hidden under one parent
    then come to fewer than SMALL_NUMBER, the parent's figure less the figures shown would give
    their average by subtraction, so the smallest groups shown are hidden too, until the people
    hidden come to SMALL_NUMBER or more (or every group of that parent is hidden: then what is
    hidden is the parent's own figure, hidden or shown by the same rule). The groups in
    ``forced`` are hidden whatever their size (hidden already for another reason, or never
    shown). Returns the indexes.
    """
    hidden = {i for i, (_, n) in enumerate(groups) if 0 < n < SMALL_NUMBER} | set(forced)
    parents: dict[object, list[int]] = {}
    for i, (parent, _) in enumerate(groups):
        parents.setdefault(parent, []).append(i)
    for members in parents.values():
        behind_hidden = sum(groups[i][1] for i in members if i in hidden)
        shown = sorted(
            (i for i in members if i not in hidden and groups[i][1] > 0),
            key=lambda i: (groups[i][1], i),
        )
        while 0 < behind_hidden < SMALL_NUMBER and shown:
            extra = shown.pop(0)
            hidden.add(extra)
            behind_hidden += groups[extra][1]
    return hidden
