from __future__ import annotations

import pytest
from django.core.management import call_command

from lantern.core import registry
from lantern.core.registry import Step
from lantern.core.scheduling import run_forever, run_round

pytestmark = pytest.mark.django_db


def test_every_app_registers_its_upkeep() -> None:
    daily = {s.name for s in registry.scheduled_jobs("daily")}
    hourly = {s.name for s in registry.scheduled_jobs("hourly")}
    assert {
        "respond: expired referral drafts",
        "support: retention",
        "learning: refreshers and xAPI",
    } <= daily
    assert "facilitation: reminders" in hourly


def test_a_round_runs_the_real_jobs(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("run_scheduled", "--every", "daily")
    out = capsys.readouterr().out
    assert "support: retention: 0 case(s) past retention anonymised" in out
    assert "respond: expired referral drafts: deleted 0 referral draft(s)" in out


def test_a_failing_job_does_not_stop_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []

    def broken() -> str:
        raise RuntimeError("LRS unreachable")

    def fine() -> str:
        ran.append("fine")
        return "ok"

    monkeypatch.setattr(
        registry,
        "_scheduled",
        {"a": ("daily", Step("a broken", 1, broken)), "b": ("daily", Step("b fine", 2, fine))},
    )
    lines = run_round("daily")
    assert lines == ["a broken: FAILED (see the log)", "b fine: ok"]
    assert ran == ["fine"]


def test_the_scheduler_runs_daily_jobs_once_a_day_and_hourly_jobs_every_round(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    counts = {"hourly": 0, "daily": 0}

    def job(kind: str):
        def run() -> str:
            counts[kind] += 1
            return kind

        return run

    monkeypatch.setattr(
        registry,
        "_scheduled",
        {"h": ("hourly", Step("h", 1, job("hourly"))), "d": ("daily", Step("d", 1, job("daily")))},
    )
    sleeps: list[float] = []
    run_forever(sleep=sleeps.append, rounds=3, interval=5)
    assert counts == {"hourly": 3, "daily": 1}
    assert sleeps == [5, 5]
