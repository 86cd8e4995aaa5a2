"""Small things members notice: times typed as "in 2 hours" land on a whole minute, and
/hours me period:all says "All time" rather than a made-up first day."""

from __future__ import annotations

from fakediscord import Driver
from fakediscord.standard import StandardGuild
from helpers_sessions import only_session, schedule

from bot.app import LeapBot
from bot.clock import ManualClock


async def test_in_2_hours_is_rounded_to_the_minute(
    bot: LeapBot, driver: Driver, world: StandardGuild, clock: ManualClock
) -> None:
    clock.set(clock.now().replace(second=42))
    await schedule(driver, world, when="in 2 hours")
    session = await only_session(bot, world.guild.id)
    assert (session.starts_at.second, session.starts_at > clock.now()) == (0, True)


async def test_hours_me_for_all_time_says_all_time(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(world.member, "hours me", period="all")
    description = r.embeds[0]["description"]
    assert (description, "2000" in r.text) == ("All time", False)
