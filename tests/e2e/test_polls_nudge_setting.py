"""/setup polls nudge end to end: how long before a poll closes members who have not voted
are reminded (24 hours unless an admin changes it), shown in /setup show."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fakediscord import Driver, FakeDiscord
from fakediscord.results import Result
from fakediscord.standard import StandardGuild
from helpers_polls import (
    create,
    only_poll,
    whole_minute,  # noqa: F401  # an autouse fixture
)

from bot.app import LeapBot
from bot.clock import ManualClock
from bot.services import panel_settings


async def _set(driver: Driver, world: StandardGuild, nudge: str) -> str:
    result = await driver.slash(world.owner, "setup polls", nudge=nudge)
    return result.text


async def _reminded_by(bot: LeapBot, fake: FakeDiscord, clock: ManualClock, when: timedelta) -> int:
    """Move the clock to `when` after the poll was made, fire what is due; count the DMs."""
    result = Result(fake)
    clock.advance(when)
    await bot.timers.run_due()
    await bot.timers.wait_idle()
    return len(result.dms)


async def test_the_new_time_is_saved_and_said(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    said = await _set(driver, world, "2h")
    settings = await panel_settings.get(bot.db, world.guild.id)
    assert (settings.poll_nudge_minutes, "a reminder 2 hours before" in said) == (120, True)


async def test_setup_show_gives_the_poll_reminder_time(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    before = (await driver.slash(world.owner, "setup show")).text
    await _set(driver, world, "2d")
    after = (await driver.slash(world.owner, "setup show")).text
    assert ("24 hours before, or half-way" in before, "2 days before" in after) == (True, True)


async def test_a_poll_made_after_the_change_reminds_at_the_new_time(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await _set(driver, world, "2h")
    await create(driver, world, closes="in 2 days")
    at_24_hours = await _reminded_by(bot, fake, clock, timedelta(days=1, minutes=1))
    at_2_hours = await _reminded_by(bot, fake, clock, timedelta(hours=22))
    assert (at_24_hours, at_2_hours) == (0, 3)  # the fourth member's DMs are closed


async def test_a_poll_shorter_than_twice_the_time_reminds_half_way(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await _set(driver, world, "2h")
    await create(driver, world, closes="in 3 hours")
    early = await _reminded_by(bot, fake, clock, timedelta(hours=1, minutes=29))
    half_way = await _reminded_by(bot, fake, clock, timedelta(minutes=2))
    assert (early, half_way) == (0, 3)


async def test_a_poll_already_open_keeps_its_reminder_time(
    bot: LeapBot, driver: Driver, world: StandardGuild, fake: FakeDiscord, clock: ManualClock
) -> None:
    await create(driver, world, closes="in 2 days")
    await _set(driver, world, "2h")
    assert await _reminded_by(bot, fake, clock, timedelta(days=1, minutes=1)) == 3


async def test_the_poll_creator_is_told_the_new_reminder_time(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await _set(driver, world, "2h")
    r = await create(driver, world, closes="in 2 days")
    poll = await only_poll(bot)
    assert poll.closes_at is not None
    assert f"<t:{int((poll.closes_at - timedelta(hours=2)).timestamp())}:F>" in r.text


@pytest.mark.parametrize("typed", ["soonish", "24h,1h", "15d"])
async def test_a_bad_time_is_refused_and_nothing_is_saved(
    bot: LeapBot, driver: Driver, world: StandardGuild, typed: str
) -> None:
    said = await _set(driver, world, typed)
    settings = await panel_settings.get(bot.db, world.guild.id)
    assert ("for example 24h" in said, settings.poll_nudge_minutes) == (True, 1440)


async def test_a_member_cannot_change_it(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    await driver.slash(world.member, "setup polls", nudge="2h")
    settings = await panel_settings.get(bot.db, world.guild.id)
    assert settings.poll_nudge_minutes == 1440
