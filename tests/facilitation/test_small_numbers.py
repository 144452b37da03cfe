"""Small numbers that could be worked out by subtraction are hidden too (secondary suppression).

The rule (``rules.hidden_cells``) is checked against two attackers on random tables: one who
repeatedly fills in a total with a single hidden number left in it (row and column
subtraction), and one who solves every published equation at once (linear algebra)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from fractions import Fraction

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from lantern.accounts.models import OrganisationType
from lantern.core import quarters
from lantern.facilitation import rules, selectors
from lantern.facilitation.kit import pdf_text
from lantern.facilitation.selectors import ORG_LABELS
from tests.facilitation.factories import make_facilitator, make_session
from tests.facilitation.test_sab_report import _delivered
from tests.helpers import signed_in

Equation = tuple[dict[int, int], int]  # coefficients by cell, and the published value


def _list_equations(counts: Sequence[int]) -> list[Equation]:
    return [({i: 1 for i in range(len(counts))}, sum(counts))]


def _table_equations(rows: Sequence[Sequence[int]]) -> tuple[list[int], list[Equation]]:
    """The cells of ``hidden_in_table`` in its order (body, then column totals) and what a
    reader knows: each row's total, each column adding up to its total, the grand total."""
    width = len(rows[0])
    body = [count for row in rows for count in row]
    columns = [sum(row[c] for row in rows) for c in range(width)]
    equations: list[Equation] = [
        ({r * width + c: 1 for c in range(width)}, sum(row)) for r, row in enumerate(rows)
    ]
    for c in range(width):
        coefficients = {r * width + c: 1 for r in range(len(rows))}
        coefficients[len(body) + c] = -1
        equations.append((coefficients, 0))
    equations.append(({len(body) + c: 1 for c in range(width)}, sum(columns)))
    return body + columns, equations


def _known_by_subtraction(values: list[int], hidden: set[int], eqs: list[Equation]) -> set[int]:
    """Hidden cells a reader can fill in, one total at a time."""
    unknown = set(hidden)
    progress = True
    while progress:
        progress = False
        for coefficients, _ in eqs:
            left = [i for i in coefficients if i in unknown]
            if len(left) == 1:
                unknown.discard(left[0])
                progress = True
    return set(hidden) - unknown


def _rank(rows: list[list[Fraction]]) -> int:
    matrix = [row[:] for row in rows]
    rank = 0
    width = len(matrix[0]) if matrix else 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column] / matrix[rank][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    return rank


def _known_by_algebra(hidden: set[int], eqs: list[Equation]) -> set[int]:
    """Hidden cells whose value every solution of the published equations agrees on."""
    order = sorted(hidden)
    rows = [[Fraction(coefficients.get(i, 0)) for i in order] for coefficients, _ in eqs]
    rank = _rank(rows)
    known = set()
    for position, index in enumerate(order):
        unit = [Fraction(int(p == position)) for p in range(len(order))]
        if _rank([*rows, unit]) == rank:
            known.add(index)
    return known


def test_one_small_group_next_to_its_total_takes_the_next_smallest_with_it() -> None:
    # Attended 9: Local authority 5 and Police 4. Police alone would be 9 - 5.
    assert rules.hidden_in_list([5, 4]) == {0, 1}
    assert rules.hidden_in_list([12, 6, 3]) == {1, 2}
    # Two small groups already hide each other; nothing more is hidden.
    assert rules.hidden_in_list([9, 3, 2]) == {1, 2}
    assert rules.hidden_in_list([9, 7]) == frozenset()


def test_a_zero_is_hidden_only_when_no_other_number_is_left() -> None:
    assert rules.hidden_in_list([0, 6, 3, 0]) == {1, 2}
    assert rules.hidden_in_list([3, 0, 0]) == {0, 1}


def test_a_table_hides_a_second_cell_in_the_row_and_in_the_column() -> None:
    # Two sessions by two types; the type totals (8 and 10) are shown under 18.
    body, columns = rules.hidden_in_table([[3, 6], [5, 4]])
    assert body == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert columns == frozenset()
    _, eqs = _table_equations([[3, 6], [5, 4]])
    assert not _known_by_algebra(set(body_index(body, 2)), eqs)


def body_index(cells: frozenset[tuple[int, int]], width: int) -> list[int]:
    return [r * width + c for r, c in cells]


counts = st.integers(min_value=0, max_value=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(counts, min_size=2, max_size=9))
def test_no_hidden_number_in_a_list_can_be_worked_out(values: list[int]) -> None:
    hidden = set(rules.hidden_in_list(values))
    assert {i for i, v in enumerate(values) if 0 < v < 5} <= hidden
    eqs = _list_equations(values)
    assert not _known_by_subtraction(values, hidden, eqs)
    assert not _known_by_algebra(hidden, eqs)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=5).flatmap(
        lambda width: st.lists(
            st.lists(counts, min_size=width, max_size=width), min_size=1, max_size=5
        )
    )
)
def test_no_hidden_number_in_a_table_can_be_worked_out(rows: list[list[int]]) -> None:
    body, columns = rules.hidden_in_table(rows)
    width = len(rows[0])
    values, eqs = _table_equations(rows)
    hidden = set(body_index(body, width)) | {len(rows) * width + c for c in columns}
    primary = {i for i, v in enumerate(values) if 0 < v < 5}
    assert primary <= hidden
    if width < 2 and primary:
        # One column: every row's only cell is its total, shown anyway. Nothing to protect.
        return
    assert not _known_by_subtraction(values, hidden, eqs)
    assert not _known_by_algebra(hidden, eqs)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(counts, min_size=3, max_size=3), min_size=2, max_size=4))
def test_the_same_table_always_hides_the_same_cells(rows: list[list[int]]) -> None:
    assert rules.hidden_in_table(rows) == rules.hidden_in_table([list(r) for r in rows])


# --- On the pages and in the exports (real database) ------------------------------------------


@pytest.mark.django_db
def test_the_auditors_session_no_longer_gives_police_away() -> None:
    """Attended 9: Local authority 5 and Police 4. Shown as 5 and "fewer than 5", Police was
    9 - 5; now both are hidden on the programme page, in the CSV, the SAB report and its PDF."""
    facilitator = make_facilitator(org=None)
    programme = facilitator.programme
    council, police, health = (
        OrganisationType.LOCAL_AUTHORITY,
        OrganisationType.POLICE,
        OrganisationType.HEALTH,
    )
    first = make_session(facilitator, borough="Camden", capacity=20)
    second = make_session(facilitator, borough="Hackney", capacity=20)
    _delivered(first, [council] * 5 + [police] * 4)
    _delivered(second, [council] * 6 + [health] * 7)
    client = signed_in(programme.leads.get())

    dashboard = selectors.programme_dashboard(programme)
    mixes = {m.session.pk: {g.label: g for g in m.by_org_type} for m in dashboard.mixes}
    assert mixes[first.pk]["Police"].hidden and mixes[first.pk]["Local authority"].hidden
    # Across the programme: Police 4 of 22, so the next smallest type (Local authority 11 or
    # Health 7) goes with it.
    by_type = {g.label: g for g in dashboard.by_org_type}
    assert by_type["Police"].hidden and by_type["Health (NHS or other)"].hidden
    assert not by_type["Local authority"].hidden and by_type["Local authority"].shown == "11"
    page = client.get(f"/facilitation/programmes/{programme.pk}/").content.decode()
    assert "Police: 4" not in page and "Local authority: 5" not in page

    csv_text = b"".join(
        client.get(f"/facilitation/programmes/{programme.pk}/reach.csv").streaming_content  # type: ignore[attr-defined]
    ).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(csv_text)))
    by_session = {row[header.index("Borough")]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_session["Camden"]["Attended"] == "9"
    assert by_session["Camden"]["Attended: Police"] == "[c]"
    assert by_session["Camden"]["Attended: Local authority"] == "[c]"
    assert by_session["Camden"]["Notes"].startswith("[c] = not shown")
    # Every row adds up only where nothing in it is hidden.
    for row in by_session.values():
        numbers = [row[f"Attended: {label}"] for label in ORG_LABELS.values()]
        if "[c]" not in numbers:
            assert sum(int(n) for n in numbers) == int(row["Attended"])

    quarter = quarters.quarter_of(timezone.localdate())
    report = selectors.sab_report(programme, quarter)
    assert {g.label: g.shown for g in report.by_agency} == {
        "Local authority": "11",
        "Health (NHS or other)": "not shown",
        "Police": "not shown",
    }
    html = client.get(
        f"/facilitation/programmes/{programme.pk}/sab-report/?quarter={quarter.key}"
    ).content.decode()
    assert rules.SUPPRESSION_SENTENCE in html
    pdf = client.get(
        f"/facilitation/programmes/{programme.pk}/sab-report.pdf?quarter={quarter.key}"
    )
    text = " ".join(pdf_text(pdf.content).split())
    assert rules.SUPPRESSION_SENTENCE in text
    assert "Police not shown" in text and "Police 4" not in text
