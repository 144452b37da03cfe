"""Pure rules for facilitation (no ORM): iCalendar text, scoring, small-number suppression."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

# Aggregates from fewer responses than this are not shown (a facilitator could otherwise guess
# who said what in a small room). The same threshold is used by the learning app's insights.
MIN_RESPONSES = 5


def suppressed(count: int, minimum: int = MIN_RESPONSES) -> bool:
    return count < minimum


def mean(values: Iterable[float | int | None]) -> float | None:
    present = [float(v) for v in values if v is not None]
    return round(sum(present) / len(present), 1) if present else None


def percent(score: int, max_score: int) -> int:
    return round(100 * score / max_score) if max_score else 0


def knowledge_score(*, correct: Mapping[str, str], answers: Mapping[str, str]) -> int:
    return sum(1 for qid, right in correct.items() if answers.get(qid) == right)


def progress_percent(done: int, target: int) -> int:
    return min(100, round(100 * done / target)) if target else 0


# --- Reporting quarters -------------------------------------------------------------------------

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class Quarter:
    """Three calendar months, named by their months so that nobody has to know whose year
    "Q1" counts from (a council's financial year starts in April)."""

    year: int
    number: int  # 1 = January to March

    @property
    def key(self) -> str:
        return f"{self.year}-q{self.number}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        following = (
            date(self.year + 1, 1, 1)
            if self.number == 4
            else date(self.year, 3 * self.number + 1, 1)
        )
        return following - timedelta(days=1)

    @property
    def label(self) -> str:
        first, last = MONTHS[3 * self.number - 3], MONTHS[3 * self.number - 1]
        return f"{first} to {last} {self.year}"

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )


def quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def recent_quarters(today: date, count: int = 8) -> list[Quarter]:
    """The last complete quarter first, then the ones before it; the current one last, since a
    report on it is not finished yet."""
    current = quarter_of(today)
    quarters, quarter = [], current.previous()
    for _ in range(count - 1):
        quarters.append(quarter)
        quarter = quarter.previous()
    return [*quarters, current]


def parse_quarter(key: str) -> Quarter | None:
    year, _, number = key.partition("-q")
    if not (year.isdigit() and number in {"1", "2", "3", "4"} and 2000 <= int(year) <= 2100):
        return None
    return Quarter(int(year), int(number))


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
