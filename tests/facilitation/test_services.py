"""Programme, accreditation, commitments, booking, waitlist, check-in, attendance, evaluation."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from lantern.facilitation import selectors, services
from lantern.facilitation.models import (
    ActionKind,
    Booking,
    BookingStatus,
    Commitment,
    Completion,
    EvaluationReceipt,
    EvaluationResponse,
    FacilitatorStatus,
    FollowUpAction,
)
from lantern.facilitation.services import FacilitationError
from tests.facilitation.factories import (
    end_now,
    make_booking,
    make_facilitator,
    make_programme,
    make_session,
    start_now,
)
from tests.helpers import accept_mail, refuse_mail

pytestmark = pytest.mark.django_db

ANSWERS_RIGHT = {
    "def-consent": "a",
    "def-border": "b",
    "nrm-first-responder": "b",
    "consent-child": "b",
    "consent-adult-declines": "c",
}
CONF = {"identify": 2, "respond": 2, "refer": 1}
REACT = {"relevant": 5, "delivery": 4, "recommend": 5}


def test_accreditation_grants_role_commitment_and_actions_and_is_audited() -> None:
    facilitator = make_facilitator(accredited=False)
    assert facilitator.status == FacilitatorStatus.TRAINING
    lead = facilitator.programme.leads.get()
    services.facilitator_accredit(actor=lead, facilitator=facilitator)
    facilitator.refresh_from_db()
    assert facilitator.status == FacilitatorStatus.ACCREDITED and facilitator.accredited_by == lead
    assert Role.FACILITATOR in facilitator.user.roles()
    commitment = facilitator.commitments.get()
    assert (commitment.sessions_min, commitment.sessions_max, commitment.staff_target) == (
        2,
        3,
        200,
    )
    assert {a.kind for a in commitment.actions.all()} == set(ActionKind.values)
    assert AuditEvent.objects.filter(
        action="facilitation.facilitator_accredited", object_ref=str(facilitator.pk)
    ).exists()
    with pytest.raises(FacilitationError):
        services.facilitator_accredit(actor=lead, facilitator=facilitator)


def test_commitment_is_editable_and_checked() -> None:
    facilitator = make_facilitator()
    commitment = facilitator.commitments.get()
    with pytest.raises(FacilitationError):
        services.commitment_update(
            actor=facilitator.user,
            commitment=commitment,
            starts_on=commitment.starts_on,
            ends_on=commitment.ends_on,
            sessions_min=4,
            sessions_max=3,
            staff_target=200,
        )
    services.commitment_update(
        actor=facilitator.user,
        commitment=commitment,
        starts_on=commitment.starts_on,
        ends_on=commitment.ends_on,
        sessions_min=1,
        sessions_max=2,
        staff_target=120,
    )
    commitment.refresh_from_db()
    assert commitment.staff_target == 120


def test_action_done_needs_evidence_in_service_and_database() -> None:
    action = make_facilitator().commitments.get().actions.first()
    assert action is not None
    with pytest.raises(FacilitationError):
        services.action_update(
            actor=action.commitment.facilitator.user,
            action=action,
            owner="Safeguarding lead",
            due_on=action.due_on,
            status="done",
            evidence=" ",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpAction.objects.filter(pk=action.pk).update(status="done", evidence="")


def test_waitlist_and_automatic_promotion_on_cancellation() -> None:
    session = make_session(capacity=2, waitlist_limit=1)
    first = make_booking(session, email="a@example.test")
    second = make_booking(session, email="b@example.test")
    third = make_booking(session, email="c@example.test")
    assert [first.status, second.status, third.status] == ["confirmed", "confirmed", "waitlisted"]
    with pytest.raises(FacilitationError, match="full"):
        make_booking(session, email="d@example.test")
    assert Booking.objects.filter(session=session).count() == 3  # nothing half-written
    result = services.booking_cancel(booking=first)
    assert result.promoted is not None and result.promoted.pk == third.pk
    third.refresh_from_db()
    assert third.status == BookingStatus.CONFIRMED and third.promoted_at is not None
    subjects = [m.subject for m in mail.outbox]
    assert any(s.startswith("A place has come up") for s in subjects)
    assert any(s.startswith("Your booking is cancelled") for s in subjects)
    # Cancelling a waiting-list place promotes nobody.
    with pytest.raises(FacilitationError, match="already cancelled"):
        services.booking_cancel(booking=first)


def test_double_booking_is_refused_but_a_cancelled_person_may_rebook() -> None:
    session = make_session()
    booking = make_booking(session, email="Same@Example.test")
    with pytest.raises(FacilitationError, match="already has a place") as caught:
        make_booking(session, email="same@example.test")
    assert caught.value.field == "email"
    services.booking_cancel(booking=booking)
    again = make_booking(session, email="same@example.test")
    assert again.status == BookingStatus.CONFIRMED


def test_database_refuses_two_live_bookings_for_one_email() -> None:
    session = make_session()
    booking = make_booking(session, email="x@example.test")
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            session=session,
            full_name="X",
            email="x@example.test",
            organisation_name="O",
            org_type="police",
            job_role="police",
            status="waitlisted",
        )
    assert booking.pk


def test_past_or_started_session_cannot_be_booked() -> None:
    session = start_now(make_session())
    with pytest.raises(FacilitationError, match="already started"):
        make_booking(session)
    assert not Booking.objects.filter(session=session).exists()


def test_confirmation_email_has_an_rfc5545_calendar_attachment() -> None:
    session = make_session(title="Awareness, with a comma; and semicolon")
    make_booking(session, email="cal@example.test")
    message = mail.outbox[-1]
    assert message.to == ["cal@example.test"]
    assert "Your place is booked" in message.subject
    name, content, mimetype = message.attachments[0]
    assert name == "session.ics" and mimetype.startswith("text/calendar")
    assert content.startswith("BEGIN:VCALENDAR\r\n") and content.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Awareness\\, with a comma\\; and semicolon" in content
    assert "DTSTART:" + session.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") in content
    assert all(len(line.encode()) <= 75 for line in content.split("\r\n"))
    assert "/book/manage/" in message.body and "/book/evaluate/" in message.body
    # Questions open at the end; the certificate follows within the hour (as the pages say).
    assert "When the session ends, the link below gives you the after-session questions" in (
        message.body
    )
    assert "CPD certificate (2.5 hours) will be there within an hour of the end" in message.body


def test_reminders_are_sent_once_for_sessions_within_48_hours() -> None:
    soon = make_session(starts_at=timezone.now() + timedelta(hours=20))
    later = make_session(starts_at=timezone.now() + timedelta(days=5))
    make_booking(soon)
    make_booking(later)
    mail.outbox.clear()
    assert services.reminders_send_due() == 1
    assert services.reminders_send_due() == 0
    assert mail.outbox[0].subject.startswith("Reminder:")
    assert mail.outbox[0].attachments


def test_a_reminder_the_mail_server_refused_is_sent_on_the_next_run(settings) -> None:
    booking = make_booking(make_session(starts_at=timezone.now() + timedelta(hours=20)))
    mail.outbox.clear()
    refuse_mail(settings)  # the mail server is down
    services.reminders_send_due()
    booking.refresh_from_db()
    assert booking.reminded_at is None and mail.outbox == []
    accept_mail(settings)
    assert services.reminders_send_due() == 1
    assert [m.subject[:9] for m in mail.outbox] == ["Reminder:"]
    assert services.reminders_send_due() == 0


def test_self_checkin_only_inside_the_window() -> None:
    session = make_session()
    booking = make_booking(session, email="in@example.test")
    waiting = make_session(capacity=1)
    with pytest.raises(FacilitationError, match="not open"):
        services.checkin_self(session=session, email="in@example.test")
    # Opening more than an hour before the start is refused.
    with pytest.raises(FacilitationError, match="an hour before"):
        services.checkin_open(actor=session.facilitator.user, session=session, minutes=30)
    session = start_now(session)
    services.checkin_open(actor=session.facilitator.user, session=session, minutes=30)
    with pytest.raises(FacilitationError, match="no booking"):
        services.checkin_self(session=session, email="nobody@example.test")
    checked = services.checkin_self(session=session, email="IN@example.test")
    assert checked.pk == booking.pk and checked.attended_at is not None
    completion = Completion.objects.get(booking=booking)
    assert str(completion.cpd_hours) == "2.50"
    # After the window closes, check-in is refused again.
    services.checkin_close(actor=session.facilitator.user, session=session)
    session.refresh_from_db()
    with pytest.raises(FacilitationError, match="not open"):
        services.checkin_self(session=session, email="in@example.test")
    assert waiting.pk


def test_waitlisted_person_cannot_check_in() -> None:
    session = make_session(capacity=1)
    make_booking(session, email="one@example.test")
    make_booking(session, email="two@example.test")
    session = start_now(session)
    services.checkin_open(actor=session.facilitator.user, session=session, minutes=30)
    with pytest.raises(FacilitationError, match="waiting list"):
        services.checkin_self(session=session, email="two@example.test")


def test_marking_attendance_creates_and_removes_completions_and_is_audited() -> None:
    session = make_session()
    a, b = make_booking(session), make_booking(session)
    with pytest.raises(FacilitationError):
        services.attendance_mark(actor=session.facilitator.user, session=session, present_ids=[])
    session = start_now(session)
    assert services.attendance_mark(
        actor=session.facilitator.user, session=session, present_ids=[str(a.pk), str(b.pk)]
    ) == (2, 0)
    assert Completion.objects.filter(booking__session=session).count() == 2
    assert services.attendance_mark(
        actor=session.facilitator.user, session=session, present_ids=[str(a.pk)]
    ) == (0, 1)
    assert list(
        Completion.objects.filter(booking__session=session).values_list("booking", flat=True)
    ) == [a.pk]
    assert AuditEvent.objects.filter(action="facilitation.attendance_changed").count() == 2


def _attend(session, n: int, *, answered_before: int = 0) -> list[Booking]:
    """Book n people, let the first ``answered_before`` answer the before-session questions
    (they close when the session starts), end the session and mark everyone present."""
    bookings = [make_booking(session) for _ in range(n)]
    for booking in bookings[:answered_before]:
        services.evaluation_submit(booking=booking, phase="pre", answers={}, confidence=CONF)
    end_now(session)
    services.attendance_mark(
        actor=session.facilitator.user, session=session, present_ids=[str(b.pk) for b in bookings]
    )
    return [Booking.objects.get(pk=b.pk) for b in bookings]


def test_evaluation_is_anonymous_once_per_phase_and_after_needs_attendance() -> None:
    session = make_session()
    booking = make_booking(session)
    with pytest.raises(FacilitationError, match="checked in"):
        services.evaluation_submit(
            booking=booking, phase="post", answers=ANSWERS_RIGHT, confidence=CONF, reaction=REACT
        )
    services.evaluation_submit(booking=booking, phase="pre", answers={}, confidence=CONF)
    with pytest.raises(FacilitationError, match="already answered"):
        services.evaluation_submit(booking=booking, phase="pre", answers={}, confidence=CONF)
    response = EvaluationResponse.objects.get()
    assert response.knowledge_score == 0 and response.knowledge_max == 5
    # The answer sheet has no field that points to a booking or a person.
    names = {f.name for f in EvaluationResponse._meta.get_fields()}
    assert not names & {"booking", "email", "full_name", "user"}
    assert EvaluationReceipt.objects.filter(booking=booking, phase="pre").exists()


def test_results_are_suppressed_below_five_responses() -> None:
    session = make_session()
    bookings = _attend(session, 5, answered_before=5)
    for booking in bookings[:4]:
        services.evaluation_submit(
            booking=booking,
            phase="post",
            answers=ANSWERS_RIGHT,
            confidence={"identify": 4, "respond": 5, "refer": 4},
            reaction=REACT,
            comments="Useful",
        )
    summary = selectors.session_evaluation(session)
    assert summary.after.suppressed and summary.after.knowledge_percent is None
    assert summary.comments == ()
    services.evaluation_submit(
        booking=bookings[4],
        phase="post",
        answers=ANSWERS_RIGHT,
        confidence={"identify": 4, "respond": 5, "refer": 4},
        reaction=REACT,
    )
    summary = selectors.session_evaluation(session)
    assert not summary.after.suppressed
    assert summary.before.knowledge_percent == 0 and summary.after.knowledge_percent == 100
    assert summary.knowledge_gain == 100
    assert summary.after.confidence["respond"] == 5
    assert summary.comments == ("Useful",) * 4


def test_facilitator_reach_counts_attendees_against_the_commitment() -> None:
    facilitator = make_facilitator()
    # The commitment starts on the day of accreditation; a session that started ten minutes ago
    # (start_now) must fall inside it even just after midnight.
    Commitment.objects.filter(facilitator=facilitator).update(
        starts_on=F("starts_on") - timedelta(days=1)
    )
    session = make_session(facilitator)
    _attend(session, 3)
    make_session(facilitator)  # upcoming, nobody yet
    reach = selectors.facilitator_reach(facilitator)
    assert (reach.staff_reached, reach.sessions_delivered, reach.sessions_upcoming) == (3, 1, 1)
    assert reach.staff_target == 200 and reach.staff_percent == 2


def test_reach_counts_a_session_delivered_only_once_it_has_ended() -> None:
    facilitator = make_facilitator()
    commitment = Commitment.objects.get(facilitator=facilitator)
    Commitment.objects.filter(pk=commitment.pk).update(
        starts_on=timezone.localdate() - timedelta(days=365), ends_on=timezone.localdate()
    )
    # Under way, two people checked in: not delivered yet (check-in opens before the start).
    running = make_session(facilitator)
    bookings = [make_booking(running) for _ in range(2)]
    start_now(running)
    services.attendance_mark(
        actor=facilitator.user, session=running, present_ids=[str(b.pk) for b in bookings]
    )
    reach = selectors.facilitator_reach(facilitator)
    assert (reach.sessions_delivered, reach.staff_reached, reach.sessions_upcoming) == (0, 0, 1)
    dashboard = selectors.programme_dashboard(facilitator.programme)
    assert (dashboard.sessions_delivered, dashboard.staff_reached) == (0, 0)
    # Ended with nobody recorded: awaiting the register, not vanished.
    forgotten = make_session(facilitator)
    make_booking(forgotten)
    end_now(forgotten, minutes_ago=60)
    reach = selectors.facilitator_reach(facilitator)
    assert reach.sessions_awaiting_register == 1 and reach.sessions_delivered == 0
    assert selectors.programme_dashboard(facilitator.programme).sessions_awaiting_register == 1
    # The running session ends: delivered, and it falls on the period's last day (inclusive).
    end_now(running)
    reach = selectors.facilitator_reach(facilitator)
    assert (reach.sessions_delivered, reach.staff_reached) == (1, 2)
    dashboard = selectors.programme_dashboard(facilitator.programme)
    assert (dashboard.sessions_delivered, dashboard.staff_reached) == (1, 2)


def test_only_accredited_facilitators_schedule_sessions() -> None:
    trainee = make_facilitator(accredited=False)
    with pytest.raises(FacilitationError, match="accredited"):
        make_session(trainee)


def test_programme_names_are_unique() -> None:
    programme = make_programme()
    with pytest.raises(FacilitationError):
        services.programme_create(actor=programme.leads.get(), name=programme.name.upper())
