"""Retention: anonymous records older than the panel's retention are deleted once a day.

What goes: break requests (and stale break-limit keys), "this is unclear" signals, and the
words and keys of anonymous contributions (their bare number and time stay, so a number is
never given twice). The contributions' posts are taken down from the channels too, through
the outbox in the purge's own transaction: the words would otherwise stay in Discord past
the retention the panel set. Features holding other anonymous records add their purge step
to `PURGES`.
Hours and payment records are not touched here: finance keeps them (see /mydata erase).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.services import notices
from bot.services.timers import TimerService
from storage import contributions, guild_settings, prompts, wellbeing
from storage import timers as timer_repo
from storage.database import Conn, Database
from storage.timers import Timer

KIND = "retention.purge"
EVERY = timedelta(days=1)
FIRST_AFTER = timedelta(minutes=5)
BREAK_LIMIT_KEEP = timedelta(days=1)

# Each step deletes one feature's anonymous records of a panel older than the cutoff.
Purge = Callable[[Conn, int, datetime], Awaitable[int]]
PURGES: list[Purge] = [
    wellbeing.purge_breaks_before,
    prompts.purge_unclear_before,
    contributions.purge_before,
]


def cutoff_for(now: datetime, years: int) -> datetime:
    """The oldest time kept: `years` years before now (365 days a year, plus leap days)."""
    return now - timedelta(days=365 * years + years // 4)


async def purge(conn: Conn, now: datetime) -> int:
    """Delete every panel's anonymous records past its retention; return how many went."""
    removed = 0
    for guild_id, years in await guild_settings.retention_by_guild(conn):
        cutoff = cutoff_for(now, years)
        for channel_id, message_id in await contributions.posts_before(conn, guild_id, cutoff):
            await notices.take_down(conn, channel_id, message_id, now=now, guild_id=guild_id)
        for step in PURGES:
            removed += await step(conn, guild_id, cutoff)
    removed += await wellbeing.purge_break_limits_before(conn, now - BREAK_LIMIT_KEEP)
    return removed


async def ensure_scheduled(timers: TimerService, conn: Conn, now: datetime) -> Timer | None:
    """Store the daily purge timer unless one is pending; schedule it after commit."""
    if await timer_repo.find_pending(conn, kind=KIND, payload_key="job", payload_value="daily"):
        return None
    return await timers.insert(conn, now + FIRST_AFTER, KIND, {"job": "daily"})


async def start(db: Database, timers: TimerService, clock: Clock) -> None:
    """At start-up: make sure the daily purge timer is stored (and so scheduled)."""
    async with db.transaction() as conn:
        await ensure_scheduled(timers, conn, clock.now())


async def apply_purge(conn: Conn, timers: TimerService, now: datetime) -> Timer:
    """Purge, then store tomorrow's timer in the same transaction (schedule it after)."""
    await purge(conn, now)
    return await timers.insert(conn, now + EVERY, KIND, {"job": "daily"})
