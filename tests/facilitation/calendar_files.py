"""A strict reader of the iCalendar files Lantern attaches to emails (RFC 5545), so that tests
check a calendar file by parsing it rather than by finding substrings in it.

The icalendar library is not a dependency; this reads the subset Lantern writes (one VEVENT in
a VCALENDAR, UTC times, TEXT values) and fails on anything malformed: bare LF, lines over 75
octets, unbalanced BEGIN/END, a property outside a component, a missing required property."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

NAME = re.compile(r"[A-Z][A-Z0-9-]*")


@dataclass
class Component:
    name: str
    properties: dict[str, list[str]] = field(default_factory=dict)
    children: list[Component] = field(default_factory=list)

    def one(self, name: str) -> str:
        values = self.properties.get(name, [])
        assert len(values) == 1, f"{self.name} has {len(values)} {name}"
        return values[0]

    def text(self, name: str) -> str:
        """A TEXT value, unescaped (RFC 5545 3.3.11)."""
        return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], self.one(name))

    def time(self, name: str) -> datetime:
        return datetime.strptime(self.one(name), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def parse(text: str) -> Component:
    assert text.endswith("\r\n"), "content lines end with CRLF"
    physical = text[:-2].split("\r\n")
    lines: list[str] = []
    for line in physical:
        assert "\n" not in line and "\r" not in line, "a bare line break"
        assert len(line.encode()) <= 75, f"line over 75 octets: {line!r}"
        if line.startswith((" ", "\t")):
            assert lines, "a continuation line with nothing to continue"
            lines[-1] += line[1:]
        else:
            lines.append(line)
    stack: list[Component] = []
    root: Component | None = None
    for line in lines:
        head, colon, value = line.partition(":")
        assert colon, f"no value: {line!r}"
        name = head.split(";")[0]
        assert NAME.fullmatch(name), f"bad property name: {name!r}"
        if name == "BEGIN":
            stack.append(Component(value))
        elif name == "END":
            assert stack and stack[-1].name == value, f"END:{value} does not close a BEGIN"
            done = stack.pop()
            if stack:
                stack[-1].children.append(done)
            else:
                assert root is None, "more than one calendar"
                root = done
        else:
            assert stack, f"{name} outside a component"
            stack[-1].properties.setdefault(name, []).append(value)
    assert not stack and root is not None and root.name == "VCALENDAR"
    return root


def event_of(text: str) -> tuple[Component, Component]:
    """The calendar and its one event, checked for what every Lantern calendar file needs."""
    calendar = parse(text)
    assert calendar.one("VERSION") == "2.0" and calendar.one("PRODID")
    method = calendar.one("METHOD")
    assert method in {"PUBLISH", "CANCEL"}
    (event,) = calendar.children
    assert event.name == "VEVENT"
    for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "SUMMARY", "STATUS"):
        event.one(required)
    assert event.time("DTEND") > event.time("DTSTART")
    assert int(event.one("SEQUENCE")) >= 0
    assert (method == "CANCEL") == (event.one("STATUS") == "CANCELLED")
    # An invitation-less calendar: it names nobody, so no attendee sees another.
    assert "ATTENDEE" not in event.properties and "ORGANIZER" not in event.properties
    return calendar, event


def attached_event(message: Any) -> tuple[Component, Component]:
    """The calendar file attached to an email, parsed and checked."""
    (attachment,) = message.attachments
    name, content, mimetype = attachment
    assert name == "session.ics" and mimetype.startswith("text/calendar; method=")
    calendar, event = event_of(str(content))
    assert mimetype.endswith("method=" + calendar.one("METHOD"))
    return calendar, event
