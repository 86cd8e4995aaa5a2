"""Another program holds the database file: members still get an answer in time.

A backup tool, a second copy of the bot or `BEGIN EXCLUSIVE` typed in a sqlite3 shell can
hold the file's write lock. The test holds it the same way, from its own connection.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from fakediscord import Driver
from fakediscord.standard import StandardGuild
from helpers_hours import hours_bot

from bot.app import LeapBot
from bot.settings import Settings
from bot.text import common as text
from storage.database import AlreadyRunning

HOLD_SECONDS = 8.0


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    return await hours_bot(leap_settings, start_bot, world)


class Holder:
    """Holds `BEGIN EXCLUSIVE` on the database file for a while, like a sqlite3 shell."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.task: asyncio.Task[None] | None = None

    async def hold(self, seconds: float) -> None:
        """Take the lock now; let go after `seconds` (in the background)."""
        conn = sqlite3.connect(self.path, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")

        async def release_later() -> None:
            try:
                await asyncio.sleep(seconds)
            finally:
                conn.execute("ROLLBACK")
                conn.close()

        self.task = asyncio.create_task(release_later())

    async def released(self) -> None:
        """Wait until the lock is let go."""
        if self.task is not None:
            await self.task

    async def release_now(self) -> None:
        """Let go at once (the bot has already given up waiting)."""
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)


@pytest.fixture
async def holder(leap_settings: Settings) -> AsyncIterator[Holder]:
    held = Holder(leap_settings.database_path)
    yield held
    if held.task is not None:
        held.task.cancel()
        await asyncio.gather(held.task, return_exceptions=True)


async def _claims(bot: LeapBot) -> int:
    async with bot.db.read() as conn:
        return int(await conn.fetchval("SELECT count(*) FROM hours_entries"))


async def _claim(driver: Driver, world: StandardGuild) -> Any:
    return await driver.slash(world.member, "hours claim", activity="review", minutes=30)


async def test_a_claim_while_the_file_is_held_gets_a_plain_answer_in_time(
    bot: LeapBot, driver: Driver, world: StandardGuild, holder: Holder
) -> None:
    await holder.hold(HOLD_SECONDS)
    r = await _claim(driver, world)  # fails unless Discord is answered within 3 seconds
    await r.wait_response(within=HOLD_SECONDS)
    await holder.released()
    assert (r.deferred, r.text) == (True, text.DB_BUSY)


async def test_nothing_is_saved_and_the_bot_keeps_running(
    bot: LeapBot, driver: Driver, world: StandardGuild, holder: Holder
) -> None:
    await holder.hold(HOLD_SECONDS)
    refused = await _claim(driver, world)
    await refused.wait_response(within=HOLD_SECONDS)
    await holder.release_now()
    after_refusal = await _claims(bot)
    again = await _claim(driver, world)
    assert (after_refusal, "30 minutes of review" in again.text, await _claims(bot)) == (
        0,
        True,
        1,
    )


async def test_the_busy_file_is_logged_in_one_line_without_a_traceback(
    bot: LeapBot,
    driver: Driver,
    world: StandardGuild,
    holder: Holder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await holder.hold(HOLD_SECONDS)
    with caplog.at_level(logging.WARNING):
        r = await _claim(driver, world)
        await r.wait_response(within=HOLD_SECONDS)
    await holder.release_now()
    ours = [rec for rec in caplog.records if rec.name.startswith(("bot", "cogs", "storage"))]
    assert [(rec.levelname, "busy" in rec.getMessage(), rec.exc_info) for rec in ours] == [
        ("WARNING", True, None)
    ]


async def test_a_command_queued_behind_the_wait_is_acknowledged_in_time_too(
    bot: LeapBot, driver: Driver, world: StandardGuild, holder: Holder
) -> None:
    await holder.hold(4.0)  # past Discord's 3 seconds, short of the 5-second give-up
    first = await driver.dispatch_slash(world.member, "hours claim", activity="review", minutes=30)
    await first.wait_answered()  # its write is waiting for the file now
    queued = await driver.slash(world.member2, "hours me")  # waits behind it
    await queued.wait_response(within=HOLD_SECONDS)
    await first.wait_response(within=HOLD_SECONDS)
    await holder.released()
    assert (queued.deferred, bool(queued.text)) == (True, True)


async def test_a_form_command_queued_behind_the_wait_says_busy_in_time_instead(
    bot: LeapBot, driver: Driver, world: StandardGuild, holder: Holder
) -> None:
    """/prompt check with no text opens a form, which cannot follow "thinking…": while a
    write waits for the file, it says plainly that the bot is busy, within 3 seconds."""
    await holder.hold(4.0)
    first = await driver.dispatch_slash(world.member, "hours claim", activity="review", minutes=30)
    await first.wait_answered()  # its write is waiting for the file now
    queued = await driver.slash(world.coordinator, "prompt check")  # fails after 3 s unanswered
    await first.wait_response(within=HOLD_SECONDS)
    await holder.released()
    assert (queued.deferred, queued.text) == (False, text.DB_BUSY)


async def test_a_form_command_given_its_text_queued_behind_the_wait_is_acknowledged_first(
    bot: LeapBot, driver: Driver, world: StandardGuild, holder: Holder
) -> None:
    """The same command with its text given opens no form, so it says "thinking…" first."""
    await holder.hold(4.0)
    first = await driver.dispatch_slash(world.member, "hours claim", activity="review", minutes=30)
    await first.wait_answered()
    queued = await driver.slash(world.coordinator, "prompt check", text="Is this clear?")
    await queued.wait_response(within=HOLD_SECONDS)
    await first.wait_response(within=HOLD_SECONDS)
    await holder.released()
    assert (queued.deferred, "Reading ease" in queued.text) == (True, True)


async def test_a_short_hold_is_acknowledged_first_and_then_saved(
    bot: LeapBot, driver: Driver, world: StandardGuild, holder: Holder
) -> None:
    await holder.hold(2.5)
    r = await _claim(driver, world)
    await r.wait_response(within=HOLD_SECONDS)
    await holder.released()
    assert (r.deferred, "30 minutes of review" in r.text, await _claims(bot)) == (True, True, 1)


async def test_a_second_copy_on_the_same_database_refuses_to_start(
    bot: LeapBot, leap_settings: Settings
) -> None:
    second = LeapBot(leap_settings)
    with pytest.raises(AlreadyRunning) as refused:
        async with second:
            await second.login("unused-token")
    assert "already running" in str(refused.value)
