"""Who is not paid for a session: /session end and the auto-end timer follow one rule."""

from __future__ import annotations

from datetime import timedelta

from fakediscord import Driver
from fakediscord.standard import StandardGuild
from helpers_sessions import end, ledger, only_session, schedule, start, voice

from bot.app import LeapBot
from bot.clock import ManualClock
from storage import sessions as repo


async def _everyone_in_voice(driver: Driver, world: StandardGuild) -> None:
    """The owner, an admin, the coordinator and a member are all in the session's channel."""
    for person in (world.owner, world.admin, world.coordinator, world.member):
        await voice(driver, driver.join_voice(person, world.panel_voice))


async def _paid(bot: LeapBot, world: StandardGuild, session_id: int) -> set[int]:
    return {member for member, _, _ in await ledger(bot, world.guild.id, session_id)}


async def test_auto_end_and_session_end_leave_out_the_same_people(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    await _everyone_in_voice(driver, world)
    await schedule(driver, world, title="Ended by hand")
    await start(driver, world)
    clock.advance(timedelta(minutes=30))
    await end(driver, world)
    by_hand = await only_session(bot, world.guild.id)
    await schedule(driver, world, title="Ended by itself")
    await start(driver, world)
    async with bot.db.read() as conn:
        [by_itself] = await repo.live(conn, guild_id=world.guild.id)
    clock.set(by_itself.planned_end + timedelta(minutes=31))
    await bot.timers.run_due()
    await bot.notifier.wait_idle()
    assert (await _paid(bot, world, by_hand.id), await _paid(bot, world, by_itself.id)) == (
        {world.member.id},
        {world.member.id},
    )
