"""No half-read input: a time or date the bot cannot use in full is refused, nothing saved."""

from __future__ import annotations

from typing import Any

import pytest
from fakediscord import Driver
from fakediscord.standard import StandardGuild
from helpers_hours import hours_bot
from helpers_sessions import schedule

from bot.app import LeapBot
from storage import sessions as repo


@pytest.fixture
async def bot(leap_settings: Any, start_bot: Any, world: StandardGuild) -> LeapBot:
    return await hours_bot(leap_settings, start_bot, world)


async def _count(bot: LeapBot, table: str) -> int:
    async with bot.db.read() as conn:
        return int(await conn.fetchval(f"SELECT count(*) FROM {table}"))


@pytest.mark.parametrize("when", ["tomorrow 25:00", "tomorrow 12:60", "tomorrow 24:00"])
async def test_schedule_with_an_impossible_clock_time_saves_no_session(
    bot: LeapBot, driver: Driver, world: StandardGuild, when: str
) -> None:
    result = await schedule(driver, world, when=when)
    async with bot.db.read() as conn:
        count = await repo.count(conn, world.guild.id)
    assert (result.ephemeral, "tomorrow 2pm" in result.text, count) == (True, True, 0)


@pytest.mark.parametrize("day", ["-1", "+3", "0/0/2026", "-"])
async def test_a_claim_dated_with_a_bare_number_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild, day: str
) -> None:
    r = await driver.slash(world.member, "hours claim", activity="review", minutes=30, date=day)
    assert (r.ephemeral, "2 March" in r.content, await _count(bot, "hours_entries")) == (
        True,
        True,
        0,
    )


async def test_added_hours_dated_minus_one_are_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    r = await driver.slash(
        world.coordinator,
        "hours add",
        member=world.member,
        minutes=30,
        activity="review",
        note="Correction",
        date="-1",
    )
    assert (r.ephemeral, "2 March" in r.content, await _count(bot, "hours_entries")) == (
        True,
        True,
        0,
    )


async def test_a_rate_from_date_minus_one_is_refused(
    bot: LeapBot, driver: Driver, world: StandardGuild
) -> None:
    before = await _count(bot, "rates")
    r = await driver.slash(
        world.admin, "setup rate", activity="review", pounds_per_hour="15", from_date="-1"
    )
    assert (r.ephemeral, "2 March" in r.content, await _count(bot, "rates")) == (
        True,
        True,
        before,
    )
