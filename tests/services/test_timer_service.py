"""The generic timer service: stored first, rebuilt after restarts, fired exactly once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock, SystemClock
from bot.services.timers import HORIZON, TimerService
from storage import meta
from storage import timers as repo
from storage.database import Conn, Database
from storage.timers import Timer

START = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


class Recorder:
    """Collects what fired, with its late flag."""

    def __init__(self) -> None:
        self.fired: list[tuple[int, bool]] = []
        self.event = asyncio.Event()

    async def deliver(self, timer: Timer, late: bool, result: Any) -> None:
        self.fired.append((timer.id, late))
        self.event.set()


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "leap.sqlite3")
    yield database
    await database.close()


async def _service(db: Database, clock: ManualClock, recorder: Recorder) -> TimerService:
    service = TimerService(db, clock)
    service.register("test", deliver=recorder.deliver)
    await service.start()
    return service


async def test_timer_is_stored_before_it_fires(db: Database) -> None:
    clock = ManualClock(START)
    service = await _service(db, clock, Recorder())
    try:
        timer = await service.create(START + timedelta(hours=1), "test", {"a": 1})
        async with db.read() as conn:
            stored = await repo.get(conn, timer.id)
        assert stored is not None
        assert stored.status == "pending"
    finally:
        await service.stop()


async def test_due_timer_fires_once(db: Database) -> None:
    clock = ManualClock(START)
    recorder = Recorder()
    service = await _service(db, clock, recorder)
    try:
        timer = await service.create(START + timedelta(minutes=5), "test")
        clock.advance(timedelta(minutes=5))
        await service.run_due()
        await service.run_due()
        assert recorder.fired == [(timer.id, False)]
    finally:
        await service.stop()


async def test_timer_not_yet_due_does_not_fire(db: Database) -> None:
    clock = ManualClock(START)
    recorder = Recorder()
    service = await _service(db, clock, recorder)
    try:
        await service.create(START + timedelta(minutes=5), "test")
        clock.advance(timedelta(minutes=4))
        assert await service.run_due() == 0
    finally:
        await service.stop()


async def test_scheduler_fires_timer_on_time_without_help(db: Database) -> None:
    recorder = Recorder()
    service = TimerService(db, SystemClock())
    service.register("test", deliver=recorder.deliver)
    await service.start()
    try:
        timer = await service.create(datetime.now(UTC) + timedelta(milliseconds=200), "test")
        await asyncio.wait_for(recorder.event.wait(), timeout=5)
        assert recorder.fired == [(timer.id, False)]
    finally:
        await service.stop()


async def test_cancelled_timer_never_fires(db: Database) -> None:
    clock = ManualClock(START)
    recorder = Recorder()
    service = await _service(db, clock, recorder)
    try:
        timer = await service.create(START + timedelta(minutes=5), "test")
        assert await service.cancel(timer.id)
        clock.advance(timedelta(hours=1))
        await service.run_due()
        assert recorder.fired == []
    finally:
        await service.stop()


async def test_pending_timers_are_rebuilt_after_restart(db: Database) -> None:
    clock = ManualClock(START)
    first = await _service(db, clock, Recorder())
    timer = await first.create(START + timedelta(hours=2), "test")
    await first.stop()
    recorder = Recorder()
    second = await _service(db, clock, recorder)
    try:
        assert second._scheduler.get_job(f"timer-{timer.id}") is not None
    finally:
        await second.stop()


async def test_a_far_timer_waits_off_the_scheduler_until_it_comes_near(db: Database) -> None:
    """Start-up schedules only timers due within the horizon; the sweep adds the rest."""
    clock = ManualClock(START)
    first = await _service(db, clock, Recorder())
    timer = await first.create(START + HORIZON + timedelta(days=3), "test")
    await first.stop()
    second = await _service(db, clock, Recorder())
    try:
        before = second._scheduler.get_job(f"timer-{timer.id}")
        clock.set(START + timedelta(days=3, minutes=1))
        added = await second._plan_ahead()
        after = second._scheduler.get_job(f"timer-{timer.id}")
        assert (before is None, added, after is not None) == (True, 1, True)
    finally:
        await second.stop()


async def test_timer_due_while_down_fires_once_late_at_startup(db: Database) -> None:
    clock = ManualClock(START)
    first = await _service(db, clock, Recorder())
    timer = await first.create(START + timedelta(minutes=10), "test")
    await first.stop()
    clock.advance(timedelta(hours=1))  # the bot was down when it came due
    recorder = Recorder()
    second = await _service(db, clock, recorder)
    await second.wait_idle()
    await second.stop()
    third = await _service(db, clock, Recorder())
    await third.wait_idle()
    await third.stop()
    assert recorder.fired == [(timer.id, True)]


async def test_two_concurrent_fires_claim_once(db: Database) -> None:
    clock = ManualClock(START)
    recorder = Recorder()
    service = await _service(db, clock, recorder)
    try:
        timer = await service.create(START, "test")
        results = await asyncio.gather(service.fire(timer.id), service.fire(timer.id))
        assert (sorted(results), len(recorder.fired)) == ([False, True], 1)
    finally:
        await service.stop()


async def test_apply_effect_commits_with_the_done_mark(db: Database) -> None:
    clock = ManualClock(START)
    service = TimerService(db, clock)

    async def apply(conn: Conn, timer: Timer, late: bool) -> str:
        await meta.put(conn, f"applied:{timer.id}", "yes")
        return "ok"

    service.register("effect", apply=apply)
    await service.start()
    try:
        timer = await service.create(START, "effect")
        await service.run_due()
        async with db.read() as conn:
            stored = await repo.get(conn, timer.id)
            value = await meta.get(conn, f"applied:{timer.id}")
        assert (stored and stored.status, value) == ("done", "yes")
    finally:
        await service.stop()


async def test_failing_apply_is_undone_and_never_loops(db: Database) -> None:
    clock = ManualClock(START)
    service = TimerService(db, clock)
    calls: list[int] = []

    async def apply(conn: Conn, timer: Timer, late: bool) -> None:
        calls.append(timer.id)
        await meta.put(conn, "half", "done")
        raise RuntimeError("broken handler")

    service.register("broken", apply=apply)
    await service.start()
    try:
        await service.create(START, "broken")
        await service.run_due()
        await service.run_due()
        async with db.read() as conn:
            half = await meta.get(conn, "half")
        assert (len(calls), half) == (1, None)
    finally:
        await service.stop()


async def test_timer_without_handler_stays_pending(db: Database) -> None:
    clock = ManualClock(START)
    service = TimerService(db, clock)
    await service.start()
    try:
        timer = await service.create(START, "nobody-handles-this")
        await service.run_due()
        async with db.read() as conn:
            stored = await repo.get(conn, timer.id)
        assert stored is not None
        assert stored.status == "pending"
    finally:
        await service.stop()


async def test_registering_a_kind_twice_is_refused(db: Database) -> None:
    service = TimerService(db, ManualClock(START))
    service.register("x")
    with pytest.raises(ValueError, match="already registered"):
        service.register("x")


async def test_stop_lets_a_delivery_in_progress_finish(db: Database) -> None:
    """A clean shutdown in the middle of a reminder waits for it instead of cutting it off."""
    started, release = asyncio.Event(), asyncio.Event()
    delivered: list[int] = []

    async def deliver(timer: Timer, late: bool, result: Any) -> None:
        started.set()
        await release.wait()
        delivered.append(timer.id)

    service = TimerService(db, SystemClock())
    service.register("slow", deliver=deliver)
    await service.start()
    timer = await service.create(datetime.now(UTC) + timedelta(milliseconds=50), "slow")
    await asyncio.wait_for(started.wait(), timeout=5)
    asyncio.get_running_loop().call_soon(release.set)
    await service.stop()
    assert delivered == [timer.id]
