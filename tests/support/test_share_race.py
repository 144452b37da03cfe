"""Consent withdrawn while a share is being made: the share sees the withdrawal (PostgreSQL)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from lantern.support import services
from lantern.support.models import InformationShare
from tests.support import factories as f
from tests.support.conftest import World


@pytest.mark.django_db(transaction=True)
def test_a_share_waits_for_a_withdrawal_in_flight_and_is_refused(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers at BEGIN IMMEDIATE; row locks need PostgreSQL")
    partner = f.partner(world.case, world.caseworker)
    f.consent(world.case, world.caseworker, partner)
    withdrawn, finish = threading.Event(), threading.Event()
    outcome: list[str] = []

    def withdraw() -> None:
        try:
            with transaction.atomic():
                f.consent(world.case, world.supervisor, partner, decision="withdrawn")
                withdrawn.set()  # written, not yet committed; the case row is held
                finish.wait(10)
        finally:
            connections.close_all()

    def share() -> None:
        try:
            services.information_share_create(
                actor=world.caseworker,
                case=world.case,
                partner=partner,
                kind="referral",
                what_shared=["identity"],
                purpose="Legal advice appointment",
                basis="consent",
                actor_may_override=False,
            )
            outcome.append("shared")
        except services.ShareRefused:
            outcome.append("refused")
        finally:
            connections.close_all()

    withdrawer = threading.Thread(target=withdraw)
    withdrawer.start()
    assert withdrawn.wait(10)
    sharer = threading.Thread(target=share)
    sharer.start()
    time.sleep(0.5)  # the share is now waiting for the case row
    finish.set()
    withdrawer.join(10)
    sharer.join(10)
    assert outcome == ["refused"]
    assert not InformationShare.objects.filter(case=world.case).exists()
