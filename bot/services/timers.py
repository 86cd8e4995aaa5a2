"""A generic timer service: the timers table is the truth, APScheduler is a cache of it.

Features register a handler per kind. When a timer fires, the service claims its row
(pending -> done) and runs the handler's `apply` step in the same transaction, so the
database effect and the "fired" mark commit together: a crash never repeats or loses it.
Then it runs the handler's `deliver` step (Discord calls) outside the transaction.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from bot.clock import Clock
from storage import timers as repo
from storage.database import Busy, Conn, Database
from storage.timers import Timer

log = logging.getLogger(__name__)

ApplyStep = Callable[[Conn, Timer, bool], Awaitable[Any]]
DeliverStep = Callable[[Timer, bool, Any], Awaitable[None]]

# A timer that fires this long after it was due counts as late.
LATE_AFTER = timedelta(minutes=2)
# How often the safety sweep looks for due timers that have no job (e.g. missed schedules).
SWEEP_EVERY = timedelta(minutes=1)
# How long a clean shutdown waits for timers that are firing (a reminder half sent).
STOP_GRACE = timedelta(seconds=20)
# Only timers due within this window are put on the scheduler; the sweep adds the rest as
# they come near. Start-up with 10,000 pending reminders stays fast and small.
HORIZON = timedelta(hours=6)


@dataclass(frozen=True, slots=True)
class TimerHandler:
    """What to do when a timer of one kind fires."""

    apply: ApplyStep | None = None
    deliver: DeliverStep | None = None


def _job_id(timer_id: int) -> str:
    return f"timer-{timer_id}"


class TimerService:
    """Create, cancel and fire stored timers; rebuild the schedule at start-up."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._handlers: dict[str, TimerHandler] = {}
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self._tasks: set[asyncio.Task[None]] = set()

    # --- set-up -----------------------------------------------------------------------

    def register(
        self, kind: str, *, apply: ApplyStep | None = None, deliver: DeliverStep | None = None
    ) -> None:
        """Say what to do when a timer of `kind` fires (one handler per kind)."""
        if kind in self._handlers:
            raise ValueError(f"A handler for timer kind {kind!r} is already registered.")
        self._handlers[kind] = TimerHandler(apply=apply, deliver=deliver)

    def unregister(self, kind: str) -> None:
        """Forget the handler for a kind (when its cog unloads)."""
        self._handlers.pop(kind, None)

    @property
    def running(self) -> bool:
        """Whether the scheduler is running."""
        return bool(self._scheduler.running)

    async def start(self) -> int:
        """Start the scheduler and rebuild it from the table; return how many were pending.

        Timers that came due while the bot was down fire once, in the background, with
        `late=True`.
        """
        if not self._scheduler.running:
            self._scheduler.start()
            self._scheduler.add_job(
                self._sweep,
                "interval",
                seconds=SWEEP_EVERY.total_seconds(),
                id="timer-sweep",
                replace_existing=True,
                coalesce=True,
                max_instances=1,
            )
        now = self._clock.now()
        async with self._db.read() as conn:
            count = await repo.count_pending(conn)
            near = await repo.pending_due(conn, now + HORIZON)
        overdue = [t for t in near if t.due_at <= now]
        for timer in near:
            if timer.due_at > now:
                self._schedule(timer)
        if overdue:
            self._spawn(self._fire_many([t.id for t in overdue], late=True))
        log.info(
            "Timers rebuilt: %d pending, %d scheduled, %d overdue",
            count,
            len(near) - len(overdue),
            len(overdue),
        )
        return count

    async def stop(self) -> None:
        """Stop the scheduler, then let timers already firing finish (within STOP_GRACE).

        The scheduler's own shutdown cancels the jobs it is running, which would cut off a
        delivery halfway (its timer already marked done): jobs only hand their work to
        tasks tracked here, and those are waited for instead.
        """
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        try:
            await asyncio.wait_for(self.wait_idle(), STOP_GRACE.total_seconds())
        except TimeoutError:
            log.warning("Timers still firing after %s; stopping them", STOP_GRACE)
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)

    # --- creating and cancelling --------------------------------------------------------

    async def create(
        self,
        when: datetime,
        kind: str,
        payload: dict[str, Any] | None = None,
        *,
        guild_id: int | None = None,
    ) -> Timer:
        """Store a timer, then schedule it."""
        async with self._db.transaction() as conn:
            timer = await self.insert(conn, when, kind, payload, guild_id=guild_id)
        self.schedule(timer)
        return timer

    async def insert(
        self,
        conn: Conn,
        when: datetime,
        kind: str,
        payload: dict[str, Any] | None = None,
        *,
        guild_id: int | None = None,
    ) -> Timer:
        """Store a timer inside the caller's transaction; call `schedule` after commit."""
        return await repo.insert(
            conn,
            guild_id=guild_id,
            kind=kind,
            due_at=when,
            payload=payload or {},
            now=self._clock.now(),
        )

    def schedule(self, timer: Timer) -> None:
        """Put a stored timer on the scheduler (after its row is committed); one due beyond
        HORIZON is left to the sweep, which schedules it when it comes near."""
        if self._scheduler.running and timer.due_at <= self._clock.now() + HORIZON:
            self._schedule(timer)

    async def cancel(self, timer_id: int) -> bool:
        """Cancel a pending timer; True when it had not fired yet."""
        async with self._db.transaction() as conn:
            cancelled = await repo.cancel(conn, timer_id)
        self.unschedule(timer_id)
        return cancelled

    def unschedule(self, timer_id: int) -> None:
        """Drop a timer's job (its row was cancelled in the caller's transaction)."""
        job = self._scheduler.get_job(_job_id(timer_id))
        if job is not None:
            job.remove()

    # --- firing -------------------------------------------------------------------------

    async def fire(self, timer_id: int, *, late: bool = False) -> bool:
        """Claim and run one timer now; False if it was not pending or had no handler."""
        now = self._clock.now()
        result: Any = None
        async with self._db.transaction() as conn:
            timer = await repo.get(conn, timer_id)
            if timer is None or timer.status != "pending":
                return False
            handler = self._handlers.get(timer.kind)
            if handler is None:
                log.warning("No handler for timer kind %r (timer %d)", timer.kind, timer.id)
                return False
            late = late or now - timer.due_at > LATE_AFTER
            if not await repo.claim(conn, timer.id, now=now, late=late):
                return False
            if handler.apply is not None:
                result = await self._apply(conn, handler.apply, timer, late)
        self.unschedule(timer_id)
        if handler.deliver is not None:
            try:
                await handler.deliver(timer, late, result)
            except Exception:
                log.exception("Timer %d (%s) could not be delivered", timer.id, timer.kind)
        return True

    async def _apply(self, conn: Conn, step: ApplyStep, timer: Timer, late: bool) -> Any:
        try:
            async with conn.savepoint():
                return await step(conn, timer, late)
        except Exception:
            # Keep the claim (so it never loops) but undo the half-done effect.
            log.exception("Timer %d (%s) failed; it will not run again", timer.id, timer.kind)
            return None

    async def run_due(self, now: datetime | None = None, *, late: bool = False) -> int:
        """Fire every pending timer due by `now` (the clock's time by default); return count."""
        async with self._db.read() as conn:
            due = await repo.pending_due(conn, now or self._clock.now())
        return await self._fire_many([t.id for t in due], late=late)

    async def _fire_many(self, timer_ids: list[int], *, late: bool) -> int:
        fired = 0
        for timer_id in timer_ids:
            try:
                if await self.fire(timer_id, late=late):
                    fired += 1
            except Busy:
                log.warning(
                    "Timer %d waits: another program holds the database; the sweep within "
                    "a minute tries again",
                    timer_id,
                )
            except Exception:
                log.exception("Timer %d failed to fire", timer_id)
        return fired

    async def _sweep(self) -> None:
        self._spawn(self.run_due())
        self._spawn(self._plan_ahead())

    async def _plan_ahead(self) -> int:
        """Schedule the pending timers that came within HORIZON and have no job yet."""
        async with self._db.read() as conn:
            near = await repo.pending_due(conn, self._clock.now() + HORIZON)
        added = 0
        for timer in near:
            if self._scheduler.get_job(_job_id(timer.id)) is None:
                self._schedule(timer)
                added += 1
        return added

    def _schedule(self, timer: Timer) -> None:
        self._scheduler.add_job(
            self._fire_job,
            DateTrigger(run_date=timer.due_at, timezone=UTC),
            args=[timer.id],
            id=_job_id(timer.id),
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )

    async def _fire_job(self, timer_id: int) -> None:
        self._spawn(self._fire_many([timer_id], late=False))

    def _spawn(self, coro: Awaitable[int]) -> None:
        """Run firing work in a task that `stop` waits for (never cancelled by APScheduler)."""

        async def runner() -> None:
            try:
                await coro
            except Exception:
                log.exception("Timers failed to fire")

        task = asyncio.create_task(runner())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def wait_idle(self) -> None:
        """Wait until no timer is firing in the background (start-up catch-up, scheduled)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
