"""/setup payments daily_cap_hours: the words and the rule agree (0 is refused, none removes)."""

from __future__ import annotations

from typing import Any

import pytest
from fakediscord import Driver
from fakediscord.standard import StandardGuild
from helpers_hours import hours_bot

from bot.app import LeapBot
from storage import guild_settings


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    return await hours_bot(leap_settings, start_bot, world)


async def _cap(bot: LeapBot, world: StandardGuild) -> int | None:
    async with bot.db.read() as conn:
        return (await guild_settings.get(conn, world.guild.id)).daily_cap_minutes


@pytest.mark.parametrize("typed", ["0", "0.0", "0h"])
async def test_a_cap_of_zero_is_refused_and_the_old_cap_stays(
    bot: LeapBot, driver: Driver, world: StandardGuild, typed: str
) -> None:
    await driver.slash(world.admin, "setup payments", daily_cap_hours="6")
    r = await driver.slash(world.admin, "setup payments", daily_cap_hours=typed)
    assert (r.ephemeral, "Write none to remove the cap" in r.content, await _cap(bot, world)) == (
        True,
        True,
        360,
    )


async def test_none_removes_the_cap(bot: LeapBot, driver: Driver, world: StandardGuild) -> None:
    await driver.slash(world.admin, "setup payments", daily_cap_hours="6")
    r = await driver.slash(world.admin, "setup payments", daily_cap_hours="none")
    assert ("no limit" in r.content, await _cap(bot, world)) == (True, None)
