"""A crowd pressing buttons at once: Discord is answered at once, the result follows."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fakediscord import Driver
from fakediscord.standard import StandardGuild
from helpers_sessions import make_bot, only_session, presences, real_now, schedule, start

from bot.app import LeapBot
from bot.clock import ManualClock
from storage.database import BUSY_QUEUE


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    return await make_bot(leap_settings, start_bot, world, ManualClock(real_now()))


async def _card(bot: LeapBot, driver: Driver, world: StandardGuild) -> Any:
    await schedule(driver, world)
    result = await start(driver, world)
    card = await result.wait_message(world.panel_voice)
    await bot.notifier.wait_idle()  # the "has started early" notice has gone out: all quiet
    return card


async def _hold_database(bot: LeapBot, held: asyncio.Event, release: asyncio.Event) -> None:
    """Hold the connection while a queue of other work forms behind it (a burst)."""

    async def queued_read() -> None:
        async with bot.db.read():
            pass

    async with bot.db.read():
        queue = [asyncio.create_task(queued_read()) for _ in range(BUSY_QUEUE)]
        await asyncio.sleep(0)  # the queued reads start and wait for the connection
        assert bot.db.busy
        held.set()
        await release.wait()
    await asyncio.gather(*queue)


async def test_press_while_database_is_busy_is_acknowledged_first(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    card = await _card(bot, driver, world)
    held, release = asyncio.Event(), asyncio.Event()
    holder = asyncio.create_task(_hold_database(bot, held, release))
    await held.wait()
    click = await driver.click(world.member2, card, label="I'm here")
    acknowledged_while_busy = click.deferred
    release.set()
    await holder
    await click.wait_response()
    assert (acknowledged_while_busy, "counted" in click.text) == (True, True)


async def test_press_while_busy_is_still_saved(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    card = await _card(bot, driver, world)
    held, release = asyncio.Event(), asyncio.Event()
    holder = asyncio.create_task(_hold_database(bot, held, release))
    await held.wait()
    click = await driver.click(world.member2, card, label="I'm here")
    release.set()
    await holder
    await click.wait_response()
    session = await only_session(bot, world.guild.id)
    assert len(await presences(bot, session.id, world.member2.id)) == 1


async def test_press_behind_one_short_task_is_answered_in_one_step(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    card = await _card(bot, driver, world)
    release = asyncio.Event()

    async def hold() -> None:
        async with bot.db.read():
            await release.wait()

    holder = asyncio.create_task(hold())
    await asyncio.sleep(0)
    pressing = asyncio.create_task(driver.click(world.member2, card, label="I'm here"))
    await asyncio.sleep(0.05)
    release.set()
    await holder
    click = await pressing
    assert (click.deferred, click.callback_type) == (False, 4)


async def test_press_when_quiet_is_answered_in_one_step(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    card = await _card(bot, driver, world)
    click = await driver.click(world.member2, card, label="I'm here")
    assert (click.deferred, click.callback_type) == (False, 4)
