"""A restart in the middle of a live session loses nobody's time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fakediscord import Driver, FakeDiscord
from fakediscord.standard import StandardGuild, build_standard_guild
from helpers_sessions import (
    end,
    launch,
    ledger,
    make_bot,
    only_session,
    presences,
    schedule,
    start,
    voice,
)

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.services import panel_settings


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


async def test_server_joined_while_running_keeps_time_through_a_restart(
    leap_settings: Any,
    start_bot: Any,
    world: StandardGuild,
    fake: FakeDiscord,
    clock: ManualClock,
) -> None:
    """The bot is invited to a server after start-up; a session there still gets heartbeats,
    so a member who leaves while the bot is down keeps the time they were seen."""
    first, _ = await launch(leap_settings, start_bot, clock)
    joined = build_standard_guild(fake)
    payload = joined.guild.to_gateway_dict()
    del payload["unavailable"]  # Discord's GUILD_CREATE for a server the bot just joined
    await fake.gateway.dispatch("GUILD_CREATE", payload)
    there = Driver(fake, joined.guild, joined.general)
    await there.settle()
    await panel_settings.set_roles(
        first.db,
        clock,
        guild_id=joined.guild.id,
        actor_id=joined.owner.id,
        coordinator_role_id=joined.coordinator_role.id,
        member_role_id=joined.member_role.id,
        admin_role_id=joined.admin_role.id,
    )
    await voice(there, there.join_voice(joined.member, joined.panel_voice))
    await schedule(there, joined)
    await start(there, joined)
    began = clock.now()
    clock.advance(timedelta(minutes=40))
    await first.close()
    joined.guild.voice_states.pop(joined.member.id)
    clock.advance(timedelta(minutes=10))
    second, _ = await launch(leap_settings, start_bot, clock)
    await there.settle()
    session = await only_session(second, joined.guild.id)
    spans = await presences(second, session.id, joined.member.id)
    assert [(p.joined_at, p.left_at) for p in spans] == [(began, began + timedelta(minutes=40))]
