"""The session kit: content validates, and the generated PDFs list the sessions with times."""

from __future__ import annotations

import pytest

from lantern.facilitation import kit
from lantern.facilitation.rules import CalendarEvent, _fold, ics_calendar


def test_kit_content_validates_and_matches_the_seed() -> None:
    k = kit.kit()
    assert k.cohort_sessions == 6
    assert (k.sessions_min, k.sessions_max, k.staff_target) == (2, 3, 200)
    assert k.timetable[0].start == "09:30" and k.timetable[-1].end == "16:30"
    sessions = [s.title for s in k.timetable if s.kind == "session"]
    assert len(sessions) == 5
    assert sum(s.minutes for s in k.segments) == 150 == k.session_minutes
    assert k.source and k.reviewed
    assert "5 questions" in kit.kit_check() or "instrument" in kit.kit_check()


def test_invalid_kit_is_refused_with_every_problem_listed() -> None:
    with pytest.raises(kit.KitInvalid) as caught:
        kit.parse_kit(
            {
                "id": "x",
                "training_course": {
                    "timetable": [
                        {"start": "09:30", "end": "09:00", "title": "Bad", "kind": "session"}
                    ]
                },
                "awareness_session": {"minutes": 150, "segments": [{"minutes": 10, "title": "A"}]},
            }
        )
    message = str(caught.value)
    assert "missing version" in message and "end after start" in message and "150" in message


def test_handbook_pdf_opens_and_lists_the_programme_sessions_with_times() -> None:
    pdf = kit.handbook_pdf(programme_name="Test programme")
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    text = kit.pdf_text(pdf)
    for slot in kit.kit().timetable:
        assert f"{slot.start} to {slot.end}" in text, slot
        assert slot.title in text
    assert "Session 2: UK response and identification" in text
    assert "Facilitator handbook" in text and "Test programme" in text


def test_session_plan_pdf_lists_each_segment() -> None:
    text = kit.pdf_text(kit.session_plan_pdf())
    for segment in kit.kit().segments:
        assert segment.title in text
    assert "0:00 to 0:10" in text and "2:05 to 2:30" in text


def test_ics_lines_fold_at_75_octets_and_unfold_to_the_original() -> None:
    line = "DESCRIPTION:" + "é" * 100
    folded = _fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_cancelled_calendar_uses_method_cancel() -> None:
    from datetime import UTC, datetime

    event = CalendarEvent(
        uid="u@lantern",
        sequence=1,
        starts_at=datetime(2027, 1, 5, 9, 30, tzinfo=UTC),
        ends_at=datetime(2027, 1, 5, 12, 0, tzinfo=UTC),
        summary="S",
        location="L",
        description="D",
        url="",
        stamp=datetime(2027, 1, 1, tzinfo=UTC),
        cancelled=True,
    )
    text = ics_calendar(event)
    assert "METHOD:CANCEL" in text and "STATUS:CANCELLED" in text
    assert "DTSTART:20270105T093000Z" in text
