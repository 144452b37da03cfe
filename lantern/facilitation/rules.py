"""Pure rules for facilitation (no ORM): iCalendar text, scoring, small-number suppression."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

# Aggregates from fewer responses than this are not shown (a facilitator could otherwise guess
# who said what in a small room). The same threshold is used by the learning app's insights.
MIN_RESPONSES = 5


def suppressed(count: int, minimum: int = MIN_RESPONSES) -> bool:
    return count < minimum


def shown_count(count: int, minimum: int = MIN_RESPONSES) -> str:
    """A count of people in a group as a lead may see it: "fewer than 5" for a small group
    (none is shown as 0, which singles nobody out)."""
    return f"fewer than {minimum}" if 0 < count < minimum else str(count)


# What a hidden number reads as on the pages and in the PDF, and in the CSV (the ONS marker).
NOT_SHOWN = "not shown"
CSV_MARKER = "[c]"
SUPPRESSION_SENTENCE = (
    f"Numbers under {MIN_RESPONSES} are not shown, and neither is the next smallest number "
    "where it could be worked out."
)
CSV_NOTE = (
    f"[c] = not shown. Numbers under {MIN_RESPONSES} are not shown, and neither is the next "
    "smallest number where it could be worked out from the totals."
)


def hidden_cells(
    cells: Sequence[tuple[int, Hashable, Hashable | None]], minimum: int = MIN_RESPONSES
) -> frozenset[int]:
    """Which cells of a table to hide: every count from 1 to ``minimum - 1`` (primary), and
    enough others (secondary) that no hidden count can be worked out from the shown counts
    and the totals by adding and subtracting.

    Each cell is ``(count, total, other_total)``: the one or two totals the cell adds up to
    that are published or are themselves cells' sums (``None`` when it adds up to only one).
    A cell in a row of a table with column totals shown names both; a count in a list with
    its total shown names one. A hidden count can be worked out exactly when it is a bridge
    in the graph whose nodes are the totals and whose edges are the hidden cells (the
    equations "cells add up to their total" are a network matrix: what they leave free are
    cycles). So: while a hidden cell is a bridge, hide the smallest shown count that shares
    a total with such a cell (a non-zero one first: a hidden 0 among counts of people present
    would give itself away), widening the choice only when those totals have nothing left.
    The same table always gets the same answer (ties go to the earlier cell).
    """
    free = object()  # the one node of cells that add up to only one total
    ends = [(a, free if b is None else b) for _, a, b in cells]
    touching: dict[object, list[int]] = {}
    for index, (a, b) in enumerate(ends):
        touching.setdefault(a, []).append(index)
        if b is not free:
            touching.setdefault(b, []).append(index)
    hidden = {i for i, (count, _, _) in enumerate(cells) if 0 < count < minimum}

    def smallest(candidates: Iterable[int]) -> int | None:
        shown = [i for i in candidates if i not in hidden]
        return min(shown, key=lambda i: (cells[i][0] == 0, cells[i][0], i), default=None)

    while bridges := _bridges(ends, hidden):
        nodes = {node for i in bridges for node in ends[i] if node is not free}
        choice = smallest(i for node in nodes for i in touching[node])
        if choice is None:
            choice = smallest(range(len(cells)))
        if choice is None:  # everything is hidden and still a bridge: a total shows it
            break
        hidden.add(choice)
    return frozenset(hidden)


def _bridges(ends: Sequence[tuple[object, object]], chosen: set[int]) -> set[int]:
    """The chosen edges that no cycle of chosen edges passes through (Tarjan, iterative;
    parallel edges are told apart by their index, so two of them make a cycle)."""
    adjacent: dict[object, list[tuple[object, int]]] = {}
    for index in chosen:
        a, b = ends[index]
        adjacent.setdefault(a, []).append((b, index))
        adjacent.setdefault(b, []).append((a, index))
    order: dict[object, int] = {}
    low: dict[object, int] = {}
    found: set[int] = set()
    for root in adjacent:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack: list[tuple[object, int, Iterator[tuple[object, int]]]] = [
            (root, -1, iter(adjacent[root]))
        ]
        while stack:
            node, via, edges = stack[-1]
            step = next(edges, None)
            if step is None:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        found.add(via)
                continue
            neighbour, edge = step
            if edge == via:
                continue
            if neighbour in order:
                low[node] = min(low[node], order[neighbour])
            else:
                order[neighbour] = low[neighbour] = len(order)
                stack.append((neighbour, edge, iter(adjacent[neighbour])))
    return found


def hidden_in_list(counts: Sequence[int], minimum: int = MIN_RESPONSES) -> frozenset[int]:
    """Positions to hide in a list of counts whose total is shown."""
    return hidden_cells([(count, "total", None) for count in counts], minimum)


def hidden_in_table(
    rows: Sequence[Sequence[int]], minimum: int = MIN_RESPONSES
) -> tuple[frozenset[tuple[int, int]], frozenset[int]]:
    """Cells to hide in a table whose row totals are shown exactly and whose column totals
    are shown as a list under its grand total (itself shown): the (row, column) cells, and
    the columns whose totals to hide. Every row has the same number of columns."""
    width = len(rows[0]) if rows else 0
    cells: list[tuple[int, Hashable, Hashable | None]] = [
        (count, ("row", r), ("column", c))
        for r, row in enumerate(rows)
        for c, count in enumerate(row)
    ]
    cells += [(sum(row[c] for row in rows), ("column", c), "grand total") for c in range(width)]
    hidden = hidden_cells(cells, minimum)
    body = frozenset(divmod(i, width) for i in hidden if i < len(rows) * width)
    return body, frozenset(i - len(rows) * width for i in hidden if i >= len(rows) * width)


def mean(values: Iterable[float | int | None]) -> float | None:
    present = [float(v) for v in values if v is not None]
    return round(sum(present) / len(present), 1) if present else None


def percent(score: int, max_score: int) -> int:
    return round(100 * score / max_score) if max_score else 0


def knowledge_score(*, correct: Mapping[str, str], answers: Mapping[str, str]) -> int:
    return sum(1 for qid, right in correct.items() if answers.get(qid) == right)


def commitment_problems(
    *, starts_on: date, ends_on: date, sessions_min: int, sessions_max: int
) -> list[tuple[str, str]]:
    """Every (field, message) wrong with a commitment's period and range, all at once."""
    problems = []
    if ends_on <= starts_on:
        problems.append(("ends_on", "The end of the period must be after its start"))
    if sessions_min > sessions_max:
        problems.append(
            ("sessions_min", "The fewest sessions must not be more than the most sessions")
        )
    return problems


def progress_percent(done: int, target: int) -> int:
    return min(100, round(100 * done / target)) if target else 0


# --- What changed, in words (the "details have changed" email) -------------------------------


@dataclass(frozen=True)
class TimeAndPlace:
    """When and where a session is, as the people booked were last told (local time)."""

    starts_at: datetime
    mode: str
    venue: str
    online_url: str


def changes_between(was: TimeAndPlace, now: TimeAndPlace) -> tuple[str, ...]:
    """The parts of the time and place that differ, as words, in a fixed order."""
    parts = []
    if was.starts_at.date() != now.starts_at.date():
        parts.append("date")
    if was.starts_at.time() != now.starts_at.time():
        parts.append("start time")
    if was.mode != now.mode:
        parts.append("place")
    elif now.mode == "venue" and was.venue != now.venue:
        parts.append("venue")
    elif now.mode == "online" and was.online_url != now.online_url:
        parts.append("online link")
    return tuple(parts)


def words_list(parts: Iterable[str]) -> str:
    """ "date", "date and venue", "date, start time and venue"."""
    items = list(parts)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# What the session page's history calls the capacity a person acted in and the fields changed.
ACTING_AS = {
    "lead_facilitator": "lead facilitator",
    "co_facilitator": "co-facilitator",
    "programme_lead": "programme lead",
}
FIELD_WORDS = {
    "title": "title",
    "starts_at": "time",
    "mode": "place",
    "venue": "venue",
    "online_url": "online link",
    "capacity": "places",
    "waitlist_limit": "waiting-list places",
}
FIELD_ORDER = tuple(FIELD_WORDS)


def changed_fields_words(fields: Iterable[str]) -> str:
    """ "changed the time and places" from the audit's field names, in form order."""
    named = [FIELD_WORDS[f] for f in FIELD_ORDER if f in set(fields)]
    return "changed the " + words_list(named) if named else "changed the session"


# --- iCalendar (RFC 5545) ----------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str
    description: str
    url: str
    stamp: datetime
    cancelled: bool = False


def _ics_escape(text: str) -> str:
    # RFC 5545 3.3.11: backslash, semicolon, comma and newlines are escaped in TEXT values.
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _ics_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """RFC 5545 3.1: lines longer than 75 octets are folded with CRLF and a space."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    out: list[str] = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            out.append(current.decode("utf-8"))
            current = b""
            limit = 74  # continuation lines start with a space
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def ics_calendar(event: CalendarEvent) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Lantern//Facilitation//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:" + ("CANCEL" if event.cancelled else "PUBLISH"),
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTAMP:{_ics_time(event.stamp)}",
        f"DTSTART:{_ics_time(event.starts_at)}",
        f"DTEND:{_ics_time(event.ends_at)}",
        f"SUMMARY:{_ics_escape(event.summary)}",
        f"LOCATION:{_ics_escape(event.location)}",
        f"DESCRIPTION:{_ics_escape(event.description)}",
    ]
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append("STATUS:" + ("CANCELLED" if event.cancelled else "CONFIRMED"))
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
