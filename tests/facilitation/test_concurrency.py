"""Two people take the last place at the same moment: exactly one gets it (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from lantern.facilitation.models import Booking
from lantern.facilitation.services import FacilitationError
from tests.facilitation.factories import make_booking, make_session


@pytest.mark.django_db(transaction=True)
def test_simultaneous_bookings_for_the_last_place() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers at BEGIN IMMEDIATE; row locks need PostgreSQL")
    session = make_session(capacity=1, waitlist_limit=0)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def book(n: int) -> None:
        try:
            barrier.wait()
            make_booking(session, email=f"racer{n}@example.test")
            outcomes.append("booked")
        except FacilitationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["booked", "refused"]
    assert Booking.objects.filter(session=session, status="confirmed").count() == 1
