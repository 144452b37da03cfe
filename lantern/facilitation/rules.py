"""Pure rules for facilitation (no ORM): iCalendar text, scoring, small-number suppression."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
