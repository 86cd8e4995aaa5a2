"""A restart in the middle of a live session loses nobody's time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from fakediscord import Driver
from fakediscord.standard import StandardGuild
from helpers_sessions import (
    end,
    launch,
    ledger,
    make_bot,
    only_session,
    presences,
    real_now,
    schedule,
    start,
    voice,
)

from bot.app import LeapBot
from bot.clock import ManualClock


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(real_now())


async def _restart_mid_session(
    leap_settings: Any,
    start_bot: Any,
    world: StandardGuild,
    driver: Driver,
    clock: ManualClock,
) -> tuple[LeapBot, datetime]:
    """Alice and Bob in voice at the start; the bot stops 10 minutes in; Bob leaves and
    Carol joins while it is down; it comes back 30 minutes in. Returns (new bot, start)."""
    first = await make_bot(leap_settings, start_bot, world, clock)
    await driver.slash(world.owner, "setup attendance", rule="measured")
    await voice(driver, driver.join_voice(world.member, world.panel_voice))
    await voice(driver, driver.join_voice(world.member2, world.panel_voice))
    await schedule(driver, world)
    await start(driver, world)
    began = clock.now()
    clock.advance(timedelta(minutes=10))
    await first.close()
    world.guild.voice_states.pop(world.member2.id)
    world.guild.voice_states[world.closed_dms.id] = world.panel_voice.id
    clock.advance(timedelta(minutes=20))
    second, _ = await launch(leap_settings, start_bot, clock)
    await driver.settle()
    return second, began


async def test_member_still_in_voice_carries_on(
    leap_settings: Any, start_bot: Any, world: StandardGuild, driver: Driver, clock: ManualClock
) -> None:
    bot, began = await _restart_mid_session(leap_settings, start_bot, world, driver, clock)
    session = await only_session(bot, world.guild.id)
    spans = await presences(bot, session.id, world.member.id)
    assert [(p.joined_at, p.left_at) for p in spans] == [(began, None)]


async def test_member_gone_is_closed_when_last_seen(
    leap_settings: Any, start_bot: Any, world: StandardGuild, driver: Driver, clock: ManualClock
) -> None:
    bot, began = await _restart_mid_session(leap_settings, start_bot, world, driver, clock)
    session = await only_session(bot, world.guild.id)
    spans = await presences(bot, session.id, world.member2.id)
    assert [(p.joined_at, p.left_at) for p in spans] == [(began, began + timedelta(minutes=10))]


async def test_member_who_came_while_the_bot_was_away_counts_from_its_return(
    leap_settings: Any, start_bot: Any, world: StandardGuild, driver: Driver, clock: ManualClock
) -> None:
    bot, began = await _restart_mid_session(leap_settings, start_bot, world, driver, clock)
    session = await only_session(bot, world.guild.id)
    spans = await presences(bot, session.id, world.closed_dms.id)
    assert [(p.joined_at, p.left_at) for p in spans] == [(began + timedelta(minutes=30), None)]


async def test_hours_after_a_restart_keep_every_minute(
    leap_settings: Any, start_bot: Any, world: StandardGuild, driver: Driver, clock: ManualClock
) -> None:
    bot, _ = await _restart_mid_session(leap_settings, start_bot, world, driver, clock)
    clock.advance(timedelta(minutes=30))
    await end(driver, world)
    session = await only_session(bot, world.guild.id)
    assert await ledger(bot, world.guild.id, session.id) == sorted(
        [
            (world.member.id, "meeting", 60),
            (world.member2.id, "meeting", 15),
            (world.closed_dms.id, "meeting", 30),
        ]
    )


async def test_voice_changes_after_the_restart_are_recorded(
    leap_settings: Any, start_bot: Any, world: StandardGuild, driver: Driver, clock: ManualClock
) -> None:
    bot, _ = await _restart_mid_session(leap_settings, start_bot, world, driver, clock)
    left = clock.advance(timedelta(minutes=5))
    await voice(driver, driver.leave_voice(world.member))
    session = await only_session(bot, world.guild.id)
    spans = await presences(bot, session.id, world.member.id)
    assert [p.left_at for p in spans] == [left]
